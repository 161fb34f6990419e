/**
 * Suggested clusters (片区组团, issue 11): the problem both solvers share. Units (villages or
 * townships) are grouped into contiguous clusters, each with a hub unit; a member's cost is its
 * population × minutes to its cluster's hub. Minimise Σ cost subject to population bounds per
 * cluster and either a given number of clusters or, without one, as many clusters as the bounds
 * allow (max-p, Duque, Anselin & Rey 2012), then the least cost among those.
 */

/** Symmetric adjacency in CSR form: the neighbours of unit u are item[start[u]] … item[start[u + 1] − 1]. */
export interface Adjacency {
  start: Int32Array
  item: Int32Array
}

export interface ClusterProblem {
  /** Persons per unit (≥ 0). */
  population: Float64Array
  /** Row-major n × n: minutes from unit i to hub unit h at `i * n + h` (Infinity = unreachable). */
  minutes: Float64Array
  adjacency: Adjacency
  /** 1 where the unit may be a hub (default: every unit). */
  hubCandidate?: Uint8Array | null
  /** Persons per cluster, inclusive (defaults 0 and Infinity). */
  minPopulation?: number
  maxPopulation?: number
  /** Exactly this many clusters; undefined = as many as the bounds allow. */
  count?: number
}

export interface ClusterSolution {
  /** Unit → cluster index (0 … count − 1). */
  cluster: Int32Array
  /** Cluster → its hub unit. */
  hubs: Int32Array
  /** Σ population × minutes to the hub over all units. */
  objective: number
  /** True when every cluster is contiguous and within the population bounds (and the count matches). */
  feasible: boolean
}

/** Builds a CSR adjacency from undirected pairs (duplicates and self-pairs ignored). */
export function adjacencyFromPairs(n: number, pairs: readonly (readonly [number, number])[]): Adjacency {
  const sets = Array.from({ length: n }, () => new Set<number>())
  for (const [a, b] of pairs) {
    if (a === b) continue
    sets[a].add(b)
    sets[b].add(a)
  }
  const start = new Int32Array(n + 1)
  for (let u = 0; u < n; u++) start[u + 1] = start[u] + sets[u].size
  const item = new Int32Array(start[n])
  for (let u = 0; u < n; u++) item.set([...sets[u]].sort((x, y) => x - y), start[u])
  return { start, item }
}

/**
 * Best hub of a set of units: the candidate minimising Σ population × minutes to it (ties to the
 * lower unit index), with that cost and the runner-up's (Infinity without one).
 * @example bestHub(p, [0, 1, 2]) // { hub: 1, cost: 20, runnerUp: 30 } on a line with 10 min steps, 1 person each
 * Contract: members non-empty; cost ≥ 0; Infinity when no candidate reaches every member.
 */
export function bestHub(p: ClusterProblem, members: ArrayLike<number>): { hub: number; cost: number; runnerUp: number } {
  const n = p.population.length
  let hub = -1
  let cost = Infinity
  let runnerUp = Infinity
  for (let a = 0; a < members.length; a++) {
    const h = members[a]
    if (p.hubCandidate && !p.hubCandidate[h]) continue
    let c = 0
    for (let b = 0; b < members.length; b++) {
      const i = members[b]
      const w = p.population[i]
      if (w > 0) c += w * p.minutes[i * n + h]
    }
    if (c < cost || (c === cost && h < hub)) {
      runnerUp = cost
      cost = c
      hub = h
    } else if (c < runnerUp) runnerUp = c
  }
  return { hub, cost, runnerUp }
}

/** True when `members` induce a connected subgraph of the adjacency (an empty set is not). */
export function isContiguous(adj: Adjacency, members: ArrayLike<number>, inSet?: (u: number) => boolean): boolean {
  if (members.length === 0) return false
  const set = inSet ?? ((u: number) => Array.prototype.includes.call(members, u))
  const seen = new Set<number>([members[0]])
  const stack = [members[0]]
  while (stack.length) {
    const u = stack.pop()!
    for (let k = adj.start[u]; k < adj.start[u + 1]; k++) {
      const v = adj.item[k]
      if (!seen.has(v) && set(v)) {
        seen.add(v)
        stack.push(v)
      }
    }
  }
  return seen.size === members.length
}

/**
 * Evaluates a unit → cluster assignment: best hub per cluster, objective, feasibility.
 * Contract: cluster indices 0 … k − 1, every index used; returns hubs of those clusters.
 */
export function evaluateAssignment(p: ClusterProblem, cluster: Int32Array): ClusterSolution {
  const k = cluster.reduce((m, c) => Math.max(m, c + 1), 0)
  const groups: number[][] = Array.from({ length: k }, () => [])
  cluster.forEach((c, u) => groups[c].push(u))
  const hubs = new Int32Array(k)
  let objective = 0
  let feasible = p.count === undefined || p.count === k
  const lo = p.minPopulation ?? 0
  const hi = p.maxPopulation ?? Infinity
  groups.forEach((g, c) => {
    const best = bestHub(p, g)
    hubs[c] = best.hub
    objective += best.cost
    const pop = g.reduce((s, u) => s + p.population[u], 0)
    const inG = new Set(g)
    if (g.length === 0 || pop < lo || pop > hi || !isContiguous(p.adjacency, g, (u) => inG.has(u))) feasible = false
  })
  return { cluster, hubs, objective, feasible }
}
