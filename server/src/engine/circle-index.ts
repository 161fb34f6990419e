/**
 * The 均衡可及优质 (balanced, accessible, quality) index of a 15-minute service circle (issue 12.3):
 * three parts in [0, 1] per area and facility type, averaged over a domain's types and combined
 * with weights. The figures come from the coverage, equity and 2SFCA measures; this file is only
 * the arithmetic that turns them into parts, so that every part can be recomputed by hand.
 */
import { populationWeightedGini } from './gini'

export interface IndexParts {
  /** 可及: coverage rate within the type's standard (target persons covered ÷ target persons). */
  accessible: number | null
  /** 均衡: evenness between the area's child areas (1 = equal). */
  balanced: number | null
  /** 优质: capacity per target resident (2SFCA) relative to a reference, capped at 1. */
  quality: number | null
}

export interface IndexWeights {
  accessible: number
  balanced: number
  quality: number
}

const PARTS = ['accessible', 'balanced', 'quality'] as const

/**
 * 1 − the target-weighted Gini coefficient of the child areas' coverage rates.
 * @example balanceFromRates([{ targetPopulation: 40, coveredPopulation: 10 }, { targetPopulation: 20, coveredPopulation: 20 }]) // 2/3
 * Contract: persons in; children without target persons are left out; null with fewer than two
 * children left (nothing to compare); in (0, 1], 1 when every child has the same rate.
 */
export function balanceFromRates(children: { targetPopulation: number; coveredPopulation: number }[]): number | null {
  const used = children.filter((c) => c.targetPopulation > 0)
  if (used.length < 2) return null
  const rates = Float64Array.from(used, (c) => c.coveredPopulation / c.targetPopulation)
  const weights = Float64Array.from(used, (c) => c.targetPopulation)
  return 1 - populationWeightedGini(rates, weights, null, 2).gini
}

/**
 * e^(−T_between): the between-child-areas Theil T index of a measure (e.g. the 2SFCA score) mapped
 * onto (0, 1] (1 = the child areas' means are equal; T = ln 2 gives 0.5).
 * @example balanceFromTheil(0) // 1
 * Contract: T ≥ 0 (nats); null in, null out.
 */
export function balanceFromTheil(between: number | null): number | null {
  return between === null || !Number.isFinite(between) ? null : Math.exp(-Math.max(0, between))
}

/**
 * Quality part: mean 2SFCA score (capacity units per target resident) ÷ the reference supply,
 * capped at 1.
 * @example qualityFromScore(0.75, 1) // 0.75; qualityFromScore(3, 2) // 1
 * Contract: score ≥ 0, reference > 0 in the same unit; null when either is missing; in [0, 1].
 */
export function qualityFromScore(meanScore: number | null, reference: number | null): number | null {
  if (meanScore === null || reference === null || !(reference > 0) || !Number.isFinite(meanScore)) return null
  return Math.min(1, Math.max(0, meanScore / reference))
}

/**
 * A domain's parts: each part the plain mean of its types' parts that are known.
 * @example meanParts([{ accessible: 0.5, balanced: null, quality: 1 }, { accessible: 1, balanced: 0.8, quality: null }])
 * // { accessible: 0.75, balanced: 0.8, quality: 1 }
 */
export function meanParts(list: IndexParts[]): IndexParts {
  const out: IndexParts = { accessible: null, balanced: null, quality: null }
  for (const p of PARTS) {
    const known = list.map((x) => x[p]).filter((v): v is number => v !== null)
    out[p] = known.length ? known.reduce((s, v) => s + v, 0) / known.length : null
  }
  return out
}

/**
 * The index: the weighted mean of the known parts (weights of unknown parts left out).
 * @example combineIndex({ accessible: 0.5, balanced: 2 / 3, quality: 0.75 }, { accessible: 0.4, balanced: 0.3, quality: 0.3 }) // 0.625
 * Contract: weights ≥ 0 with a positive sum over the known parts, else null; in [0, 1] when the parts are.
 */
export function combineIndex(parts: IndexParts, weights: IndexWeights): number | null {
  let sum = 0, weight = 0
  for (const p of PARTS) {
    const v = parts[p]
    if (v === null || !(weights[p] > 0)) continue
    sum += weights[p] * v
    weight += weights[p]
  }
  return weight > 0 ? sum / weight : null
}
