/**
 * GB 50180-2018 life-circle compliance: the share of residents whose 5-, 10- and 15-minute life
 * circles are complete. A tier is complete for a cell when every required facility type of that
 * tier is within its own threshold. Tiers are not inclusive (PRODUCT.md): a complete 10-minute
 * circle also needs the 5-minute facilities, and a complete 15-minute circle the 10- and
 * 5-minute ones. A tier with no required type is vacuously complete.
 */

/** The life-circle tiers of GB 50180, minutes. */
export const LIFE_CIRCLE_TIERS = [5, 10, 15] as const
export type LifeCircleTier = (typeof LIFE_CIRCLE_TIERS)[number]

export interface LifeCircleType {
  /** Catalogue code (e.g. `kindergarten`). */
  code: string
  /** The tier whose required facilities include this type (catalogue `lifeCircle`). */
  lifeCircle: LifeCircleTier
  /** Minutes to the nearest facility of the type, per cell (Infinity = unreachable). */
  minutes: Float64Array
  /** Within means minutes ≤ this (catalogue `thresholdMinutes`, or a request override). */
  thresholdMinutes: number
}

export interface TierCompliance {
  population: number
  /** Population whose circle of each tier is complete, and its share (null without population). */
  tiers: { minutes: LifeCircleTier; population: number; share: number | null }[]
  /** Population beyond the threshold of each type: which types hold the tiers back. */
  missing: Record<string, number>
}

/**
 * Per cell the highest complete tier, and per area the population with complete 5/10/15 circles.
 * @example
 * lifeCircleCompliance({ types: [kindergarten, primarySchool, middleSchool], population })
 * // cellTier[i] = 10 when the kindergarten and the primary school are within their thresholds
 * // but the middle school is not
 * Contract: population in persons; cellTier ∈ {0, 5, 10, 15}; per area the tier populations never
 * increase from 5 to 10 to 15; O(cells × types).
 */
export function lifeCircleCompliance(input: {
  types: readonly LifeCircleType[]
  population: Float64Array
  cellArea?: Int32Array | null
  areaCount?: number
}): { cellTier: Uint8Array; areas: TierCompliance[]; total: TierCompliance } {
  const { types, population } = input
  const cellArea = input.cellArea ?? null
  const areaCount = input.areaCount ?? 1
  const n = population.length
  const cellTier = new Uint8Array(n)
  const slots = areaCount + 1
  const pop = new Float64Array(slots)
  const tierPop = new Float64Array(slots * 3)
  const missing = types.map(() => new Float64Array(slots))
  for (let i = 0; i < n; i++) {
    // Tier completeness for this cell, cumulative from 5 upward.
    let complete5 = true, complete10 = true, complete15 = true
    for (let t = 0; t < types.length; t++) {
      const type = types[t]
      if (type.minutes[i] <= type.thresholdMinutes) continue
      if (type.lifeCircle === 5) complete5 = false
      else if (type.lifeCircle === 10) complete10 = false
      else complete15 = false
    }
    complete10 = complete10 && complete5
    complete15 = complete15 && complete10
    cellTier[i] = complete15 ? 15 : complete10 ? 10 : complete5 ? 5 : 0
    const a = cellArea === null ? 0 : cellArea[i]
    const p = population[i]
    if (a < 0 || a >= areaCount || !(p > 0)) continue
    for (let s = 0; s < 2; s++) {
      const slot = s === 0 ? a : areaCount
      pop[slot] += p
      if (complete5) tierPop[slot * 3] += p
      if (complete10) tierPop[slot * 3 + 1] += p
      if (complete15) tierPop[slot * 3 + 2] += p
      for (let t = 0; t < types.length; t++) if (!(types[t].minutes[i] <= types[t].thresholdMinutes)) missing[t][slot] += p
    }
  }
  const summary = (slot: number): TierCompliance => ({
    population: pop[slot],
    tiers: LIFE_CIRCLE_TIERS.map((m, k) => ({ minutes: m, population: tierPop[slot * 3 + k], share: pop[slot] > 0 ? tierPop[slot * 3 + k] / pop[slot] : null })),
    missing: Object.fromEntries(types.map((t, k) => [t.code, missing[k][slot]])),
  })
  return { cellTier, areas: Array.from({ length: areaCount }, (_, a) => summary(a)), total: summary(areaCount) }
}
