import { describe, expect, it } from 'vitest'
import { facilityCatchments } from './catchments'
import { gaussianWeight, stepWeight } from './decay'
import { createFacilitySet } from './facility-set'
import { buildStreetNetwork } from './graph'
import { WALK_PROFILE } from './street-profile'
import { randomCity } from './test-support/random-city'
import { gridPoint, gridSegments, pointArrays } from './test-support/street-grid'
import { createTravelContext } from './travel-context'
import { travelTimeToNearest } from './travel-time'
import { twoStepFca } from './two-step-fca'

/**
 * A street of 100 m blocks (nodes 0…8), walked at 4 km/h, d0 = 3 minutes (200 m).
 * Facility A at node 1 (capacity 10), B at node 6 (capacity 30).
 * Cells: c0 at node 0 (100 people), c1 at node 3 (200), c2 at node 5 (300), c3 at node 8 (400).
 * A reaches c0 in 1.5 min and c1 in 3 min; B reaches c2 in 1.5 min and c3 in 3 min.
 */
function street() {
  const network = buildStreetNetwork(gridSegments({ cols: 9, rows: 1 }), WALK_PROFILE)
  const cells = pointArrays([gridPoint(0, 0), gridPoint(3, 0), gridPoint(5, 0), gridPoint(8, 0)])
  const ctx = createTravelContext({ network, cellLng: cells.lng, cellLat: cells.lat })
  const fac = pointArrays([gridPoint(1, 0), gridPoint(6, 0)])
  const set = createFacilitySet(ctx, fac.lng, fac.lat)
  const catchments = facilityCatchments(ctx, set, { speedKmh: 4, maxMinutes: 3 })
  return { catchments, demand: Float64Array.of(100, 200, 300, 400), supply: Float64Array.of(10, 30) }
}

describe('facilityCatchments', () => {
  it('lists the cells within d0 of each facility with their minutes (inclusive)', () => {
    const { catchments } = street()
    const pairs = (j: number) => Array.from({ length: catchments.start[j + 1] - catchments.start[j] }, (_, k) => [catchments.cell[catchments.start[j] + k], catchments.minutes[catchments.start[j] + k]]).sort((a, b) => a[0] - b[0])
    expect(pairs(0)).toEqual([[0, 1.5], [1, 3]])
    expect(pairs(1)).toEqual([[2, 1.5], [3, 3]])
  })

  it('agrees with travelTimeToNearest computed for each facility alone (random cities)', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const city = randomCity(seed, { facilities: 5 })
      const network = buildStreetNetwork(city.segments, WALK_PROFILE, { minComponentNodes: 0 })
      const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat })
      const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
      const catchments = facilityCatchments(ctx, set, { speedKmh: 4, maxMinutes: 12 })
      for (let j = 0; j < set.count; j++) {
        const alone = createFacilitySet(ctx, Float64Array.of(city.facilities.lng[j]), Float64Array.of(city.facilities.lat[j]))
        const field = travelTimeToNearest(ctx, alone, { speedKmh: 4 })
        const expected = []
        for (let c = 0; c < ctx.cells.count; c++) if (field.minutes[c] <= 12) expected.push([c, field.minutes[c]])
        const got = []
        for (let p = catchments.start[j]; p < catchments.start[j + 1]; p++) got.push([catchments.cell[p], catchments.minutes[p]])
        expect(got.sort((a, b) => a[0] - b[0])).toEqual(expected)
      }
    }
  })
})

describe('twoStepFca (Luo & Wang)', () => {
  it('computes R_j = S_j / Σ P_i and score_i = Σ R_j by hand', () => {
    const { catchments, demand, supply } = street()
    const { ratio, score } = twoStepFca(catchments, demand, { thresholdMinutes: 3, supply })
    expect(ratio[0]).toBeCloseTo(10 / 300, 12) // A serves c0 + c1 = 300 people
    expect(ratio[1]).toBeCloseTo(30 / 700, 12) // B serves c2 + c3 = 700 people
    expect(Array.from(score)).toEqual([ratio[0], ratio[0], ratio[1], ratio[1]])
  })

  it('conserves supply: Σ P_i score_i = Σ S_j', () => {
    const { catchments, demand, supply } = street()
    const { score } = twoStepFca(catchments, demand, { thresholdMinutes: 3, supply })
    const served = Array.from(score).reduce((s, x, i) => s + x * demand[i], 0)
    expect(served).toBeCloseTo(40, 10)
  })

  it('uses S_j = 1 where the capacity is unknown', () => {
    const { catchments, demand } = street()
    const { ratio } = twoStepFca(catchments, demand, { thresholdMinutes: 3, supply: Float64Array.of(NaN, 30) })
    expect(ratio[0]).toBeCloseTo(1 / 300, 12)
    expect(twoStepFca(catchments, demand, { thresholdMinutes: 3 }).ratio[1]).toBeCloseTo(1 / 700, 12)
  })
})

describe('Gaussian 2SFCA (Dai)', () => {
  it('weights both steps: cells at d0 get weight 0, cells at d0/2 weight G(½)', () => {
    const { catchments, demand, supply } = street()
    const g = (Math.exp(-0.125) - Math.exp(-0.5)) / (1 - Math.exp(-0.5)) // G at t = d0/2 ≈ 0.70137
    const { ratio, score } = twoStepFca(catchments, demand, { thresholdMinutes: 3, supply, decay: 'gaussian' })
    expect(ratio[0]).toBeCloseTo(10 / (g * 100), 10) // c1 sits at d0 and weighs nothing
    expect(ratio[1]).toBeCloseTo(30 / (g * 300), 10)
    // score = G · R: c0 = 10/100, c2 = 30/300; c1 and c3 at d0 get nothing.
    expect(score[0]).toBeCloseTo(0.1, 12)
    expect(score[1]).toBe(0)
    expect(score[2]).toBeCloseTo(0.1, 12)
    expect(score[3]).toBe(0)
  })
})

describe('decay weights', () => {
  it('Gaussian weight is 1 at 0, 0 at and beyond d0, and never increases', () => {
    expect(gaussianWeight(0, 15)).toBe(1)
    expect(gaussianWeight(15, 15)).toBe(0)
    expect(gaussianWeight(16, 15)).toBe(0)
    expect(gaussianWeight(7.5, 15)).toBeCloseTo(0.701367, 6)
    let prev = 1
    for (let t = 0; t <= 15; t += 0.25) {
      const w = gaussianWeight(t, 15)
      expect(w).toBeLessThanOrEqual(prev)
      prev = w
    }
  })

  it('step weight is inclusive at d0', () => {
    expect(stepWeight(15, 15)).toBe(1)
    expect(stepWeight(15.01, 15)).toBe(0)
  })
})
