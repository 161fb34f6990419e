/**
 * City-wide multi-source shortest paths with a bucket queue (Dial's algorithm with buckets four
 * mean arcs wide, i.e. sequential Δ-stepping): the hot loop of "minutes to the nearest facility".
 *
 * Why not a binary heap: thousands of facilities grow thousands of wavefronts at once, so the
 * heap holds tens of thousands of nodes scattered over the city and every pop sifts through
 * log₂(size) random cache lines. Here a node is processed when its bucket comes up (and again
 * in the uncommon case a short arc improves it within the current bucket), and each bucket is
 * sorted by node number before it is scanned: nodes are numbered along a Hilbert curve, so the
 * scan sweeps through memory in order instead of jumping around the city. Wide buckets mean few,
 * long, well-ordered sweeps; the price is a few percent of nodes processed twice.
 * Integer millimetre labels make the result identical to Dijkstra's (the lexicographic minimum
 * over paths is unique), so incremental updates can use the heap on the same labels.
 * Measured ≈ 2–4× faster than the indexed heap on a 600 k-node city (README).
 */
import { type SearchLabels, UNREACHED } from './dijkstra'
import type { StreetGraph } from './graph'

/** Reusable bucket storage; one per graph and worker. */
export interface BucketQueue {
  lists: Int32Array[]
  counts: Int32Array
  /** Bucket + 1 of a node's live entry, 0 when not queued. */
  queued: Int32Array
  spare: Int32Array
}

/** Bucket width in mean arc lengths (measured: 2–8 are within noise; 4 keeps re-processing low). */
const BUCKET_ARCS = 4

/**
 * Empty bucket storage for a graph of n nodes.
 * @example const queue = createBucketQueue(graph.nodeCount)
 * Contract: ≈ 4 B per node plus the buckets (grown on demand, kept for reuse).
 */
export function createBucketQueue(n: number): BucketQueue {
  return {
    lists: [],
    counts: new Int32Array(0),
    queued: new Int32Array(n),
    spare: new Int32Array(256),
  }
}

export interface SourcePoints {
  /** Snap node of each source (−1 = off the network, skipped). */
  node: Int32Array
  /** Initial distance of each source in millimetres (its snap leg). */
  startMm: Int32Array
  /** 0 = skip this source; null = all active. */
  active: Uint8Array | null
  /** Sources 0 … count − 1 are used; a node's origin is the source index. */
  count: number
}

/**
 * Labels every node with its nearest source: (distance in mm, source index), ties to the lower index.
 * @example searchFromSources(net.reversed, labels, queue, facilitiesAsSources, 1_000_000)
 * Contract: labels all-unreached on entry (this function does not clear them); cutoffMm integer
 * ≤ MAX_DISTANCE_MM, no label beyond it is set; on return every node holds the lexicographic
 * minimum over paths from the sources — the same labels a Dijkstra run gives. Allocation-free
 * once the buckets have grown to the graph's needs.
 */
export function searchFromSources(graph: StreetGraph, labels: SearchLabels, queue: BucketQueue, sources: SourcePoints, cutoffMm: number): void {
  const dist = labels.dist
  const origin = labels.origin
  const delta = Math.max(1000, Math.round(BUCKET_ARCS * graph.meanArcMm))
  let minStart = UNREACHED
  let maxStart = 0
  for (let j = 0; j < sources.count; j++) {
    if ((sources.active !== null && sources.active[j] === 0) || sources.node[j] < 0) continue
    const d = sources.startMm[j]
    if (d > cutoffMm) continue
    if (d < minStart) minStart = d
    if (d > maxStart) maxStart = d
  }
  if (minStart === UNREACHED) return
  // Live entries span at most one arc (or the seeds' spread) beyond the current bucket.
  const span = Math.max(graph.maxArcMm, maxStart - minStart)
  const bucketCount = Math.floor(span / delta) + 3
  ensureBuckets(queue, bucketCount)
  const { counts, queued, lists } = queue
  let pending = 0
  // Seed in node (Hilbert) order: later buckets inherit that order, which keeps scans local.
  for (const j of sourcesByNode(sources)) {
    const u = sources.node[j]
    const d = sources.startMm[j]
    if (d > cutoffMm) continue
    if (d < dist[u] || (d === dist[u] && j < origin[u])) {
      dist[u] = d
      origin[u] = j
      pending += enqueue(queue, u, Math.floor(d / delta), bucketCount)
    }
  }

  const arcStart = graph.arcStart
  const arcTarget = graph.arcTarget
  const arcLengthMm = graph.arcLengthMm
  let current = Math.floor(minStart / delta)
  while (pending > 0) {
    const s = current % bucketCount
    while (counts[s] > 0) {
      // Swap the bucket out so entries added to it meanwhile land in a fresh list.
      const list = lists[s]
      const count = counts[s]
      lists[s] = queue.spare
      counts[s] = 0
      pending -= count
      if (count > 1) list.subarray(0, count).sort()
      for (let k = 0; k < count; k++) {
        const u = list[k]
        if (queued[u] !== current + 1) continue // stale: improved into a lower bucket, or a repeated seed
        queued[u] = 0
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
            const b = Math.floor(dv / delta)
            if (queued[v] !== b + 1) {
              queued[v] = b + 1
              const t = b % bucketCount
              const target = lists[t]
              if (counts[t] < target.length) target[counts[t]++] = v
              else pending += enqueue(queue, v, b, bucketCount) - 1
              pending++
            }
          }
        }
      }
      queue.spare = list
    }
    current++
  }
}

/** Appends v to bucket b (growing the list if full); returns 1 (entries added). */
function enqueue(queue: BucketQueue, v: number, b: number, bucketCount: number): number {
  queue.queued[v] = b + 1
  const s = b % bucketCount
  let list = queue.lists[s]
  if (queue.counts[s] === list.length) {
    const grown = new Int32Array(list.length * 2)
    grown.set(list)
    queue.lists[s] = list = grown
  }
  list[queue.counts[s]++] = v
  return 1
}

function sourcesByNode(sources: SourcePoints): Int32Array {
  const keys: number[] = []
  for (let j = 0; j < sources.count; j++) {
    if ((sources.active !== null && sources.active[j] === 0) || sources.node[j] < 0) continue
    keys.push(sources.node[j] * 2 ** 24 + j)
  }
  const packed = Float64Array.from(keys).sort()
  return Int32Array.from(packed, (k) => k % 2 ** 24)
}

function ensureBuckets(queue: BucketQueue, bucketCount: number): void {
  if (queue.lists.length >= bucketCount) return
  const counts = new Int32Array(bucketCount)
  counts.set(queue.counts)
  queue.counts = counts
  while (queue.lists.length < bucketCount) queue.lists.push(new Int32Array(64))
}
