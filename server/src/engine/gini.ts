/**
 * Population-weighted Gini coefficient and Lorenz curve of cell values (accessibility scores,
 * minutes…) over an area: 0 = everyone has the same value, → 1 = one person has everything.
 */

export interface GiniResult {
  gini: number
  /** Lorenz curve points [cumulative population share, cumulative value share], from [0,0] to [1,1]. */
  lorenz: [number, number][]
  /** Total weight (persons) and weighted mean value of the cells used. */
  population: number
  mean: number
}

/**
 * Population-weighted Gini with its Lorenz curve.
 * @example populationWeightedGini(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1, 1, 1, 1, 1)).gini // 0.2667 (= 4/15)
 * Contract: values ≥ 0 (cells with non-finite or negative values, or weight ≤ 0, are skipped);
 * weights in persons; gini ∈ [0, 1), 0 when all values are equal or all are zero; computed as
 * 1 − Σ_k w_k (L_{k−1} + L_k) over cells sorted by value (the area under the Lorenz curve),
 * which equals the weighted mean absolute difference / (2 × mean); O(n log n).
 * The curve is sampled at `lorenzPoints` evenly spaced population shares (default 101).
 */
export function populationWeightedGini(values: Float64Array, weights: Float64Array, cells?: Int32Array | null, lorenzPoints = 101): GiniResult {
  const count = cells ? cells.length : values.length
  const order: number[] = []
  for (let k = 0; k < count; k++) {
    const i = cells ? cells[k] : k
    if (weights[i] > 0 && values[i] >= 0 && values[i] < Infinity) order.push(i)
  }
  order.sort((a, b) => values[a] - values[b] || a - b)
  let population = 0
  let total = 0
  for (const i of order) {
    population += weights[i]
    total += weights[i] * values[i]
  }
  const diagonal: [number, number][] = Array.from({ length: lorenzPoints }, (_, k) => [k / (lorenzPoints - 1), k / (lorenzPoints - 1)])
  if (population === 0 || total === 0) return { gini: 0, lorenz: diagonal, population, mean: 0 }
  // Everyone equal: exactly 0, not rounding noise.
  if (values[order[0]] === values[order[order.length - 1]]) return { gini: 0, lorenz: diagonal, population, mean: total / population }

  // Breakpoints of the Lorenz curve and the trapezoid sum.
  const xs = [0]
  const ys = [0]
  let cumP = 0
  let cumV = 0
  let area2 = 0
  for (const i of order) {
    const w = weights[i] / population
    const prev = cumV
    cumP += weights[i]
    cumV += weights[i] * values[i]
    area2 += w * (prev / total + cumV / total)
    xs.push(cumP / population)
    ys.push(cumV / total)
  }
  const lorenz: [number, number][] = []
  for (let k = 0, seg = 1; k < lorenzPoints; k++) {
    const x = k / (lorenzPoints - 1)
    while (seg < xs.length - 1 && xs[seg] < x) seg++
    const x0 = xs[seg - 1], x1 = xs[seg]
    const t = x1 > x0 ? Math.min(1, Math.max(0, (x - x0) / (x1 - x0))) : 1
    lorenz.push([x, ys[seg - 1] + t * (ys[seg] - ys[seg - 1])])
  }
  return { gini: Math.max(0, 1 - area2), lorenz, population, mean: total / population }
}
