/**
 * The street graph: street segments from the importer → a compressed sparse row (CSR) graph per
 * travel mode, nodes renumbered along a Hilbert curve for cache locality.
 *
 * Arc lengths are integer millimetres: sums of integers are exact, so a shortest distance does
 * not depend on the order in which a search adds up its arcs, and a bounded re-search after a
 * what-if change reproduces a full search bit for bit (see dijkstra.ts). 1 mm is far below any
 * meaningful precision; Int32 limits one arc to 2,147 km.
 *
 * Memory per arc: target (Int32, 4 B) + length (Int32, 4 B) = 8 B, plus per node 2 × Float64
 * coordinates and one Int32 offset (20 B). A street grid has ~2 arcs per node per direction, so
 * a walking network costs ≈ 13 B per arc (see `graphBytes`); directed networks also keep the
 * reversed graph (searches towards facilities need it).
 */
import { hilbertOrder } from './hilbert'
import { type PointGrid, buildPointGrid } from './point-grid'
import { type ModeSpeeds, segmentCost } from './road-speeds'
import { type SegmentGrid, type StreetEdges, buildSegmentGrid, createEdgeBuilder, finishEdges, pushEdge, segmentIndexBytes } from './segment-index'
import type { StreetSegment } from './street-segment'
import { BACKWARD, FORWARD, type StreetProfile, segmentDirections } from './street-profile'
import { createDisjointSets, findSet, unionSets } from './union-find'

export interface StreetGraph {
  nodeCount: number
  arcCount: number
  /** Node coordinates, WGS84 degrees, indexed by graph node. */
  nodeLng: Float64Array
  nodeLat: Float64Array
  /** CSR offsets: the arcs leaving node u are arcStart[u] … arcStart[u + 1] − 1. Length nodeCount + 1. */
  arcStart: Int32Array
  /** Head node of each arc. */
  arcTarget: Int32Array
  /**
   * Cost of each arc in cost units, ≥ 0: whole millimetres at the mode's nominal speed (the
   * segment's geodesic length for a uniform-speed mode such as walking; road-speeds.ts).
   */
  arcLengthMm: Int32Array
  /** Longest and mean arc length in millimetres (sizing of bucket queues). */
  maxArcMm: number
  meanArcMm: number
}

export interface StreetNetwork {
  /** Profile code (`walk`, `bike`, `car`). */
  profile: string
  /** Arcs in the direction of travel: searches *from* a point (isochrones). */
  graph: StreetGraph
  /** Arcs reversed: searches from facilities give times *to* them. The same object as `graph` when no arc is one-way. */
  reversed: StreetGraph
  /** Input node key of each graph node (keys may exceed 2^31, so Float64). */
  nodeKey: Float64Array
  /** Input keys ascending, and the graph node of each: binary search maps key → node. */
  sortedKeys: Float64Array
  sortedKeyNode: Int32Array
  /** Grid index over the nodes (nearest junction; snapping uses `segmentGrid`). */
  nodeGrid: PointGrid
  /** Every open segment as an edge: end nodes, cost, directions and shape points (segment-index.ts). */
  edges: StreetEdges
  /** Uniform grid over the edges' polyline pieces: what points snap onto. */
  segmentGrid: SegmentGrid
  /** Segments turned into arcs, closed to the mode, or dropped (broken, self-loops, pruned islands). */
  stats: { segmentsUsed: number; segmentsClosed: number; segmentsInvalid: number; segmentsPruned: number; nodesPruned: number }
}

/** Longest arc representable (Int32 millimetres, ≈ 2,147 km). */
const MAX_ARC_MM = 0x7fffffff

export interface BuildNetworkOptions {
  /**
   * Connected components with fewer nodes are dropped (the largest always stays), so points do not
   * snap onto a stray fragment of footway and come out "unreachable". Default 40, as in R5/OTP;
   * 0 keeps everything.
   */
  minComponentNodes?: number
  /** Bucket size of the node grid in metres. Default 250. */
  gridCellM?: number
  /**
   * Road-class speeds of the mode (catalogue `roads`): arc costs become millimetres at the
   * mode's nominal speed and barred classes are closed (road-speeds.ts). Default: every open
   * segment costs its length in millimetres.
   */
  speeds?: ModeSpeeds
}

/**
 * Builds the street network of one travel mode from imported segments.
 * @example
 * const net = buildStreetNetwork(segments, WALK_PROFILE)
 * net.graph.arcCount // 2 × the walkable segments
 * Contract: segments as produced by the importer (`lengthM` metres, coords [lng, lat] from source
 * to target); nodes without an open segment are not in the graph; every arc costs its segment's
 * lengthM in whole millimetres (or `segmentCost` with `speeds`; a barred class is closed); every
 * open segment is one edge with its shape points; node order is a Hilbert order of the
 * coordinates; deterministic.
 */
export function buildStreetNetwork(
  segments: readonly StreetSegment[],
  profile: StreetProfile,
  options: BuildNetworkOptions = {},
): StreetNetwork {
  const minComponentNodes = options.minComponentNodes ?? 40
  const segmentCount = segments.length
  const directions = new Uint8Array(segmentCount)
  const segCost = new Int32Array(segmentCount)
  const speeds = options.speeds
  let segmentsClosed = 0
  let segmentsInvalid = 0
  let open = 0
  for (let s = 0; s < segmentCount; s++) {
    const seg = segments[s]
    if (!(seg.lengthM >= 0 && seg.lengthM < Infinity) || seg.coords.length < 1 || seg.source === seg.target) {
      segmentsInvalid++
      continue
    }
    let dir = segmentDirections(seg.tags, profile)
    const cost = speeds ? segmentCost(seg.lengthM, seg.tags, speeds) : Math.min(MAX_ARC_MM, Math.round(seg.lengthM * 1000))
    if (cost < 0) dir = 0
    segCost[s] = cost
    if (dir === 0) segmentsClosed++
    else open++
    directions[s] = dir
  }

  // Unique node keys by sorting; endpoints become indices into the sorted key list.
  const allKeys = new Float64Array(2 * open)
  for (let s = 0, k = 0; s < segmentCount; s++) {
    if (directions[s] === 0) continue
    allKeys[k++] = segments[s].source
    allKeys[k++] = segments[s].target
  }
  allKeys.sort()
  let keyCount = 0
  for (let i = 0; i < allKeys.length; i++) if (i === 0 || allKeys[i] !== allKeys[i - 1]) allKeys[keyCount++] = allKeys[i]
  const keys = allKeys.slice(0, keyCount)
  const segSource = new Int32Array(segmentCount).fill(-1)
  const segTarget = new Int32Array(segmentCount).fill(-1)
  const keyLng = new Float64Array(keyCount)
  const keyLat = new Float64Array(keyCount)
  const sets = createDisjointSets(keyCount)
  for (let s = 0; s < segmentCount; s++) {
    if (directions[s] === 0) continue
    const seg = segments[s]
    const a = searchSorted(keys, seg.source)
    const b = searchSorted(keys, seg.target)
    segSource[s] = a
    segTarget[s] = b
    const first = seg.coords[0]
    const last = seg.coords[seg.coords.length - 1]
    keyLng[a] = first[0]
    keyLat[a] = first[1]
    keyLng[b] = last[0]
    keyLat[b] = last[1]
    unionSets(sets, a, b)
  }

  // Drop small islands, never the largest component.
  let largestRoot = -1
  for (let k = 0; k < keyCount; k++) {
    if (sets.parent[k] === k && (largestRoot < 0 || sets.size[k] > sets.size[largestRoot])) largestRoot = k
  }
  const keep = new Uint8Array(keyCount)
  let kept = 0
  for (let k = 0; k < keyCount; k++) {
    const root = findSet(sets, k)
    if (root === largestRoot || sets.size[root] >= minComponentNodes) {
      keep[k] = 1
      kept++
    }
  }
  const keptKeys = new Float64Array(kept)
  const keptLng = new Float64Array(kept)
  const keptLat = new Float64Array(kept)
  const keyToKept = new Int32Array(keyCount).fill(-1)
  for (let k = 0, j = 0; k < keyCount; k++) {
    if (!keep[k]) continue
    keyToKept[k] = j
    keptKeys[j] = keys[k]
    keptLng[j] = keyLng[k]
    keptLat[j] = keyLat[k]
    j++
  }

  // Hilbert renumbering: order[g] = kept index placed at graph node g.
  const order = hilbertOrder(keptLng, keptLat)
  const nodeOfKept = new Int32Array(kept)
  for (let g = 0; g < kept; g++) nodeOfKept[order[g]] = g
  const nodeLng = new Float64Array(kept)
  const nodeLat = new Float64Array(kept)
  const nodeKey = new Float64Array(kept)
  for (let g = 0; g < kept; g++) {
    nodeLng[g] = keptLng[order[g]]
    nodeLat[g] = keptLat[order[g]]
    nodeKey[g] = keptKeys[order[g]]
  }

  // Arc lists in CSR: count, prefix-sum, fill.
  const arcStart = new Int32Array(kept + 1)
  let segmentsUsed = 0
  let segmentsPruned = 0
  let oneWay = false
  for (let s = 0; s < segmentCount; s++) {
    const dir = directions[s]
    if (dir === 0) continue
    const a = keyToKept[segSource[s]]
    if (a < 0) {
      segmentsPruned++
      directions[s] = 0
      continue
    }
    const u = nodeOfKept[a]
    const v = nodeOfKept[keyToKept[segTarget[s]]]
    segSource[s] = u
    segTarget[s] = v
    segmentsUsed++
    if (dir !== (FORWARD | BACKWARD)) oneWay = true
    if (dir & FORWARD) arcStart[u + 1]++
    if (dir & BACKWARD) arcStart[v + 1]++
  }
  for (let g = 0; g < kept; g++) arcStart[g + 1] += arcStart[g]
  const arcCount = arcStart[kept]
  const arcTarget = new Int32Array(arcCount)
  const arcLengthMm = new Int32Array(arcCount)
  const fill = arcStart.slice(0, kept)
  let maxArcMm = 0
  let sumArcMm = 0
  const edges = createEdgeBuilder(segmentsUsed)
  for (let s = 0; s < segmentCount; s++) {
    const dir = directions[s]
    if (dir === 0) continue
    const u = segSource[s]
    const v = segTarget[s]
    const mm = segCost[s]
    pushEdge(edges, u, v, mm, dir, segments[s].coords, nodeLng, nodeLat)
    if (mm > maxArcMm) maxArcMm = mm
    if (dir & FORWARD) {
      arcTarget[fill[u]] = v
      arcLengthMm[fill[u]++] = mm
      sumArcMm += mm
    }
    if (dir & BACKWARD) {
      arcTarget[fill[v]] = u
      arcLengthMm[fill[v]++] = mm
      sumArcMm += mm
    }
  }
  const meanArcMm = arcCount > 0 ? sumArcMm / arcCount : 0
  const graph: StreetGraph = { nodeCount: kept, arcCount, nodeLng, nodeLat, arcStart, arcTarget, arcLengthMm, maxArcMm, meanArcMm }
  const sortedKeyNode = new Int32Array(kept)
  for (let j = 0; j < kept; j++) sortedKeyNode[j] = nodeOfKept[j]
  const streetEdges = finishEdges(edges)
  return {
    profile: profile.code,
    graph,
    reversed: oneWay ? reverseGraph(graph) : graph,
    nodeKey,
    sortedKeys: keptKeys,
    sortedKeyNode,
    nodeGrid: buildPointGrid(nodeLng, nodeLat, { cellSizeM: options.gridCellM ?? 250 }),
    edges: streetEdges,
    segmentGrid: buildSegmentGrid(streetEdges),
    stats: { segmentsUsed, segmentsClosed, segmentsInvalid, segmentsPruned, nodesPruned: keyCount - kept },
  }
}

/**
 * The same graph with every arc reversed (same nodes, shared coordinate arrays).
 * @example reverseGraph(g).arcCount === g.arcCount // true
 * Contract: arc u→v of length L becomes v→u of length L; reversing twice gives the same arc set.
 */
export function reverseGraph(graph: StreetGraph): StreetGraph {
  const n = graph.nodeCount
  const arcStart = new Int32Array(n + 1)
  for (let a = 0; a < graph.arcCount; a++) arcStart[graph.arcTarget[a] + 1]++
  for (let u = 0; u < n; u++) arcStart[u + 1] += arcStart[u]
  const fill = arcStart.slice(0, n)
  const arcTarget = new Int32Array(graph.arcCount)
  const arcLengthMm = new Int32Array(graph.arcCount)
  for (let u = 0; u < n; u++) {
    for (let a = graph.arcStart[u]; a < graph.arcStart[u + 1]; a++) {
      const v = graph.arcTarget[a]
      arcTarget[fill[v]] = u
      arcLengthMm[fill[v]++] = graph.arcLengthMm[a]
    }
  }
  return { ...graph, arcStart, arcTarget, arcLengthMm }
}

/**
 * Graph node of an input node key, or −1 when the key is not in the network.
 * @example nodeOfKey(net, 1234567890123) // 42
 * Contract: O(log n); inverse of `network.nodeKey`.
 */
export function nodeOfKey(network: StreetNetwork, key: number): number {
  const k = searchSorted(network.sortedKeys, key)
  return k >= 0 ? network.sortedKeyNode[k] : -1
}

/**
 * Bytes held by the network's graph arrays (both directions when they differ), and per arc.
 * @example graphBytes(net).bytesPerArc // ≈ 13 for a walking grid
 * Contract: counts coordinates, offsets, targets, lengths; excludes the key map (`keyMapBytes`)
 * and the edges with their shapes and segment grid (`segmentBytes`, and per open segment).
 */
export function graphBytes(network: StreetNetwork): { bytes: number; bytesPerArc: number; keyMapBytes: number; segmentBytes: number; bytesPerSegment: number } {
  const g = network.graph
  let bytes = g.nodeLng.byteLength + g.nodeLat.byteLength + g.arcStart.byteLength + g.arcTarget.byteLength + g.arcLengthMm.byteLength
  let arcs = g.arcCount
  if (network.reversed !== g) {
    const r = network.reversed
    bytes += r.arcStart.byteLength + r.arcTarget.byteLength + r.arcLengthMm.byteLength
    arcs += r.arcCount
  }
  const keyMapBytes = network.nodeKey.byteLength + network.sortedKeys.byteLength + network.sortedKeyNode.byteLength
  const segmentBytes = segmentIndexBytes(network.edges, network.segmentGrid)
  const segs = network.edges.count
  return { bytes, bytesPerArc: arcs > 0 ? bytes / arcs : 0, keyMapBytes, segmentBytes, bytesPerSegment: segs > 0 ? segmentBytes / segs : 0 }
}

/** Index of `key` in ascending `keys`, or −1. */
function searchSorted(keys: Float64Array, key: number): number {
  let lo = 0
  let hi = keys.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = keys[mid]
    if (v < key) lo = mid + 1
    else if (v > key) hi = mid - 1
    else return mid
  }
  return -1
}
