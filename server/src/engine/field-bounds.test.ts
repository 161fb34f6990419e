import { describe, expect, it } from 'vitest'
import { buildFieldBounds, raiseFieldBound, sweepFieldBounds } from './field-bounds'
import { distanceM, offsetPoint } from './geo'
import { straightLineMm } from './straight-line'
import { prng } from './test-support/prng'
import { GRID_ORIGIN, pointArrays } from './test-support/street-grid'
import { createTravelContext } from './travel-context'

const at = (eastM: number, northM: number) => offsetPoint(...GRID_ORIGIN, eastM, northM)

function context(points: [number, number][]) {
  const c = pointArrays(points)
  return createTravelContext({ network: null, cellLng: c.lng, cellLat: c.lat })
}

describe('field bounds (block maxima for straight-line sweeps)', () => {
  // Cluster A: cells 0, 50 and 500 m west of the origin at 100 m; cluster B: 20 km north at 5 km.
  // The grid starts 0.02° west of the westernmost cell (−500 m), so cells 0 and 1 share a block
  // (4 × 4 buckets of 250 m) and cell 2 lies in the block to the west.
  const ctx = context([at(0, 0), at(-50, 0), at(-500, 0), at(0, 20_000), at(60, 20_000)])

  it('groups the cells by 1 km block', () => {
    const block = ctx.cells.block
    expect([block[1], block[2], block[4]]).toEqual([block[0], block[0] - 1, block[3]])
    expect(block[3]).not.toBe(block[0])
  })
  const metres = Float64Array.of(100, 100, 100, 5000, 5000)

  it('visits only the cells a facility at the origin could reach within their current metres', () => {
    const bounds = buildFieldBounds(ctx, metres)
    const seen: [number, number][] = []
    // 0 m and 50 m (65 m of travel) are within 100 m; 500 m (650 m) is not; B is 26 km away.
    const visits = sweepFieldBounds(ctx, bounds, metres, ...at(0, 0), 1.3, 0x7ffffffe, (c, mm) => seen.push([c, mm]))
    expect(visits).toBe(2)
    expect(seen.sort((a, b) => a[0] - b[0])).toEqual([[0, 0], [1, 65_000]])
  })

  it('reaches cluster B only when its bound allows 26 km, and respects the search limit', () => {
    const far = Float64Array.of(100, 100, 100, 30_000, 5000)
    const bounds = buildFieldBounds(ctx, far)
    const seen: number[] = []
    sweepFieldBounds(ctx, bounds, far, ...at(0, 0), 1.3, 0x7ffffffe, (c) => seen.push(c))
    expect(seen.sort()).toEqual([0, 1, 3]) // cell 4 (5 km) stays out; cell 3 (30 km ≥ 26 km) is seen
    seen.length = 0
    sweepFieldBounds(ctx, bounds, far, ...at(0, 0), 1.3, 10_000_000, (c) => seen.push(c)) // ≤ 10 km of travel
    expect(seen.sort()).toEqual([0, 1])
  })

  it('tightens the blocks it visits and follows raised cells', () => {
    const m = Float64Array.from(metres)
    const bounds = buildFieldBounds(ctx, m)
    const [blockA, blockW] = [ctx.cells.block[0], ctx.cells.block[2]]
    expect([bounds.levels[0][blockA], bounds.levels[0][blockW]]).toEqual([100, 100])
    // A facility at the origin takes cells 0 and 1 (0 and 65 m): their block is exact again
    // (65); cell 2's block, ≥ 430 m away (559 m of travel > 100), is not visited.
    sweepFieldBounds(ctx, bounds, m, ...at(0, 0), 1.3, 0x7ffffffe, (c, mm) => { m[c] = Math.min(m[c], mm / 1000) })
    expect(Array.from(m.subarray(0, 3))).toEqual([0, 65, 100])
    expect([bounds.levels[0][blockA], bounds.levels[0][blockW]]).toEqual([65, 100])
    m[0] = 2000
    raiseFieldBound(ctx, bounds, 0, 2000)
    expect(bounds.levels[0][blockA]).toBe(2000)
    expect(bounds.levels[bounds.levels.length - 1][0]).toBe(5000)
    const seen: number[] = []
    sweepFieldBounds(ctx, bounds, m, ...at(1000, 0), 1.3, 0x7ffffffe, (c) => seen.push(c))
    expect(seen).toEqual([0]) // 1 km away = 1300 m ≤ 2000 m; cells 1 and 2 are farther than their metres
  })

  it('never misses a cell that could be reached (random fields, raises and sweeps)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rand = prng(seed)
      const points = Array.from({ length: 800 }, () => at(rand() * 12_000, rand() * 12_000))
      const c = createTravelContext({ network: null, cellLng: pointArrays(points).lng, cellLat: pointArrays(points).lat })
      const m = Float64Array.from(points, () => (rand() < 0.02 ? Infinity : Math.round(rand() * 3_000_000) / 1000))
      const bounds = buildFieldBounds(c, m)
      for (let step = 0; step < 40; step++) {
        const [x, y] = at(rand() * 14_000 - 1000, rand() * 14_000 - 1000)
        const limit = rand() < 0.5 ? 0x7ffffffe : Math.floor(rand() * 2_000_000)
        const seen = new Set<number>()
        sweepFieldBounds(c, bounds, m, x, y, 1.3, limit, (cell, mm) => {
          expect(mm).toBe(straightLineMm(distanceM(x, y, points[cell][0], points[cell][1]), 1.3))
          seen.add(cell)
          if (rand() < 0.5) m[cell] = mm / 1000 // lowered: the bound may stay high
        })
        for (let cell = 0; cell < points.length; cell++) {
          const mm = straightLineMm(distanceM(x, y, points[cell][0], points[cell][1]), 1.3)
          if (mm <= Math.min(m[cell] * 1000, limit)) expect(seen.has(cell)).toBe(true)
        }
        const raised = Math.floor(rand() * points.length)
        m[raised] += 1000
        raiseFieldBound(c, bounds, raised, m[raised])
      }
    }
  })
})
