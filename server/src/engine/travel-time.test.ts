import { describe, expect, it } from 'vitest'
import { createFacilitySet } from './facility-set'
import { distanceM, offsetPoint } from './geo'
import { buildStreetNetwork } from './graph'
import { CAR_PROFILE, WALK_PROFILE } from './street-profile'
import { GRID_ORIGIN, gridPoint, gridSegments, pointArrays, segment } from './test-support/street-grid'
import { createTravelContext } from './travel-context'
import { evaluateCell, travelMethod, travelTimeToNearest } from './travel-time'
import { randomCity } from './test-support/random-city'
import type { StreetSegment } from './street-segment'

/** Context over a street list with cells at the given points. */
function setup(segments: StreetSegment[] | null, cells: [number, number][], facilities: [number, number][], minComponentNodes = 0) {
  const network = segments ? buildStreetNetwork(segments, WALK_PROFILE, { minComponentNodes }) : null
  const c = pointArrays(cells)
  const ctx = createTravelContext({ network, cellLng: c.lng, cellLat: c.lat })
  const f = pointArrays(facilities)
  return { ctx, set: createFacilitySet(ctx, f.lng, f.lat) }
}

const grid10 = gridSegments({ cols: 10, rows: 10 })

describe('travelTimeToNearest on a 100 m street grid at 4 km/h', () => {
  it('times a facility 7 blocks away at 10.5 minutes, whatever the turns', () => {
    const { ctx, set } = setup(grid10, [gridPoint(7, 0), gridPoint(3, 4), gridPoint(0, 0)], [gridPoint(0, 0)])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(Array.from(field.minutes)).toEqual([10.5, 10.5, 0])
    expect(Array.from(field.nearest)).toEqual([0, 0, 0])
    expect(travelMethod(ctx, set, field)).toBe('network')
  })

  it('adds the straight-line legs of cell and facility at the same speed', () => {
    // Cell 30 m north of node (7,0): on block (7,0)–(7,1), 30 m along it (leg 0); facility 20 m
    // south of node (0,0), outside the grid: leg 20 m to that corner. 30 + 700 + 20 = 750 m
    // (each part rounded to whole mm: ±2 mm).
    const cell = offsetPoint(...gridPoint(7, 0), 0, 30)
    const fac = offsetPoint(...gridPoint(0, 0), 0, -20)
    const { ctx, set } = setup(grid10, [cell], [fac])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(Math.abs(field.metres[0] - 750)).toBeLessThanOrEqual(0.002)
    expect(field.minutes[0]).toBeCloseTo(11.25, 4)
  })

  it('picks the nearest of several facilities, and the lower index on a tie', () => {
    // Cell at (5,5); facilities at (5,9) = 400 m, (1,5) = 400 m, (5,7) = 200 m.
    const { ctx, set } = setup(grid10, [gridPoint(5, 5), gridPoint(0, 5)], [gridPoint(5, 9), gridPoint(1, 5), gridPoint(5, 7)])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(field.nearest[0]).toBe(2)
    expect(field.minutes[0]).toBe(3)
    expect(field.nearest[1]).toBe(1) // 100 m to (1,5)
    const tie = setup(grid10, [gridPoint(5, 5)], [gridPoint(5, 9), gridPoint(1, 5)])
    expect(travelTimeToNearest(tie.ctx, tie.set, { speedKmh: 4 }).nearest[0]).toBe(0)
  })

  it('converts at the requested speed: 700 m by bike at 12 km/h is 3.5 minutes', () => {
    const { ctx, set } = setup(grid10, [gridPoint(7, 0)], [gridPoint(0, 0)])
    expect(travelTimeToNearest(ctx, set, { speedKmh: 12 }).minutes[0]).toBe(3.5)
  })

  it('treats maxMinutes as an inclusive limit beyond which cells are unreachable', () => {
    const { ctx, set } = setup(grid10, [gridPoint(7, 0), gridPoint(6, 0)], [gridPoint(0, 0)])
    const tight = travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes: 10 })
    expect(tight.minutes[0]).toBe(Infinity)
    expect(tight.nearest[0]).toBe(-1)
    expect(tight.minutes[1]).toBe(9)
    expect(travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes: 10.5 }).minutes[0]).toBe(10.5)
  })
})

describe('travel times follow the streets, not the crow', () => {
  it('sends a cell across a river the long way round, over the only bridge', () => {
    // Rows 0–4 south bank, 5–9 north bank; the only crossing is at column 9.
    const river = gridSegments({ cols: 10, rows: 10, keepBlock: (c1, r1, c2, r2) => !(r1 === 4 && r2 === 5 && c1 !== 9) })
    const { ctx, set } = setup(river, [gridPoint(0, 5)], [gridPoint(0, 4)])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    // 900 m east along row 5, 100 m bridge, 900 m west along row 4: 1900 m = 28.5 minutes
    // although the facility is 100 m away in a straight line.
    expect(field.minutes[0]).toBe(28.5)
  })

  it('walks out of one dead end and into another', () => {
    // Main street along row 0 (cols 0–6); cul-de-sacs 300 m north from cols 2 and 4.
    const main = gridSegments({ cols: 7, rows: 1 })
    const culDeSac = (col: number, keyBase: number) =>
      [0, 1, 2].map((r) => segment(r === 0 ? 1 + col : keyBase + r, keyBase + r + 1, gridPoint(col, r), gridPoint(col, r + 1), 100))
    const { ctx, set } = setup([...main, ...culDeSac(2, 100), ...culDeSac(4, 200)], [gridPoint(4, 3), gridPoint(6, 0)], [gridPoint(2, 3)])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(field.metres[0]).toBe(800) // 300 down + 200 along + 300 up, though 200 m apart
    expect(field.metres[1]).toBe(700) // 400 along + 300 up
  })

  it('reports a snapped cell on an unconnected island as unreachable (Infinity, no facility)', () => {
    const island = gridSegments({ cols: 2, rows: 2, keyBase: 1000, origin: [GRID_ORIGIN[0] + 0.03, GRID_ORIGIN[1]] })
    const islandCell: [number, number] = [GRID_ORIGIN[0] + 0.03, GRID_ORIGIN[1]]
    const { ctx, set } = setup([...grid10, ...island], [islandCell, gridPoint(1, 0)], [gridPoint(0, 0)])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(ctx.cells.node[0]).toBeGreaterThanOrEqual(0)
    expect(field.minutes[0]).toBe(Infinity)
    expect(field.nearest[0]).toBe(-1)
    expect(field.minutes[1]).toBe(1.5)
    expect(travelMethod(ctx, set, field)).toBe('network')
  })
})

describe('straight-line fallback (distance × 1.3 at the same speed)', () => {
  it('is used everywhere when no network is loaded', () => {
    const cell = gridPoint(0, 0)
    const fac = offsetPoint(...cell, 400, 300) // 500 m away
    const { ctx, set } = setup(null, [cell], [fac])
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(field.metres[0]).toBeCloseTo(650, 6)
    expect(field.minutes[0]).toBeCloseTo(9.75, 6)
    expect(travelMethod(ctx, set, field)).toBe('straight-line')
  })

  it('is used for a cell beyond the snap limit, making the result mixed', () => {
    // Island pruned (4 nodes < 40) and 2.9 km from the mainland: its cell is off the network.
    const island = gridSegments({ cols: 2, rows: 2, keyBase: 1000, origin: [GRID_ORIGIN[0] + 0.03, GRID_ORIGIN[1]] })
    const islandCell: [number, number] = [GRID_ORIGIN[0] + 0.03, GRID_ORIGIN[1]]
    const { ctx, set } = setup([...grid10, ...island], [islandCell, gridPoint(1, 0)], [gridPoint(0, 0)], 40)
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(ctx.cells.node[0]).toBe(-1)
    const straight = distanceM(...islandCell, ...gridPoint(0, 0))
    expect(field.metres[0]).toBeCloseTo(straight * 1.3, 2) // whole millimetres
    expect(travelMethod(ctx, set, field)).toBe('mixed')
    expect(travelMethod(ctx, set, field, Int32Array.of(1))).toBe('network')
  })

  it('is used for a facility beyond the snap limit, competing fairly with network facilities', () => {
    const far = offsetPoint(...gridPoint(0, 0), 0, -600) // 600 m south of the grid: off the network
    const { ctx, set } = setup(grid10, [gridPoint(0, 0), gridPoint(9, 9)], [far, gridPoint(9, 0)])
    expect(set.node[0]).toBe(-1)
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(field.nearest[0]).toBe(0) // 600 × 1.3 = 780 m beats 900 m over the network
    expect(field.metres[0]).toBeCloseTo(780, 6)
    expect(field.nearest[1]).toBe(1) // 900 m over the network
    expect(field.metres[1]).toBe(900)
  })
})

describe('mixed contexts: every cell follows the per-cell rule (evaluateCell)', () => {
  for (const maxMinutes of [undefined, 10]) {
    it(`with many facilities and cells off the network — limit ${maxMinutes ?? 'none'}`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const city = randomCity(seed, { cells: 800, facilities: 30 })
        const network = buildStreetNetwork(city.segments, WALK_PROFILE, { minComponentNodes: 0 })
        const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat, maxSnapDistanceM: 150 })
        const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
        expect(set.unsnappedActive).toBeGreaterThan(3)
        const field = travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes })
        const reference = { ...field, metres: new Float64Array(field.metres.length), minutes: new Float64Array(field.metres.length), nearest: new Int32Array(field.metres.length) }
        const hit = { id: -1, mm: 0 }
        for (let i = 0; i < ctx.cells.count; i++) evaluateCell(ctx, set, reference, i, hit)
        expect(field.metres).toEqual(reference.metres)
        expect(field.minutes).toEqual(reference.minutes)
        expect(field.nearest).toEqual(reference.nearest)
      }
    })
  }
})

describe('one-way streets (car)', () => {
  it('times travel towards the facility against the direction of one-way arcs only when allowed', () => {
    // A → B one-way, B — C two-way.
    const a = gridPoint(0, 0), b = gridPoint(1, 0), c = gridPoint(2, 0)
    const segs = [segment(1, 2, a, b, 100, { highway: 'residential', oneway: 'yes' }), segment(2, 3, b, c, 100)]
    const network = buildStreetNetwork(segs, CAR_PROFILE, { minComponentNodes: 0 })
    const cells = pointArrays([a, c])
    const ctx = createTravelContext({ network, cellLng: cells.lng, cellLat: cells.lat })
    const facilitiesAt = (p: [number, number]) => createFacilitySet(ctx, Float64Array.of(p[0]), Float64Array.of(p[1]))
    const atC = travelTimeToNearest(ctx, facilitiesAt(c), { speedKmh: 30 })
    expect(atC.metres[0]).toBe(200) // A → B → C is allowed
    const atA = travelTimeToNearest(ctx, facilitiesAt(a), { speedKmh: 30 })
    expect(atA.metres[1]).toBe(Infinity) // C → B → A would drive B → A against the one-way
  })
})
