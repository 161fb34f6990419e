/**
 * A lower bound on the objective of any plan with k clusters. Dropping contiguity and the
 * population bounds leaves the p-median problem (open k hubs, send every unit to its nearest open
 * hub), whose optimum is at most that of any plan; its Lagrangian dual (relaxing "each unit is
 * assigned once", Beasley 1993) is at most the p-median optimum and is computed exactly for any
 * multipliers, so every value it reports is a valid bound. Subgradient optimisation raises it.
 */
import type { ClusterProblem } from './cluster-problem'

export interface BoundOptions {
  /** Number of hubs (clusters). */
  k: number
  /** An upper bound (a known plan's objective), which scales the subgradient steps. */
  upperBound: number
  /** Subgradient iterations (default 400). */
  iterations?: number
}

/**
 * Lagrangian lower bound of the k-median relaxation.
 * @example clusterLowerBound(lineOf4, { k: 2, upperBound: 20 }) // ≤ 20 and ≥ 0 (20 there: the bound is tight)
 * Contract: returns a value ≤ the objective of every plan with k clusters whose hubs are hub
 * candidates (persons × minutes, ≥ 0); never above `upperBound` when that is a plan's objective.
 */
export function clusterLowerBound(p: ClusterProblem, opts: BoundOptions): number {
  const n = p.population.length
  const k = opts.k
  if (n === 0 || k <= 0) return 0
  const cand: number[] = []
  for (let h = 0; h < n; h++) if (!p.hubCandidate || p.hubCandidate[h]) cand.push(h)
  if (k >= cand.length && cand.length === n) return 0
  // c[h * n + i] = population × minutes of unit i to hub h (column-major: the loops run over i).
  const c = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const w = p.population[i]
    if (w > 0) for (let h = 0; h < n; h++) c[h * n + i] = w * p.minutes[i * n + h]
  }
  const cost = (i: number, h: number) => c[h * n + i]
  // Start: λ_i = the unit's cost to its nearest other candidate (an assignment it could afford).
  const lambda = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let a = Infinity
    for (const h of cand) if (h !== i) a = Math.min(a, cost(i, h))
    lambda[i] = Number.isFinite(a) ? a : 0
  }
  const rho = new Float64Array(cand.length)
  const order = cand.map((_, j) => j)
  const g = new Float64Array(n)
  let best = 0
  let theta = 2
  let stale = 0
  const iterations = opts.iterations ?? 400
  for (let it = 0; it < iterations; it++) {
    // ρ_h = Σ_i min(0, c_ih − λ_i): the reduced cost of opening h.
    for (let j = 0; j < cand.length; j++) {
      const h = cand[j]
      let r = 0
      const base = h * n
      for (let i = 0; i < n; i++) {
        const d = c[base + i] - lambda[i]
        if (d < 0) r += d
      }
      rho[j] = r
    }
    order.sort((a, b) => rho[a] - rho[b] || a - b)
    let value = 0
    for (let i = 0; i < n; i++) value += lambda[i]
    for (let j = 0; j < k && j < order.length; j++) value += rho[order[j]]
    if (value > best + 1e-9 * Math.max(1, Math.abs(best))) {
      best = value
      stale = 0
    } else if (++stale >= 20) {
      theta /= 2
      stale = 0
      if (theta < 1e-4) break
    }
    // Subgradient: 1 − (number of open hubs the unit is assigned to).
    g.fill(1)
    for (let j = 0; j < k && j < order.length; j++) {
      const h = cand[order[j]]
      for (let i = 0; i < n; i++) if (c[h * n + i] - lambda[i] < 0) g[i] -= 1
    }
    let norm = 0
    for (let i = 0; i < n; i++) norm += g[i] * g[i]
    if (norm === 0) break // the relaxed solution is a p-median solution: the bound is its optimum
    const step = (theta * Math.max(opts.upperBound - value, 1e-9 * Math.max(1, opts.upperBound))) / norm
    for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i] + step * g[i])
  }
  return Math.max(0, best)
}
