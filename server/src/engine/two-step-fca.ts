/**
 * Capacity-aware accessibility: the two-step floating catchment area method exactly as API.md
 * states it (Luo & Wang 2003), and its Gaussian variant (Dai 2010) with the weight applied in
 * both steps:
 *   R_j = S_j / Σ_{i: t_ij ≤ d0} G(t_ij) P_i ;   score_i = Σ_{j: t_ij ≤ d0} G(t_ij) R_j
 * with G = stepWeight (1 within d0) for the classic method, gaussianWeight for the variant (decay.ts). S_j = 1 where the capacity is unknown.
 */
import type { Catchments } from './catchments'
import { DECAY_WEIGHTS, type DecayName, type DecayWeight } from './decay'

export interface TwoStepFcaOptions {
  /** Catchment threshold d0 in minutes (pairs beyond it are ignored). */
  thresholdMinutes: number
  /** The decay G: a name of `DECAY_WEIGHTS` ('step' = 2SFCA, 'gaussian' = Gaussian 2SFCA) or a weight function. Default 'step'. */
  decay?: DecayName | DecayWeight
  /** Capacity S_j per facility; missing, NaN or negative entries count as 1. */
  supply?: Float64Array | null
}

export interface TwoStepFcaResult {
  /** score_i per cell: supply per person reachable (units of capacity per person). */
  score: Float64Array
  /** R_j per facility: supply-to-demand ratio; 0 when no demand reaches the facility. */
  ratio: Float64Array
  /** Σ_i G(t_ij) P_i per facility: the (weighted) demand it faces, persons. */
  demand: Float64Array
}

/**
 * Accessibility scores of every cell.
 * @example
 * // One facility of capacity 10 reached by two cells of 20 and 30 people: R = 10/50 = 0.2,
 * // both cells score 0.2.
 * twoStepFca(catchments, Float64Array.of(20, 30), { thresholdMinutes: 15, supply: Float64Array.of(10) })
 * Contract: demand = target population per cell (persons ≥ 0); scores ≥ 0; with the step decay
 * Σ_i P_i·score_i = Σ_j S_j over facilities that some demand reaches (supply is conserved);
 * O(pairs).
 */
export function twoStepFca(catchments: Catchments, demand: Float64Array, options: TwoStepFcaOptions): TwoStepFcaResult {
  const d0 = options.thresholdMinutes
  if (!(d0 > 0)) throw new RangeError(`thresholdMinutes must be > 0, got ${d0}`)
  const decay = options.decay ?? 'step'
  if (typeof decay !== 'function' && !Object.hasOwn(DECAY_WEIGHTS, decay)) throw new RangeError(`unknown decay ${String(decay)}`)
  const weight: DecayWeight = typeof decay === 'function' ? decay : DECAY_WEIGHTS[decay]
  const supply = options.supply ?? null
  const { start, cell, minutes } = catchments
  const facilityCount = start.length - 1
  const ratio = new Float64Array(facilityCount)
  const facilityDemand = new Float64Array(facilityCount)
  const score = new Float64Array(demand.length)
  for (let j = 0; j < facilityCount; j++) {
    let weighted = 0
    for (let p = start[j]; p < start[j + 1]; p++) {
      const t = minutes[p]
      if (!(t <= d0)) continue
      weighted += weight(t, d0) * demand[cell[p]]
    }
    facilityDemand[j] = weighted
    const s = supply !== null && supply[j] >= 0 ? supply[j] : 1
    ratio[j] = weighted > 0 ? s / weighted : 0
  }
  for (let j = 0; j < facilityCount; j++) {
    const r = ratio[j]
    if (r === 0) continue
    for (let p = start[j]; p < start[j + 1]; p++) {
      const t = minutes[p]
      if (!(t <= d0)) continue
      score[cell[p]] += weight(t, d0) * r
    }
  }
  return { score, ratio, demand: facilityDemand }
}
