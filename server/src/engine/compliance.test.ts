import { describe, expect, it } from 'vitest'
import { type LifeCircleType, lifeCircleCompliance } from './compliance'

describe('lifeCircleCompliance (GB 50180 tiers, not inclusive)', () => {
  // Cells A, B, C, D: minutes to kindergarten (5-min tier), primary school (10), middle school (15).
  const types: LifeCircleType[] = [
    { code: 'kindergarten', lifeCircle: 5, thresholdMinutes: 5, minutes: Float64Array.of(4, 5, 6, 2) },
    { code: 'primary_school', lifeCircle: 10, thresholdMinutes: 10, minutes: Float64Array.of(9, 10, 3, 11) },
    { code: 'middle_school', lifeCircle: 15, thresholdMinutes: 15, minutes: Float64Array.of(15, 20, 1, Infinity) },
  ]
  const population = Float64Array.of(100, 200, 300, 400)

  it('gives each cell the highest complete tier; a missing 5-minute facility voids all tiers', () => {
    const { cellTier } = lifeCircleCompliance({ types, population })
    // A: all within; B: middle school 20 > 15; C: kindergarten 6 > 5 (its 10/15 facilities do
    // not help); D: primary 11 > 10 (the middle school being unreachable changes nothing more).
    expect(Array.from(cellTier)).toEqual([15, 10, 0, 5])
  })

  it('reports the population with complete 5-, 10- and 15-minute circles and what is missing', () => {
    const { total } = lifeCircleCompliance({ types, population })
    expect(total.tiers).toEqual([
      { minutes: 5, population: 700, share: 0.7 },
      { minutes: 10, population: 300, share: 0.3 },
      { minutes: 15, population: 100, share: 0.1 },
    ])
    expect(total.missing).toEqual({ kindergarten: 300, primary_school: 400, middle_school: 600 })
  })

  it('breaks down by area', () => {
    const { areas } = lifeCircleCompliance({ types, population, cellArea: Int32Array.of(0, 1, 1, 0), areaCount: 2 })
    expect(areas[0].tiers.map((t) => t.population)).toEqual([500, 100, 100])
    expect(areas[1].tiers.map((t) => t.share)).toEqual([0.4, 0.4, 0])
  })

  it('treats a tier without required types as complete', () => {
    const onlyFifteen = [types[2]]
    expect(Array.from(lifeCircleCompliance({ types: onlyFifteen, population }).cellTier)).toEqual([15, 10, 15, 10])
  })
})
