/**
 * Label-setting shortest paths over a CSR street graph, shared by the local searches of the
 * engine: bounded single-source runs (catchments, isochrones, siting) and incremental what-if
 * updates, which run on the labels of a city-wide field (bucket-search.ts computes those).
 *
 * A label is (distance in integer millimetres, origin = facility or seed index), compared
 * lexicographically: equal distances go to the lower origin. Integer sums are exact, so the
 * labels any correct search reaches are the unique lexicographic minimum over all paths —
 * whatever the algorithm or exploration order. That is why a bounded re-search after a change
 * reproduces a full recomputation bit for bit. A node improved after it was popped (possible
 * only through zero-length arcs) is simply queued again.
 */
import type { StreetGraph } from './graph'
import { type IndexedHeap, createIndexedHeap, heapPop, heapPush } from './heap'

/** Distance label of a node no search has reached. */
export const UNREACHED = 0x7fffffff
/** Largest finite distance label: ≈ 2,147 km. */
export { MAX_DISTANCE_MM } from './geo'

export interface SearchLabels {
  /** Millimetres from the nearest origin (including its snap leg); UNREACHED = not reached. */
  dist: Int32Array
  /** Origin of that distance (facility or seed index); −1 = not reached. */
  origin: Int32Array
}

/** Nodes whose label changed during a search, without duplicates (epoch-stamped). */
export interface TouchedNodes {
  list: Int32Array
  count: number
  stamp: Int32Array
  epoch: number
}

/** Everything a search needs besides the graph; allocate once per graph and reuse. */
export interface SearchScratch {
  heap: IndexedHeap
  /** Labels for bounded searches; kept all-unreached between searches. */
  labels: SearchLabels
  touched: TouchedNodes
}

/**
 * Fresh labels for n nodes, all unreached.
 * @example createLabels(2).dist // Int32Array [UNREACHED, UNREACHED]
 * Contract: n ≥ 0; 8 B per node.
 */
export function createLabels(n: number): SearchLabels {
  return { dist: new Int32Array(n).fill(UNREACHED), origin: new Int32Array(n).fill(-1) }
}

/**
 * Scratch buffers for searches on graphs of up to n nodes.
 * @example const scratch = createSearchScratch(graph.nodeCount)
 * Contract: ≈ 28 B per node; not shared between concurrent searches.
 */
export function createSearchScratch(n: number): SearchScratch {
  return {
    heap: createIndexedHeap(n),
    labels: createLabels(n),
    touched: { list: new Int32Array(n), count: 0, stamp: new Int32Array(n), epoch: 1 },
  }
}

/**
 * Starts a new, empty touched set (O(1)).
 * @example beginTouched(scratch.touched)
 * Contract: afterwards touched.count = 0 and no node is marked.
 */
export function beginTouched(touched: TouchedNodes): void {
  touched.count = 0
  touched.epoch++
  if (touched.epoch === 0x7fffffff) {
    touched.stamp.fill(0)
    touched.epoch = 1
  }
}

function markTouched(touched: TouchedNodes, v: number): void {
  if (touched.stamp[v] !== touched.epoch) {
    touched.stamp[v] = touched.epoch
    touched.list[touched.count++] = v
  }
}

/**
 * Offers node v the label (distMm, origin); takes it and queues v when lexicographically lower.
 * @example seedNode(labels, scratch.heap, node, legMm, facilityIndex, null)
 * Contract: distMm integer in [0, MAX_DISTANCE_MM]; returns true when the label changed.
 */
export function seedNode(
  labels: SearchLabels, heap: IndexedHeap, v: number, distMm: number, origin: number, touched: TouchedNodes | null,
): boolean {
  const cur = labels.dist[v]
  if (distMm < cur || (distMm === cur && origin < labels.origin[v])) {
    labels.dist[v] = distMm
    labels.origin[v] = origin
    heapPush(heap, v, distMm)
    if (touched !== null) markTouched(touched, v)
    return true
  }
  return false
}

/**
 * Runs Dijkstra from whatever is queued until the heap is empty.
 * @example seedNode(labels, heap, s, 0, 0, null); settle(graph, labels, heap, 1_000_000, null)
 * Contract: cutoffMm integer ≤ MAX_DISTANCE_MM; no label beyond cutoffMm is set; afterwards every
 * node holds the lexicographic minimum (dist, origin) over paths from the queued labels and the
 * labels already present; improved nodes are added to `touched`. Allocation-free.
 */
export function settle(
  graph: StreetGraph, labels: SearchLabels, heap: IndexedHeap, cutoffMm: number, touched: TouchedNodes | null,
): void {
  const arcStart = graph.arcStart
  const arcTarget = graph.arcTarget
  const arcLengthMm = graph.arcLengthMm
  const dist = labels.dist
  const origin = labels.origin
  while (heap.size > 0) {
    const u = heapPop(heap)
    const du = dist[u]
    const ou = origin[u]
    const end = arcStart[u + 1]
    for (let a = arcStart[u]; a < end; a++) {
      const dv = du + arcLengthMm[a]
      if (dv > cutoffMm) continue
      const v = arcTarget[a]
      const cur = dist[v]
      if (dv < cur || (dv === cur && ou < origin[v])) {
        dist[v] = dv
        origin[v] = ou
        heapPush(heap, v, dv)
        if (touched !== null) markTouched(touched, v)
      }
    }
  }
}

/**
 * Puts the touched nodes of the scratch labels back to unreached (after a bounded search).
 * @example resetTouchedLabels(scratch)
 * Contract: O(touched); afterwards scratch.labels is all-unreached again.
 */
export function resetTouchedLabels(scratch: SearchScratch): void {
  const { list, count } = scratch.touched
  const { dist, origin } = scratch.labels
  for (let k = 0; k < count; k++) {
    dist[list[k]] = UNREACHED
    origin[list[k]] = -1
  }
  beginTouched(scratch.touched)
}

/**
 * Bounded single-source search on the scratch labels: seeds one point's node (and the second
 * end of its segment, node2 ≥ 0) and settles to cutoffMm. The reached nodes are
 * `scratch.touched.list[0 … count−1]` with distances in `scratch.labels.dist`; call
 * `resetTouchedLabels` when done reading.
 * @example boundedSearch(graph, scratch, node, legMm, 1_000_000)
 * Contract: startMm ≥ 0 (the snap leg and along-edge part); only nodes with dist ≤ cutoffMm are reached.
 */
export function boundedSearch(
  graph: StreetGraph, scratch: SearchScratch, node: number, startMm: number, cutoffMm: number, node2 = -1, start2Mm = 0,
): void {
  beginTouched(scratch.touched)
  if (startMm <= cutoffMm) seedNode(scratch.labels, scratch.heap, node, startMm, 0, scratch.touched)
  if (node2 >= 0 && start2Mm <= cutoffMm) seedNode(scratch.labels, scratch.heap, node2, start2Mm, 0, scratch.touched)
  settle(graph, scratch.labels, scratch.heap, cutoffMm, scratch.touched)
}
