/**
 * Population-weighted Theil T index with its exact decomposition into inequality between groups
 * (e.g. districts) and within them: T = T_between + Σ_g s_g T_g, s_g = the group's value share.
 */

export interface TheilGroup {
  population: number
  mean: number
  /** The group's own Theil index. */
  theil: number
  /** Share of the total value held by the group (P_g μ_g / P μ). */
  valueShare: number
}

export interface TheilResult {
  /** Theil T over all cells with a group. */
  theil: number
  /** Σ_g s_g ln(μ_g / μ): inequality of group means. */
  between: number
  /** Σ_g s_g T_g: inequality inside groups. between + within = theil (to rounding). */
  within: number
  groups: TheilGroup[]
}

/**
 * Theil T index and its between/within-group decomposition.
 * @example
 * // Two districts of 2 people each, scores 1,1 and 3,3: all inequality is between them.
 * theilDecomposition(Float64Array.of(1, 1, 3, 3), Float64Array.of(1, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2)
 * // { theil: 0.1308, between: 0.1308, within: 0, … }
 * Contract: values ≥ 0 (a zero value contributes 0, the limit of x ln x); weights in persons;
 * cells with group −1, weight ≤ 0 or a non-finite value are left out; theil ≥ 0;
 * 0 when all values are equal (or all zero); between + within = theil.
 */
export function theilDecomposition(values: Float64Array, weights: Float64Array, group: Int32Array, groupCount: number): TheilResult {
  const pop = new Float64Array(groupCount)
  const sum = new Float64Array(groupCount)
  const used = (i: number) => group[i] >= 0 && group[i] < groupCount && weights[i] > 0 && values[i] >= 0 && values[i] < Infinity
  for (let i = 0; i < values.length; i++) {
    if (!used(i)) continue
    pop[group[i]] += weights[i]
    sum[group[i]] += weights[i] * values[i]
  }
  let P = 0
  let S = 0
  for (let g = 0; g < groupCount; g++) {
    P += pop[g]
    S += sum[g]
  }
  const groups: TheilGroup[] = []
  if (P === 0 || S === 0) {
    for (let g = 0; g < groupCount; g++) groups.push({ population: pop[g], mean: pop[g] > 0 ? sum[g] / pop[g] : 0, theil: 0, valueShare: 0 })
    return { theil: 0, between: 0, within: 0, groups }
  }
  const mu = S / P
  const groupTheil = new Float64Array(groupCount)
  let total = 0
  for (let i = 0; i < values.length; i++) {
    if (!used(i) || values[i] === 0) continue
    const g = group[i]
    const x = values[i]
    total += (weights[i] / P) * (x / mu) * Math.log(x / mu)
    const mg = sum[g] / pop[g]
    groupTheil[g] += (weights[i] / pop[g]) * (x / mg) * Math.log(x / mg)
  }
  let between = 0
  let within = 0
  for (let g = 0; g < groupCount; g++) {
    const mg = pop[g] > 0 ? sum[g] / pop[g] : 0
    const share = sum[g] / S
    if (share > 0) {
      between += share * Math.log(mg / mu)
      within += share * groupTheil[g]
    }
    groups.push({ population: pop[g], mean: mg, theil: groupTheil[g], valueShare: share })
  }
  return { theil: total, between, within, groups }
}
