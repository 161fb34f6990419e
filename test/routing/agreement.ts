/**
 * Cell minutes from the API against the withPoints reference: how many agree, by how much the
 * others differ, and why (ties between two equidistant segments, cells at the snap limit).
 */
import type { ReferenceCell } from './withpoints-reference'

/** Agreement the issue asks for: minutes within 0.1 min on ≥ 99 % of the reachable cells. */
export const TOLERANCE_MIN = 0.1

export type Explanation = 'tie' | 'snap-limit' | 'unexplained'

export interface Agreement {
  /** Cells the reference reaches; of them, within 0.1 / 0.25 min of it. */
  reachable: number
  within01: number
  within025: number
  /** Signed difference (API − reference, minutes): median, 5th and 95th percentile; |Δ| p95 and max. */
  median: number
  p5: number
  p95: number
  absP95: number
  absMax: number
  /** Reached by one side only. */
  onlyApi: number
  onlyReference: number
  /** Cells off by more than 0.1 min, by explanation, with the first few unexplained for messages. */
  outliers: Record<Explanation, number>
  unexplained: { h3: string; api: number | null; reference: number; legM: number; sameEdge: boolean; tieGapM: number; tieMinutes: number | null; edge: number; fraction: number }[]
  /** Cells on their facility's edge (and those where pgRouting went around the block). */
  sameEdge: number
  sameEdgeAround: number
  sameEdgeWithin01: number
  /** Reachable cells beyond the snap limit in the reference (straight line), and of them within 0.1 min. */
  offNetwork: number
  offNetworkWithin01: number
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/**
 * @example compareCells(['a'], new Map([['a', 1.05]]), [refCell(1)], 500).within01 // 1
 * Contract: `api` maps h3 → minutes (null = unreachable); reference cells in the order of `h3`.
 */
export function compareCells(h3: readonly string[], api: ReadonlyMap<string, number | null>, ref: readonly ReferenceCell[], snapLimitM: number): Agreement {
  const diffs: number[] = []
  const a: Agreement = {
    reachable: 0, within01: 0, within025: 0, median: NaN, p5: NaN, p95: NaN, absP95: NaN, absMax: 0,
    onlyApi: 0, onlyReference: 0, outliers: { tie: 0, 'snap-limit': 0, unexplained: 0 }, unexplained: [],
    sameEdge: 0, sameEdgeAround: 0, sameEdgeWithin01: 0, offNetwork: 0, offNetworkWithin01: 0,
  }
  h3.forEach((cell, i) => {
    const r = ref[i]
    const m = api.get(cell) ?? null
    if (r.minutes === Infinity) {
      if (m !== null) a.onlyApi++
      return
    }
    a.reachable++
    if (m === null) a.onlyReference++
    const d = m === null ? Infinity : m - r.minutes
    if (d !== Infinity) diffs.push(d)
    const ok = Math.abs(d) <= TOLERANCE_MIN
    if (ok) a.within01++
    if (Math.abs(d) <= 0.25) a.within025++
    if (r.sameEdge) {
      a.sameEdge++
      if (r.aroundShorter) a.sameEdgeAround++
      if (ok) a.sameEdgeWithin01++
    }
    if (r.edge === 0) {
      a.offNetwork++
      if (ok) a.offNetworkWithin01++
    }
    if (ok) return
    const why: Explanation = r.tieMinutes !== null && m !== null && Math.abs(m - r.tieMinutes) <= TOLERANCE_MIN ? 'tie'
      : Math.abs(r.legM - snapLimitM) <= 1 ? 'snap-limit'
        : 'unexplained'
    a.outliers[why]++
    if (why === 'unexplained' && a.unexplained.length < 10) a.unexplained.push({ h3: cell, api: m, reference: r.minutes, legM: r.legM, sameEdge: r.sameEdge, tieGapM: r.tieGapM, tieMinutes: r.tieMinutes, edge: r.edge, fraction: r.fraction })
  })
  diffs.sort((x, y) => x - y)
  const abs = diffs.map(Math.abs).sort((x, y) => x - y)
  a.median = percentile(diffs, 50)
  a.p5 = percentile(diffs, 5)
  a.p95 = percentile(diffs, 95)
  a.absP95 = percentile(abs, 95)
  a.absMax = abs.length ? abs[abs.length - 1] : 0
  return a
}

/**
 * Population of the cells within each threshold (inclusive), from reference minutes.
 * @example coveredWithin([4, 11], [10, 20], [5, 15]) // [10, 30]
 */
export function coveredWithin(minutes: ArrayLike<number>, population: ArrayLike<number>, thresholds: readonly number[]): number[] {
  return thresholds.map((t) => {
    let s = 0
    for (let i = 0; i < minutes.length; i++) if (minutes[i] <= t) s += population[i]
    return s
  })
}

/** One line per city for logs and the status file. */
export function describeAgreement(name: string, a: Agreement, covered: { t: number; api: number; ref: number }[]): string {
  const pct = (x: number) => `${((100 * x) / Math.max(1, a.reachable)).toFixed(1)} %`
  const f = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(2)
  return `${name}: ${a.reachable} reachable cells, ${pct(a.within01)} within 0.1 min (${pct(a.within025)} within 0.25), ` +
    `Δ median ${f(a.median)} p5 ${f(a.p5)} p95 ${f(a.p95)} |Δ|p95 ${a.absP95.toFixed(2)} max ${a.absMax.toFixed(2)} min; ` +
    `only API ${a.onlyApi}, only reference ${a.onlyReference}; outliers tie ${a.outliers.tie}, snap-limit ${a.outliers['snap-limit']}, unexplained ${a.outliers.unexplained}; ` +
    `same-edge ${a.sameEdge} (around ${a.sameEdgeAround}, within 0.1: ${a.sameEdgeWithin01}); off-network ${a.offNetwork} (within 0.1: ${a.offNetworkWithin01}); covered ` +
    covered.map((c) => `${c.t} min ${c.api} vs ${c.ref} (${c.ref ? f((100 * (c.api - c.ref)) / c.ref) : '—'} %)`).join(', ')
}
