/**
 * A lower bound on the objective of any plan with k clusters. Dropping contiguity leaves a
 * p-median problem (open k hubs, assign units to open hubs) in which each open hub's cluster
 * contains the hub and holds between minPopulation and maxPopulation persons; its optimum is at
 * most that of any plan. Relaxing "each unit is assigned once" with multipliers λ (Lagrangian
 * relaxation, Beasley 1993) leaves one problem per hub h: choose members minimising
 * Σ (c_ih − λ_i) within the population bounds — solved here in its continuous relaxation
 * (fractional knapsack: members by (c_ih − λ_i) / p_i, exact for that relaxation), which can only
 * lower the value, so every value reported is a valid bound. Subgradient steps raise it.
 */
import type { ClusterProblem } from './cluster-problem'

export interface BoundOptions {
  /** Number of hubs (clusters). */
  k: number
  /** An upper bound (a known plan's objective), which scales the subgradient steps. */
  upperBound: number
  /** Subgradient iterations (default 300). */
  iterations?: number
}

/**
 * Lagrangian lower bound of the bounded k-median relaxation.
 * @example clusterLowerBound(lineOf4, { k: 2, upperBound: 20 }) // 20 there: the bound is tight
 * Contract: returns a value ≤ the objective of every plan with k clusters whose hubs are hub
 * candidates and whose populations are within the bounds (persons × minutes, ≥ 0).
 */
export function clusterLowerBound(p: ClusterProblem, opts: BoundOptions): number {
  const n = p.population.length
  const k = opts.k
  if (n === 0 || k <= 0) return 0
  const lo = p.minPopulation ?? 0
  const hi = p.maxPopulation ?? Infinity
  const pop = p.population
  const cand: number[] = []
  for (let h = 0; h < n; h++) if (!p.hubCandidate || p.hubCandidate[h]) cand.push(h)
  // c[h * n + i] = population × minutes of unit i to hub h; members of h in order of minutes
  const c = new Float64Array(n * n)
  for (let i = 0; i < n; i++) if (pop[i] > 0) for (let h = 0; h < n; h++) c[h * n + i] = pop[i] * p.minutes[i * n + h]
  const lambda = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let a = Infinity
    for (const h of cand) if (h !== i) a = Math.min(a, c[h * n + i])
    lambda[i] = Number.isFinite(a) ? a : 0
  }
  const rho = new Float64Array(cand.length)
  const order = cand.map((_, j) => j)
  const g = new Float64Array(n)
  const work = { r: new Float64Array(n), w: new Float64Array(n), d: new Float64Array(n), id: new Int32Array(n) }
  let best = 0
  let theta = 2
  let stale = 0
  if (k > cand.length) return 0
  for (let it = 0; it < (opts.iterations ?? 300); it++) {
    for (let j = 0; j < cand.length; j++) rho[j] = hubSubproblem(cand[j], c, n, pop, lambda, lo, hi, work, null)
    order.sort((a, b) => rho[a] - rho[b] || a - b)
    let value = 0
    for (let i = 0; i < n; i++) value += lambda[i]
    for (let j = 0; j < k; j++) value += rho[order[j]]
    if (!Number.isFinite(value)) return best
    if (value > best + 1e-9 * Math.max(1, Math.abs(best))) { best = value; stale = 0 }
    else if (++stale >= 15) { theta /= 2; stale = 0; if (theta < 1e-4) break }
    // subgradient: 1 − Σ_h x_ih over the k open hubs
    g.fill(1)
    for (let j = 0; j < k; j++) hubSubproblem(cand[order[j]], c, n, pop, lambda, lo, hi, work, g)
    let norm = 0
    for (let i = 0; i < n; i++) norm += g[i] * g[i]
    if (norm < 1e-12) break
    const step = (theta * Math.max(opts.upperBound - value, 1e-9 * Math.max(1, opts.upperBound))) / norm
    for (let i = 0; i < n; i++) lambda[i] += step * g[i]
  }
  return Math.max(0, best)
}

/**
 * min Σ_i (c_ih − λ_i) x_i over x ∈ [0, 1]^n with x_h = 1 and lo ≤ Σ p_i x_i ≤ hi (continuous
 * knapsack): every unit with a negative reduced cost joins (by ratio (c_ih − λ_i) / p_i when
 * they exceed hi), then the cheapest ratios fill up to lo (weighted quickselect, O(n) expected).
 * With `g`, subtracts each member's fraction from g instead of only returning the value.
 * Infinity when lo cannot be reached.
 */
function hubSubproblem(
  h: number, c: Float64Array, n: number, pop: Float64Array, lambda: Float64Array, lo: number, hi: number,
  work: { r: Float64Array; w: Float64Array; d: Float64Array; id: Int32Array }, g: Float64Array | null,
): number {
  const base = h * n
  const { r, w, d, id } = work
  let total = pop[h]
  let value = -lambda[h]
  if (g) g[h] -= 1
  // negatives packed from the front, positives from the back
  let neg = 0
  let pos = n
  let negPop = 0
  let posPop = 0
  for (let i = 0; i < n; i++) {
    if (i === h) continue
    const cost = c[base + i]
    if (cost === Infinity) continue
    const di = cost - lambda[i]
    if (pop[i] === 0) {
      if (di < 0) { value += di; if (g) g[i] -= 1 }
      continue
    }
    if (di < 0) { r[neg] = di / pop[i]; w[neg] = pop[i]; d[neg] = di; id[neg++] = i; negPop += pop[i] }
    else { --pos; r[pos] = di / pop[i]; w[pos] = pop[i]; d[pos] = di; id[pos] = i; posPop += pop[i] }
  }
  if (total + negPop <= hi) {
    for (let q = 0; q < neg; q++) { value += d[q]; if (g) g[id[q]] -= 1 }
    total += negPop
  } else value += fill(work, 0, neg, hi - total, g).value, (total = hi)
  if (total < lo) {
    if (total + posPop < lo - 1e-9) return Infinity
    value += fill(work, pos, n, lo - total, g).value
  }
  return value
}

/**
 * Takes the items of [from, to) with the smallest ratios until their weight reaches `need` (the
 * last one fractionally): repeated minimum scans, since only a few units fill a cluster's floor.
 * Marks taken items by setting their ratio to Infinity.
 */
function fill(work: { r: Float64Array; w: Float64Array; d: Float64Array; id: Int32Array }, from: number, to: number, need: number, g: Float64Array | null): { value: number } {
  const { r, w, d, id } = work
  let value = 0
  while (need > 1e-9) {
    let q = -1
    let min = Infinity
    for (let x = from; x < to; x++) if (r[x] < min) { min = r[x]; q = x }
    if (q < 0) break
    const f = Math.min(1, need / w[q])
    value += f * d[q]
    if (g) g[id[q]] -= f
    need -= f * w[q]
    r[q] = Infinity
  }
  return { value }
}
