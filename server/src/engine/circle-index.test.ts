import { describe, expect, it } from 'vitest'
import { balanceFromRates, balanceFromTheil, combineIndex, meanParts, qualityFromScore } from './circle-index'

describe('the 均衡可及优质 index parts (hand-computed)', () => {
  it('balanced = 1 − target-weighted Gini of the child areas’ rates', () => {
    // Rates 0.25 (40 persons) and 1 (20): mean 0.5; Σ_i Σ_j w_i w_j |x_i − x_j| = 2 · 40 · 20 · 0.75
    // = 1,200; Gini = 1,200 / (2 · 60² · 0.5) = 1/3; balanced = 2/3.
    expect(balanceFromRates([{ targetPopulation: 40, coveredPopulation: 10 }, { targetPopulation: 20, coveredPopulation: 20 }])).toBeCloseTo(2 / 3, 12)
    // Rates 1 (40) and 0 (10): mean 0.8; 2 · 40 · 10 · 1 / (2 · 50² · 0.8) = 0.2 → 0.8.
    expect(balanceFromRates([{ targetPopulation: 40, coveredPopulation: 40 }, { targetPopulation: 10, coveredPopulation: 0 }])).toBeCloseTo(0.8, 12)
    expect(balanceFromRates([{ targetPopulation: 5, coveredPopulation: 1 }, { targetPopulation: 10, coveredPopulation: 2 }])).toBeCloseTo(1, 12)
  })

  it('balanced is unknown with fewer than two child areas that have target residents', () => {
    expect(balanceFromRates([{ targetPopulation: 40, coveredPopulation: 10 }, { targetPopulation: 0, coveredPopulation: 0 }])).toBeNull()
    expect(balanceFromRates([])).toBeNull()
  })

  it('the Theil variant maps T_between onto (0, 1] by e^−T', () => {
    expect(balanceFromTheil(Math.LN2)).toBeCloseTo(0.5, 12)
    expect(balanceFromTheil(0)).toBe(1)
    expect(balanceFromTheil(null)).toBeNull()
  })

  it('quality = mean 2SFCA score ÷ reference, capped at 1', () => {
    expect(qualityFromScore(0.75, 1)).toBe(0.75)
    expect(qualityFromScore(3, 2)).toBe(1)
    expect(qualityFromScore(null, 1)).toBeNull()
    expect(qualityFromScore(0.5, null)).toBeNull()
  })

  it('a domain averages its types’ known parts; the index weighs the known parts', () => {
    expect(meanParts([{ accessible: 0.5, balanced: null, quality: 1 }, { accessible: 1, balanced: 0.8, quality: null }])).toEqual({ accessible: 0.75, balanced: 0.8, quality: 1 })
    const w = { accessible: 0.4, balanced: 0.3, quality: 0.3 }
    // 0.4 · 0.5 + 0.3 · 2/3 + 0.3 · 0.75 = 0.2 + 0.2 + 0.225 = 0.625
    expect(combineIndex({ accessible: 0.5, balanced: 2 / 3, quality: 0.75 }, w)).toBeCloseTo(0.625, 12)
    // Without the balanced part: (0.4 · 0.5 + 0.3 · 0.75) / 0.7
    expect(combineIndex({ accessible: 0.5, balanced: null, quality: 0.75 }, w)).toBeCloseTo(0.425 / 0.7, 12)
    expect(combineIndex({ accessible: null, balanced: null, quality: null }, w)).toBeNull()
  })
})
