import { describe, expect, it } from 'vitest'
import { createFacilitySet, deactivateFacility } from './facility-set'
import { distanceM, offsetPoint } from './geo'
import { prng } from './test-support/prng'
import { GRID_ORIGIN, pointArrays } from './test-support/street-grid'
import { createTravelContext } from './travel-context'
import { type TravelHit, nearestByTravelMm, straightLineMethod, straightLineMm, straightLineNearestAll } from './straight-line'
import { travelTimeToNearest } from './travel-time'

const at = (eastM: number, northM: number) => offsetPoint(...GRID_ORIGIN, eastM, northM)

function output(n: number) {
  return { speedKmh: 4, metres: new Float64Array(n), minutes: new Float64Array(n), nearest: new Int32Array(n) }
}

/** Straight-line-only context over the given cells, with the given facilities. */
function setup(cells: [number, number][], facilities: [number, number][]) {
  const c = pointArrays(cells)
  const ctx = createTravelContext({ network: null, cellLng: c.lng, cellLat: c.lat })
  const f = pointArrays(facilities)
  return { ctx, set: createFacilitySet(ctx, f.lng, f.lat) }
}

describe('straight-line nearest facility', () => {
  it('times distance × detour in whole millimetres, nearest first, within the limit', () => {
    // Cell at the origin; facility 0 is 100 m east (130 m of travel), facility 1 is 60 m north (78 m).
    const { ctx, set } = setup([at(0, 0), at(0, 1000)], [at(100, 0), at(0, 60)])
    const hit: TravelHit = { id: -1, mm: 0 }
    nearestByTravelMm(set.grid, ...at(0, 0), 1.3, 1_000_000, set.active, hit)
    expect(hit).toEqual({ id: 1, mm: 78_000 })
    for (const method of ['facilities', 'cells'] as const) {
      const out = output(2)
      // Limit 1000 m of travel: the second cell is 940 m from facility 1 (1222 m of travel): out of reach.
      straightLineNearestAll(ctx.cells.grid, set, 1.3, 1_000_000, out, method)
      expect(Array.from(out.metres)).toEqual([78, Infinity])
      expect(Array.from(out.nearest)).toEqual([1, -1])
      expect(out.minutes[0]).toBe(1.17) // 78 m at 4 km/h
    }
  })

  it('breaks ties by whole millimetres, then the lower facility index (not by sub-millimetre distance)', () => {
    // Facility 0 is 500.0004 m away, facility 1 500.0001 m: both are 500,000 mm, so 0 wins.
    const { ctx, set } = setup([at(0, 0)], [at(0, 500.0004), at(0, -500.0001)])
    expect(distanceM(...at(0, 0), ...at(0, -500.0001))).toBeLessThan(distanceM(...at(0, 0), ...at(0, 500.0004)))
    expect(straightLineMm(distanceM(...at(0, 0), ...at(0, 500.0004)), 1)).toBe(500_000)
    const hit: TravelHit = { id: -1, mm: 0 }
    nearestByTravelMm(set.grid, ...at(0, 0), 1, 0x7ffffffe, null, hit)
    expect(hit).toEqual({ id: 0, mm: 500_000 })
    for (const method of ['facilities', 'cells'] as const) {
      const out = output(1)
      straightLineNearestAll(ctx.cells.grid, set, 1, 0x7ffffffe, out, method)
      expect([out.nearest[0], out.metres[0]]).toEqual([0, 500])
    }
    const plain = createTravelContext({ network: null, cellLng: ctx.cells.lng, cellLat: ctx.cells.lat, detourFactor: 1 })
    const field = travelTimeToNearest(plain, createFacilitySet(plain, set.lng.slice(0, 2), set.lat.slice(0, 2)), { speedKmh: 4 })
    expect([field.nearest[0], field.metres[0]]).toEqual([0, 500])
  })

  it('stamps from the facilities when they are few for the limit, and searches per cell block otherwise', () => {
    const rand = prng(5)
    const cells = Array.from({ length: 4000 }, () => at(rand() * 20_000, rand() * 20_000))
    const few = setup(cells, Array.from({ length: 20 }, () => at(rand() * 20_000, rand() * 20_000)))
    expect(straightLineMethod(few.ctx.cells.grid, few.set, 1.3, 1_000_000)).toBe('facilities')
    expect(straightLineMethod(few.ctx.cells.grid, few.set, 1.3, 0x7ffffffe)).toBe('cells')
    const many = setup(cells, Array.from({ length: 3000 }, () => at(rand() * 20_000, rand() * 20_000)))
    expect(straightLineMethod(many.ctx.cells.grid, many.set, 1.3, 1_000_000)).toBe('cells')
  })

  it('gives a linear scan\'s answer with either method: random points, removed facilities, points beyond the grid', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rand = prng(seed)
      const cells = Array.from({ length: 600 }, () => at(rand() * 8000, rand() * 8000))
      const facilities = Array.from({ length: 5 + Math.floor(rand() * 60) }, () => at(rand() * 8000, rand() * 8000))
      const { ctx, set } = setup(cells, facilities)
      // Points appended later may lie outside the grids' extent (chained apart, always checked).
      deactivateFacility(set, 0)
      const far = createFacilitySet(ctx, Float64Array.of(at(40_000, 0)[0]), Float64Array.of(at(40_000, 0)[1]))
      for (const cutoffMm of [0x7ffffffe, 900_000, 2_500_000]) {
        const expected = cells.map(([x, y]) => {
          let best = Infinity
          let bestJ = -1
          for (let j = 0; j < set.count; j++) {
            if (set.active[j] === 0) continue
            const mm = straightLineMm(distanceM(x, y, set.lng[j], set.lat[j]), 1.3)
            if (mm <= cutoffMm && (mm < best || (mm === best && j < bestJ))) [best, bestJ] = [mm, j]
          }
          return [bestJ, bestJ >= 0 ? best / 1000 : Infinity]
        })
        for (const method of ['facilities', 'cells'] as const) {
          const out = output(cells.length)
          straightLineNearestAll(ctx.cells.grid, set, 1.3, cutoffMm, out, method)
          expect(cells.map((_, i) => [out.nearest[i], out.metres[i]])).toEqual(expected)
        }
      }
      const out = output(cells.length)
      straightLineNearestAll(ctx.cells.grid, far, 1.3, 0x7ffffffe, out, 'cells')
      expect(Array.from(out.nearest).every((j) => j === 0)).toBe(true)
    }
  })

  it('leaves every cell unreachable without an active facility', () => {
    const { ctx, set } = setup([at(0, 0), at(500, 0)], [at(100, 0)])
    deactivateFacility(set, 0)
    const out = output(2)
    straightLineNearestAll(ctx.cells.grid, set, 1.3, 0x7ffffffe, out)
    expect(Array.from(out.nearest)).toEqual([-1, -1])
    expect(Array.from(out.minutes)).toEqual([Infinity, Infinity])
  })
})
