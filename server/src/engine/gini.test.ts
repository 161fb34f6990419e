import { describe, expect, it } from 'vitest'
import { populationWeightedGini } from './gini'

const ones = (n: number) => new Float64Array(n).fill(1)

describe('populationWeightedGini', () => {
  it('gives the textbook 4/15 for incomes 1, 2, 3, 4, 5', () => {
    expect(populationWeightedGini(Float64Array.of(1, 2, 3, 4, 5), ones(5)).gini).toBeCloseTo(4 / 15, 12)
  })

  it('is 0 for equal values and 1 − 1/n when one cell holds everything', () => {
    expect(populationWeightedGini(Float64Array.of(7, 7, 7), ones(3)).gini).toBe(0)
    expect(populationWeightedGini(Float64Array.of(0, 0, 0, 10), ones(4)).gini).toBeCloseTo(0.75, 12)
  })

  it('weights by population: values 1, 2 with 2 and 1 persons equal values 1, 1, 2 (Gini 1/6)', () => {
    const weighted = populationWeightedGini(Float64Array.of(1, 2), Float64Array.of(2, 1)).gini
    const expanded = populationWeightedGini(Float64Array.of(1, 1, 2), ones(3)).gini
    expect(weighted).toBeCloseTo(1 / 6, 12)
    expect(expanded).toBeCloseTo(1 / 6, 12)
  })

  it('matches the mean-absolute-difference definition on random data', () => {
    const values = Float64Array.from({ length: 40 }, (_, i) => ((i * 7919) % 101) / 10)
    const weights = Float64Array.from({ length: 40 }, (_, i) => 1 + ((i * 31) % 5))
    let P = 0, S = 0, D = 0
    for (let i = 0; i < 40; i++) {
      P += weights[i]
      S += weights[i] * values[i]
      for (let j = 0; j < 40; j++) D += weights[i] * weights[j] * Math.abs(values[i] - values[j])
    }
    expect(populationWeightedGini(values, weights).gini).toBeCloseTo(D / (2 * P * S), 12)
  })

  it('returns a Lorenz curve from (0,0) to (1,1), rising and below the diagonal', () => {
    const { lorenz } = populationWeightedGini(Float64Array.of(1, 2, 3, 4, 5), ones(5), null, 11)
    expect(lorenz).toHaveLength(11)
    expect(lorenz[0]).toEqual([0, 0])
    expect(lorenz[10][0]).toBe(1)
    expect(lorenz[10][1]).toBeCloseTo(1, 12)
    expect(lorenz[2][1]).toBeCloseTo(1 / 15, 12) // the poorest 20 % hold 1/15
    for (let k = 1; k < 11; k++) {
      expect(lorenz[k][1]).toBeGreaterThanOrEqual(lorenz[k - 1][1])
      expect(lorenz[k][1]).toBeLessThanOrEqual(lorenz[k][0] + 1e-12)
    }
  })

  it('uses only the given cells and skips cells without population', () => {
    const values = Float64Array.of(1, 2, 3, 100)
    const weights = Float64Array.of(1, 1, 1, 0)
    expect(populationWeightedGini(values, weights).gini).toBeCloseTo(populationWeightedGini(Float64Array.of(1, 2, 3), ones(3)).gini, 12)
    expect(populationWeightedGini(values, ones(4), Int32Array.of(0, 1)).gini).toBeCloseTo(1 / 6, 12)
  })
})
