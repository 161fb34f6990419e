/**
 * Suggested clusters for real sizes (Cixi: 406 villages/communities): construction, then local
 * search on boundary units, then iterated perturbation. In the spirit of max-p heuristics (Wei,
 * Rey & Knaap 2020: grow regions to the floor, assign enclaves, improve by moving boundary units)
 * and of p-median location–allocation (greedy hubs, members to their nearest hub).
 *
 * 1. Number of clusters: the given count, or the most regions any of several randomised growths
 *    reaches with every region ≥ the floor and ≤ the ceiling (max-p construction).
 * 2. Hubs: greedy p-median within each connected component (each component gets at least one);
 *    members grow from the hubs over the adjacency, nearest first, while the ceiling allows;
 *    leftovers join the smallest neighbouring cluster.
 * 3. Local search: move a unit to a neighbouring cluster when the donor stays contiguous and the
 *    move lowers the bound violation, or keeps it and lowers Σ population × minutes (each cluster
 *    always uses its best hub). 4. Perturb the best plan with random feasible moves and search
 *    again, a fixed number of rounds (deterministic for a seed; `timeLimitMs` only caps it).
 */
import { bestHub, type ClusterProblem, type ClusterSolution } from './cluster-problem'
import { seededRandom } from './seeded-random'

export interface HeuristicOptions {
  seed?: number
  /** Perturbation rounds after the first local search (default 60). */
  rounds?: number
  /** Randomised max-p growths used to find the number of clusters (default 40). */
  growths?: number
  /** Stop perturbing after this long (default 5 s): a bound on the work, not the usual stop. */
  timeLimitMs?: number
}

export interface HeuristicResult extends ClusterSolution {
  /** Persons outside the bounds summed over clusters (0 when feasible). */
  violation: number
  rounds: number
}

/**
 * Suggested clusters by construction + local search.
 * @example heuristicClusters(problem, { seed: 1 }) // { cluster, hubs, objective, feasible, violation, rounds }
 * Contract: every cluster is contiguous and non-empty; clusters are numbered by their lowest
 * unit; `objective` = Σ population × minutes to the hub; deterministic for a seed unless the
 * time limit cuts the rounds short.
 */
export function heuristicClusters(p: ClusterProblem, opts: HeuristicOptions = {}): HeuristicResult {
  const n = p.population.length
  const rand = seededRandom(opts.seed ?? 1)
  const comp = components(p)
  const compCount = comp.reduce((m, c) => Math.max(m, c + 1), 0)
  const deadline = Date.now() + (opts.timeLimitMs ?? 5000)
  const starts: Int32Array[] = []
  let k = p.count
  if (k === undefined) {
    let bestK = 0
    for (let g = 0; g < (opts.growths ?? 40); g++) {
      const grown = growToFloor(p, rand)
      const regions = grown.reduce((m, c) => Math.max(m, c + 1), 0)
      if (regions > bestK) { bestK = regions; starts.length = 0 }
      if (regions === bestK && starts.length < 3) starts.push(grown)
    }
    k = Math.max(bestK, compCount)
  }
  k = Math.min(Math.max(k, compCount), n)
  starts.push(growFromHubs(p, greedyHubs(p, comp, compCount, k)))
  let best: State | null = null
  for (const s of starts) {
    const st = new State(p, s)
    if (st.count !== k) continue
    st.localSearch()
    if (!best || st.better(best)) best = st
  }
  let rounds = 0
  const total = opts.rounds ?? 60
  while (rounds < total && Date.now() < deadline && best) {
    rounds++
    const trial = best.clone()
    trial.perturb(rand, 2 + Math.floor(rand() * Math.max(2, Math.sqrt(n) / 2)))
    trial.localSearch()
    if (trial.better(best)) best = trial
  }
  const out = best!.solution()
  return { ...out, feasible: best!.violation() === 0 && out.hubs.length === k && (p.count === undefined || p.count === k), violation: best!.violation(), rounds }
}

/** Connected component of every unit. */
function components(p: ClusterProblem): Int32Array {
  const n = p.population.length
  const comp = new Int32Array(n).fill(-1)
  let c = 0
  for (let s = 0; s < n; s++) {
    if (comp[s] >= 0) continue
    const stack = [s]
    comp[s] = c
    while (stack.length) {
      const u = stack.pop()!
      for (let e = p.adjacency.start[u]; e < p.adjacency.start[u + 1]; e++) {
        const v = p.adjacency.item[e]
        if (comp[v] < 0) { comp[v] = c; stack.push(v) }
      }
    }
    c++
  }
  return comp
}

/** Greedy p-median hubs: the best hub of each component, then the hub that saves the most, k in all. */
function greedyHubs(p: ClusterProblem, comp: Int32Array, compCount: number, k: number): number[] {
  const n = p.population.length
  const w = (i: number, h: number) => (comp[i] === comp[h] ? (p.population[i] > 0 ? p.population[i] * p.minutes[i * n + h] : 0) : Infinity)
  const isCand = (h: number) => !p.hubCandidate || p.hubCandidate[h] === 1
  const hubs: number[] = []
  const near = new Float64Array(n).fill(Infinity)
  for (let c = 0; c < compCount; c++) {
    const members: number[] = []
    for (let u = 0; u < n; u++) if (comp[u] === c) members.push(u)
    let h = bestHub(p, members).hub
    if (h < 0) h = members[0]
    hubs.push(h)
    for (const i of members) near[i] = w(i, h)
  }
  while (hubs.length < k) {
    let bestH = -1
    let bestSave = -1
    for (let h = 0; h < n; h++) {
      if (!isCand(h) || hubs.includes(h)) continue
      let save = 0
      for (let i = 0; i < n; i++) {
        const d = near[i] - w(i, h)
        if (d > 0) save += d === Infinity ? 1e300 : d
      }
      if (save > bestSave) { bestSave = save; bestH = h }
    }
    if (bestH < 0) break
    hubs.push(bestH)
    for (let i = 0; i < n; i++) near[i] = Math.min(near[i], w(i, bestH))
  }
  return hubs
}

/** Members grow from the hubs over the adjacency, nearest (minutes to the hub) first, within the ceiling. */
function growFromHubs(p: ClusterProblem, hubs: number[]): Int32Array {
  const n = p.population.length
  const hi = p.maxPopulation ?? Infinity
  const cluster = new Int32Array(n).fill(-1)
  const pop = new Float64Array(hubs.length)
  const queue: { key: number; u: number; c: number }[] = []
  const push = (u: number, c: number) => queue.push({ key: p.minutes[u * n + hubs[c]], u, c })
  hubs.forEach((h, c) => { cluster[h] = c; pop[c] = p.population[h] })
  hubs.forEach((h, c) => { for (let e = p.adjacency.start[h]; e < p.adjacency.start[h + 1]; e++) push(p.adjacency.item[e], c) })
  while (queue.length) {
    let bi = 0
    for (let j = 1; j < queue.length; j++) if (queue[j].key < queue[bi].key) bi = j
    const { u, c } = queue[bi]
    queue[bi] = queue[queue.length - 1]
    queue.pop()
    if (cluster[u] >= 0 || pop[c] + p.population[u] > hi) continue
    cluster[u] = c
    pop[c] += p.population[u]
    for (let e = p.adjacency.start[u]; e < p.adjacency.start[u + 1]; e++) if (cluster[p.adjacency.item[e]] < 0) push(p.adjacency.item[e], c)
  }
  attachLeftovers(p, cluster, pop)
  return cluster
}

/** Unassigned units join the least populous neighbouring cluster, until none is left. */
function attachLeftovers(p: ClusterProblem, cluster: Int32Array, pop: Float64Array) {
  for (let changed = true; changed; ) {
    changed = false
    for (let u = 0; u < cluster.length; u++) {
      if (cluster[u] >= 0) continue
      let best = -1
      for (let e = p.adjacency.start[u]; e < p.adjacency.start[u + 1]; e++) {
        const c = cluster[p.adjacency.item[e]]
        if (c >= 0 && (best < 0 || pop[c] < pop[best])) best = c
      }
      if (best >= 0) { cluster[u] = best; pop[best] += p.population[u]; changed = true }
    }
  }
}

/** A randomised max-p growth: seeds in random order grow (nearest first) until they reach the floor. */
function growToFloor(p: ClusterProblem, rand: () => number): Int32Array {
  const n = p.population.length
  const lo = p.minPopulation ?? 0
  const hi = p.maxPopulation ?? Infinity
  const cluster = new Int32Array(n).fill(-1)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j], order[i]] }
  const pops: number[] = []
  for (const s of order) {
    if (cluster[s] >= 0 || p.population[s] > hi) continue
    const c = pops.length
    const members = [s]
    cluster[s] = c
    let pop = p.population[s]
    while (pop < lo) {
      let best = -1
      let bestKey = Infinity
      for (const m of members)
        for (let e = p.adjacency.start[m]; e < p.adjacency.start[m + 1]; e++) {
          const v = p.adjacency.item[e]
          const key = p.minutes[v * n + s]
          if (cluster[v] < 0 && pop + p.population[v] <= hi && key < bestKey) { best = v; bestKey = key }
        }
      if (best < 0) break
      cluster[best] = c
      members.push(best)
      pop += p.population[best]
    }
    if (pop < lo) { for (const m of members) cluster[m] = -1; continue }
    pops.push(pop)
  }
  const pop = Float64Array.from(pops)
  attachLeftovers(p, cluster, pop)
  // A unit left alone in a component without any region becomes its own region.
  for (let u = 0; u < n; u++) if (cluster[u] < 0) { cluster[u] = pops.length; pops.push(p.population[u]); attachLeftovers(p, cluster, Float64Array.from(pops)) }
  return cluster
}

/** A plan under local search: members, population and best hub per cluster. */
class State {
  members: Set<number>[]
  pop: Float64Array
  cost: Float64Array
  hub: Int32Array
  constructor(private readonly p: ClusterProblem, readonly cluster: Int32Array) {
    const k = cluster.reduce((m, c) => Math.max(m, c + 1), 0)
    this.members = Array.from({ length: k }, () => new Set<number>())
    cluster.forEach((c, u) => this.members[c].add(u))
    this.pop = new Float64Array(k)
    this.cost = new Float64Array(k)
    this.hub = new Int32Array(k)
    for (let c = 0; c < k; c++) this.refresh(c)
  }
  get count() { return this.members.filter((m) => m.size > 0).length }
  clone(): State {
    const s = Object.create(State.prototype) as State
    Object.assign(s, { p: this.p, cluster: Int32Array.from(this.cluster), members: this.members.map((m) => new Set(m)), pop: Float64Array.from(this.pop), cost: Float64Array.from(this.cost), hub: Int32Array.from(this.hub) })
    return s
  }
  refresh(c: number) {
    const list = [...this.members[c]]
    const b = bestHub(this.p, list)
    this.hub[c] = b.hub
    this.cost[c] = b.cost
    this.pop[c] = list.reduce((s, u) => s + this.p.population[u], 0)
  }
  private over(pop: number) {
    const lo = this.p.minPopulation ?? 0
    const hi = this.p.maxPopulation ?? Infinity
    return pop < lo ? lo - pop : pop > hi ? pop - hi : 0
  }
  violation() { let v = 0; for (let c = 0; c < this.pop.length; c++) v += this.over(this.pop[c]); return v }
  objective() { let o = 0; for (const c of this.cost) o += c; return o }
  better(o: State) {
    const v = this.violation(), w = o.violation()
    return v < w - 1e-9 || (Math.abs(v - w) <= 1e-9 && this.objective() < o.objective() - 1e-9)
  }
  /** Can `u` leave its cluster without splitting it (and without emptying it)? */
  private canLeave(u: number): boolean {
    const m = this.members[this.cluster[u]]
    if (m.size <= 1) return false
    const adj = this.p.adjacency
    let first = -1
    for (let e = adj.start[u]; e < adj.start[u + 1]; e++) if (m.has(adj.item[e])) { first = adj.item[e]; break }
    if (first < 0) return false
    const seen = new Set<number>([first])
    const stack = [first]
    while (stack.length) {
      const x = stack.pop()!
      for (let e = adj.start[x]; e < adj.start[x + 1]; e++) {
        const v = adj.item[e]
        if (v !== u && m.has(v) && !seen.has(v)) { seen.add(v); stack.push(v) }
      }
    }
    return seen.size === m.size - 1
  }
  /** The change (violation, cost) of moving u to cluster b, or null when not allowed. */
  private delta(u: number, b: number): { dv: number; dc: number } | null {
    const a = this.cluster[u]
    if (!this.canLeave(u)) return null
    const pu = this.p.population[u]
    const dv = this.over(this.pop[a] - pu) + this.over(this.pop[b] + pu) - this.over(this.pop[a]) - this.over(this.pop[b])
    const ma = [...this.members[a]].filter((x) => x !== u)
    const mb = [...this.members[b], u]
    const dc = bestHub(this.p, ma).cost + bestHub(this.p, mb).cost - this.cost[a] - this.cost[b]
    return Number.isNaN(dc) ? null : { dv, dc }
  }
  move(u: number, b: number) {
    const a = this.cluster[u]
    this.members[a].delete(u)
    this.members[b].add(u)
    this.cluster[u] = b
    this.refresh(a)
    this.refresh(b)
  }
  private neighbourClusters(u: number): number[] {
    const out = new Set<number>()
    const adj = this.p.adjacency
    for (let e = adj.start[u]; e < adj.start[u + 1]; e++) {
      const c = this.cluster[adj.item[e]]
      if (c !== this.cluster[u]) out.add(c)
    }
    return [...out].sort((x, y) => x - y)
  }
  /** Improving boundary moves until none is left. */
  localSearch(maxPasses = 200) {
    for (let pass = 0; pass < maxPasses; pass++) {
      let improved = false
      for (let u = 0; u < this.cluster.length; u++) {
        let best: { b: number; dv: number; dc: number } | null = null
        for (const b of this.neighbourClusters(u)) {
          const d = this.delta(u, b)
          if (!d) continue
          const good = d.dv < -1e-9 || (d.dv <= 1e-9 && d.dc < -1e-9)
          if (good && (!best || d.dv < best.dv - 1e-9 || (Math.abs(d.dv - best.dv) <= 1e-9 && d.dc < best.dc))) best = { b, ...d }
        }
        if (best) { this.move(u, best.b); improved = true }
      }
      if (!improved) return
    }
  }
  /** `moves` random boundary moves that do not add to the bound violation. */
  perturb(rand: () => number, moves: number) {
    const n = this.cluster.length
    for (let t = 0, done = 0; t < moves * 20 && done < moves; t++) {
      const u = Math.floor(rand() * n)
      const nb = this.neighbourClusters(u)
      if (!nb.length) continue
      const b = nb[Math.floor(rand() * nb.length)]
      const d = this.delta(u, b)
      if (!d || d.dv > 1e-9) continue
      this.move(u, b)
      done++
    }
  }
  solution(): ClusterSolution {
    // Renumber the non-empty clusters by their lowest unit.
    const map = new Map<number, number>()
    const cluster = new Int32Array(this.cluster.length)
    const hubs: number[] = []
    this.cluster.forEach((c, u) => {
      if (!map.has(c)) { map.set(c, hubs.length); hubs.push(this.hub[c]) }
      cluster[u] = map.get(c)!
    })
    return { cluster, hubs: Int32Array.from(hubs), objective: this.objective(), feasible: this.violation() === 0 }
  }
}
