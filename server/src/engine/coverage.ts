/**
 * Coverage per area (API.md "Conventions"): covered = travel time ≤ threshold (inclusive);
 * coverage rate = target population of covered cells ÷ target population of all cells; plus the
 * cumulative share of the target population within 5/10/15/20/30 minutes.
 */

/** Default cumulative bands, minutes. */
export const DEFAULT_COVERAGE_BANDS: readonly number[] = [5, 10, 15, 20, 30]

export interface CoverageInput {
  /** Minutes to the nearest facility per cell (Infinity = unreachable). */
  minutes: Float64Array
  /** Target population per cell, persons ≥ 0. */
  targetPopulation: Float64Array
  /** Covered means minutes ≤ this. */
  thresholdMinutes: number
  /** Area index of each cell (−1 = in no area); omitted = all cells form area 0. */
  cellArea?: Int32Array | null
  /** Number of areas (indices 0 … areaCount − 1); default 1. */
  areaCount?: number
  /** Cumulative bands in minutes; default 5/10/15/20/30. */
  bands?: readonly number[]
}

export interface AreaCoverage {
  targetPopulation: number
  coveredPopulation: number
  /** covered ÷ target; null when the area has no target population. */
  rate: number | null
  /** Target population within each band and its share (null when no target population). */
  within: { minutes: number; population: number; share: number | null }[]
}

/**
 * Covered and total target population, and cumulative shares, per area and overall.
 * @example
 * coverageByArea({ minutes: Float64Array.of(3, 12, Infinity), targetPopulation: Float64Array.of(10, 20, 30), thresholdMinutes: 10 })
 * // total: { targetPopulation: 60, coveredPopulation: 10, rate: 1/6, … }
 * Contract: persons in, persons out; 0 ≤ rate ≤ 1; shares never decrease with the band;
 * `total` sums the cells that belong to an area; O(cells × bands).
 */
export function coverageByArea(input: CoverageInput): { areas: AreaCoverage[]; total: AreaCoverage } {
  const { minutes, targetPopulation, thresholdMinutes } = input
  const cellArea = input.cellArea ?? null
  const areaCount = input.areaCount ?? 1
  const bands = input.bands ?? DEFAULT_COVERAGE_BANDS
  const nb = bands.length
  if (minutes.length !== targetPopulation.length) throw new RangeError('minutes and targetPopulation differ in length')
  const target = new Float64Array(areaCount + 1)
  const covered = new Float64Array(areaCount + 1)
  const within = new Float64Array((areaCount + 1) * nb)
  const totalSlot = areaCount
  for (let i = 0; i < minutes.length; i++) {
    const a = cellArea === null ? 0 : cellArea[i]
    if (a < 0 || a >= areaCount) continue
    const p = targetPopulation[i]
    if (!(p > 0)) continue
    const m = minutes[i]
    target[a] += p
    target[totalSlot] += p
    if (m <= thresholdMinutes) {
      covered[a] += p
      covered[totalSlot] += p
    }
    for (let b = 0; b < nb; b++) {
      if (m <= bands[b]) {
        within[a * nb + b] += p
        within[totalSlot * nb + b] += p
      }
    }
  }
  const summary = (a: number): AreaCoverage => ({
    targetPopulation: target[a],
    coveredPopulation: covered[a],
    rate: target[a] > 0 ? covered[a] / target[a] : null,
    within: bands.map((m, b) => ({ minutes: m, population: within[a * nb + b], share: target[a] > 0 ? within[a * nb + b] / target[a] : null })),
  })
  return { areas: Array.from({ length: areaCount }, (_, a) => summary(a)), total: summary(totalSlot) }
}
