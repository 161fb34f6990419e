/**
 * Exact suggested clusters for small instances: dynamic programming over subsets. Every connected
 * set of units within the population bounds is a possible cluster (cost = its best hub's
 * Σ population × minutes); a partition is built by covering the lowest uncovered unit with one
 * such set at a time, so each partition is reached exactly once. With a count the state also
 * carries the number of clusters; without one the value is lexicographic (most clusters, then
 * least cost), which is optimal for max-p because both parts add up over clusters.
 */
import { bestHub, type ClusterProblem, type ClusterSolution } from './cluster-problem'

/** Largest instance the exact method accepts (2^n states). */
export const EXACT_MAX_UNITS = 20

/**
 * Optimal clusters, or null when no partition satisfies the constraints.
 * @example exactClusters(lineOf4) // { cluster: [0,0,1,1], hubs: [0,2], objective: 20, feasible: true } (see the tests)
 * Contract: n ≤ EXACT_MAX_UNITS; the result is contiguous, within the bounds, has `count`
 * clusters when given, and no feasible partition has a lower objective (or, without a count,
 * more clusters). Ties: the first partition found in subset order.
 */
export function exactClusters(p: ClusterProblem): ClusterSolution | null {
  const n = p.population.length
  if (n > EXACT_MAX_UNITS) throw new Error(`exact clusters: ${n} units, at most ${EXACT_MAX_UNITS}`)
  if (n === 0) return null
  const lo = p.minPopulation ?? 0
  const hi = p.maxPopulation ?? Infinity
  const blocks = connectedBlocks(p, hi)
  // Block cost per lowest member, feasible by population only.
  const byLowest: { mask: number; cost: number; hub: number }[][] = Array.from({ length: n }, () => [])
  for (const mask of blocks) {
    let pop = 0
    const members: number[] = []
    for (let u = 0; u < n; u++) if (mask & (1 << u)) { pop += p.population[u]; members.push(u) }
    if (pop < lo || pop > hi) continue
    const h = bestHub(p, members)
    if (h.hub < 0 || !Number.isFinite(h.cost)) continue
    byLowest[members[0]].push({ mask, cost: h.cost, hub: h.hub })
  }
  const full = (1 << n) - 1
  const size = full + 1
  const fixed = p.count
  const layers = fixed === undefined ? 1 : fixed + 1
  // cost[layer * size + mask]: least cost to cover `mask` (layer = clusters used, or 0 for max-p).
  const cost = new Float64Array(layers * size).fill(Infinity)
  const clusters = new Int32Array(size).fill(-1) // max-p: clusters used at the best value
  const from = new Int32Array(layers * size).fill(-1) // block index chosen last
  const blockList: { mask: number; cost: number; hub: number }[] = []
  const blockIndex = new Map<number, number>()
  for (const list of byLowest) for (const b of list) { blockIndex.set(b.mask, blockList.length); blockList.push(b) }
  cost[0] = 0
  clusters[0] = 0
  const better = (c1: number, k1: number, c0: number, k0: number) => k1 > k0 || (k1 === k0 && c1 < c0)
  for (let covered = 0; covered < full; covered++) {
    // lowest uncovered unit
    let low = 0
    while (covered & (1 << low)) low++
    for (let layer = 0; layer < layers; layer++) {
      const here = cost[layer * size + covered]
      if (here === Infinity) continue
      if (fixed !== undefined && layer === fixed) continue
      for (const b of byLowest[low]) {
        if (b.mask & covered) continue
        const next = covered | b.mask
        const c = here + b.cost
        if (fixed === undefined) {
          const k = clusters[covered] + 1
          if (cost[next] === Infinity || better(c, k, cost[next], clusters[next])) {
            cost[next] = c
            clusters[next] = k
            from[next] = blockIndex.get(b.mask)!
          }
        } else {
          const at = (layer + 1) * size + next
          if (c < cost[at]) {
            cost[at] = c
            from[at] = blockIndex.get(b.mask)!
          }
        }
      }
    }
  }
  const endLayer = fixed ?? 0
  if (cost[endLayer * size + full] === Infinity) return null
  const cluster = new Int32Array(n)
  const hubs: number[] = []
  let mask = full
  let layer = endLayer
  while (mask) {
    const b = blockList[from[layer * size + mask]]
    for (let u = 0; u < n; u++) if (b.mask & (1 << u)) cluster[u] = hubs.length
    hubs.push(b.hub)
    mask &= ~b.mask
    if (fixed !== undefined) layer--
  }
  // Number clusters in order of their lowest unit.
  const order = hubs.map((_, c) => c).sort((a, b) => cluster.indexOf(a) - cluster.indexOf(b))
  const rank = new Int32Array(hubs.length)
  order.forEach((c, r) => (rank[c] = r))
  return {
    cluster: cluster.map((c) => rank[c]),
    hubs: Int32Array.from(order, (c) => hubs[c]),
    objective: cost[endLayer * size + full],
    feasible: true,
  }
}

/** Every connected set of units (as a bitmask) whose population does not exceed `hi`. */
function connectedBlocks(p: ClusterProblem, hi: number): number[] {
  const n = p.population.length
  const seen = new Set<number>()
  const out: number[] = []
  for (let s = 0; s < n; s++) {
    if (p.population[s] > hi) continue
    const stack: [number, number][] = [[1 << s, p.population[s]]]
    seen.add(1 << s)
    while (stack.length) {
      const [mask, pop] = stack.pop()!
      out.push(mask)
      for (let u = s; u < n; u++) {
        if (!(mask & (1 << u))) continue
        for (let k = p.adjacency.start[u]; k < p.adjacency.start[u + 1]; k++) {
          const v = p.adjacency.item[k]
          // only units above the seed: each set is grown from its lowest unit
          if (v <= s || mask & (1 << v)) continue
          const next = mask | (1 << v)
          const np = pop + p.population[v]
          if (np > hi || seen.has(next)) continue
          seen.add(next)
          stack.push([next, np])
        }
      }
    }
  }
  return out
}
