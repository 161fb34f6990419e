import { describe, expect, it } from 'vitest'
import { prng } from './test-support/prng'
import { theilDecomposition } from './theil'

describe('theilDecomposition', () => {
  it('puts all inequality between districts when districts are internally equal', () => {
    const r = theilDecomposition(Float64Array.of(1, 1, 3, 3), Float64Array.of(1, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2)
    const expected = 0.5 * (0.5 * Math.log(0.5) + 1.5 * Math.log(1.5)) // ≈ 0.130812
    expect(r.theil).toBeCloseTo(expected, 12)
    expect(r.between).toBeCloseTo(expected, 12)
    expect(r.within).toBeCloseTo(0, 12)
    expect(r.groups[1]).toMatchObject({ population: 2, mean: 3, valueShare: 0.75 })
  })

  it('puts all inequality within districts when district means are equal', () => {
    const r = theilDecomposition(Float64Array.of(1, 3, 3, 1), Float64Array.of(1, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2)
    expect(r.between).toBeCloseTo(0, 12)
    expect(r.within).toBeCloseTo(r.theil, 12)
  })

  it('reaches ln N when one of N equal-weight people holds everything, and 0 when all are equal', () => {
    expect(theilDecomposition(Float64Array.of(0, 0, 0, 8), new Float64Array(4).fill(1), new Int32Array(4), 1).theil).toBeCloseTo(Math.log(4), 12)
    expect(theilDecomposition(Float64Array.of(2, 2, 2), Float64Array.of(1, 5, 9), new Int32Array(3), 1).theil).toBe(0)
  })

  it('decomposes exactly: between + within = total (random districts, population weights)', () => {
    const rand = prng(5)
    const n = 500
    const values = Float64Array.from({ length: n }, () => rand() * 10)
    const weights = Float64Array.from({ length: n }, () => 1 + Math.floor(rand() * 200))
    const group = Int32Array.from({ length: n }, () => Math.floor(rand() * 7))
    const r = theilDecomposition(values, weights, group, 7)
    expect(r.theil).toBeGreaterThan(0)
    expect(r.between + r.within).toBeCloseTo(r.theil, 12)
  })

  it('leaves out cells without a district', () => {
    const r = theilDecomposition(Float64Array.of(1, 1, 50), Float64Array.of(1, 1, 1), Int32Array.of(0, 0, -1), 1)
    expect(r.theil).toBe(0)
  })
})
