import { describe, expect, it } from 'vitest'
import { type FacilitySet, createFacilitySet } from './facility-set'
import { buildStreetNetwork } from './graph'
import { CAR_PROFILE, type StreetProfile, WALK_PROFILE } from './street-profile'
import { randomCity } from './test-support/random-city'
import { offsetPoint } from './geo'
import { GRID_ORIGIN, gridPoint, gridSegments, pointArrays } from './test-support/street-grid'
import { type TravelContext, createTravelContext } from './travel-context'
import { type NearestFacilityField, travelTimeToNearest } from './travel-time'
import { addFacility, coveredPopulationChange, moveFacility, removeFacility } from './what-if'

function snapshot(field: NearestFacilityField) {
  return {
    metres: Float64Array.from(field.metres),
    minutes: Float64Array.from(field.minutes),
    nearest: Int32Array.from(field.nearest),
    dist: field.labels ? Float64Array.from(field.labels.dist) : null,
    origin: field.labels ? Int32Array.from(field.labels.origin) : null,
  }
}

/**
 * `steps` random edits (40 % add, 30 % remove, 30 % move): after each, the field equals a full
 * recomputation and the change list names exactly the cells that differ.
 */
function randomEdits(ctx: TravelContext, set: FacilitySet, field: NearestFacilityField, city: ReturnType<typeof randomCity>, steps: number, maxMinutes: number | undefined) {
  for (let step = 0; step < steps; step++) {
    const active = Array.from({ length: set.count }, (_, j) => j).filter((j) => set.active[j])
    const r = city.rand()
    const before = snapshot(field)
    let changed: Int32Array
    if (r < 0.4 || active.length === 0) changed = addFacility(ctx, set, field, ...city.point()).change.cells
    else if (r < 0.7) changed = removeFacility(ctx, set, field, active[Math.floor(city.rand() * active.length)]).cells
    else changed = moveFacility(ctx, set, field, active[Math.floor(city.rand() * active.length)], ...city.point()).change.cells
    const full = travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes })
    expect(snapshot(field)).toEqual(snapshot(full))
    const differs = []
    for (let c = 0; c < ctx.cells.count; c++) if (before.metres[c] !== full.metres[c] || before.nearest[c] !== full.nearest[c]) differs.push(c)
    expect(Array.from(changed).sort((a, b) => a - b)).toEqual(differs)
  }
}

/** Every cell of a 10 × 10 grid of 100 m blocks, one cell per node, cell index = row × 10 + col. */
function gridCase() {
  const network = buildStreetNetwork(gridSegments({ cols: 10, rows: 10 }), WALK_PROFILE)
  const pts: [number, number][] = []
  for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) pts.push(gridPoint(c, r))
  const cells = pointArrays(pts)
  const ctx = createTravelContext({ network, cellLng: cells.lng, cellLat: cells.lat })
  const set = createFacilitySet(ctx, Float64Array.of(gridPoint(0, 0)[0]), Float64Array.of(gridPoint(0, 0)[1]))
  return { ctx, set, field: travelTimeToNearest(ctx, set, { speedKmh: 4 }) }
}

describe('addFacility', () => {
  it('improves exactly the cells closer to the new facility, as a full recomputation would', () => {
    const { ctx, set, field } = gridCase()
    const { index, change } = addFacility(ctx, set, field, ...gridPoint(9, 9))
    expect(index).toBe(1)
    expect(field.minutes[99]).toBe(0) // (9,9) was 1800 m = 27 min away
    expect(field.minutes[55]).toBe(12) // (5,5): 800 m to the new one instead of 1000 m
    expect(field.nearest[55]).toBe(1)
    expect(field.nearest[44]).toBe(0) // (4,4): 800 m either way, the lower index keeps it
    // Cells with col + row > 9 are strictly closer to (9,9): 45 of them.
    expect(change.cells.length).toBe(45)
    expect(Array.from(change.cells).every((c) => (c % 10) + Math.floor(c / 10) > 9)).toBe(true)
    const full = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(field.metres).toEqual(full.metres)
    expect(field.nearest).toEqual(full.nearest)
  })

  it('reports the covered population gained', () => {
    const { ctx, set, field } = gridCase()
    const target = new Float64Array(100).fill(10)
    // Within 5 minutes (≤ 333 m = 3 blocks) of (9,9): col + row ≥ 15, i.e. 1 + 2 + 3 + 4 = 10 cells.
    const { change } = addFacility(ctx, set, field, ...gridPoint(9, 9))
    expect(coveredPopulationChange(change, field, target, 5)).toBe(100)
  })
})

describe('removeFacility', () => {
  it('hands the removed facility\'s cells to the next nearest one', () => {
    const { ctx, set, field } = gridCase()
    addFacility(ctx, set, field, ...gridPoint(9, 9))
    const change = removeFacility(ctx, set, field, 0)
    expect(field.minutes[0]).toBe(27) // (0,0) now 1800 m from (9,9)
    expect(field.nearest[0]).toBe(1)
    expect(change.cells.length).toBe(55) // col + row ≤ 9 belonged to facility 0
  })

  it('leaves cells unreachable when the last facility goes', () => {
    const { ctx, set, field } = gridCase()
    removeFacility(ctx, set, field, 0)
    expect(Array.from(field.minutes).every((m) => m === Infinity)).toBe(true)
    expect(Array.from(field.nearest).every((j) => j === -1)).toBe(true)
  })
})

describe('straight-line what-if (no street network)', () => {
  /** 21 cells 1 km apart on an east–west line; facility 0 on cell 0; times are 1.3 × the distance. */
  function lineCase() {
    const pts = Array.from({ length: 21 }, (_, k) => offsetPoint(...GRID_ORIGIN, k * 1000, 0))
    const cells = pointArrays(pts)
    const ctx = createTravelContext({ network: null, cellLng: cells.lng, cellLat: cells.lat })
    const set = createFacilitySet(ctx, Float64Array.of(pts[0][0]), Float64Array.of(pts[0][1]))
    return { pts, ctx, set, field: travelTimeToNearest(ctx, set, { speedKmh: 4 }) }
  }

  it('adding at the far end takes exactly the cells closer to it; the midpoint tie stays with facility 0', () => {
    const { pts, ctx, set, field } = lineCase()
    expect(field.metres[15]).toBe(19_500)
    const target = new Float64Array(21).fill(10)
    const { index, change } = addFacility(ctx, set, field, ...pts[20])
    expect(index).toBe(1)
    expect(Array.from(change.cells).sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    expect([field.metres[15], field.minutes[15], field.nearest[15]]).toEqual([6500, 97.5, 1])
    expect([field.metres[10], field.nearest[10]]).toEqual([13_000, 0])
    // Covered = 30 min = 2000 m of travel, i.e. ≤ 1.54 km: cells 19 and 20 are newly covered.
    expect(coveredPopulationChange(change, field, target, 30)).toBe(20)
    expect(snapshot(field)).toEqual(snapshot(travelTimeToNearest(ctx, set, { speedKmh: 4 })))
  })

  it('removing a facility hands its cells to the other one, and add-then-remove restores the field', () => {
    const { pts, ctx, set, field } = lineCase()
    const before = snapshot(field)
    const { index } = addFacility(ctx, set, field, ...pts[20])
    const change = removeFacility(ctx, set, field, 0)
    expect(Array.from(change.cells).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect([field.metres[0], field.nearest[0]]).toEqual([26_000, 1])
    const back = lineCase()
    addFacility(back.ctx, back.set, back.field, ...pts[20])
    removeFacility(back.ctx, back.set, back.field, 1)
    expect(snapshot(back.field)).toEqual(before)
    expect(index).toBe(1)
  })
})

describe('incremental updates are exact (random cities)', () => {
  const cases: [string, StreetProfile, number, number | undefined][] = [
    ['walking, no limit', WALK_PROFILE, 0, undefined],
    ['walking, 12-minute limit', WALK_PROFILE, 0, 12],
    ['driving with one-way streets', CAR_PROFILE, 0.3, undefined],
  ]
  for (const [name, profile, oneWayShare, maxMinutes] of cases) {
    it(`add then remove restores the original arrays bit for bit — ${name}`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const city = randomCity(seed, { oneWayShare })
        const network = buildStreetNetwork(city.segments, profile, { minComponentNodes: 0 })
        const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat })
        const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
        const field = travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes })
        const before = snapshot(field)
        for (let trial = 0; trial < 5; trial++) {
          const { index } = addFacility(ctx, set, field, ...city.point())
          removeFacility(ctx, set, field, index)
          expect(snapshot(field)).toEqual(before)
        }
      }
    })

    it(`any sequence of add / remove / move equals a full recomputation — ${name}`, () => {
      for (let seed = 11; seed <= 16; seed++) {
        const city = randomCity(seed, { oneWayShare })
        const network = buildStreetNetwork(city.segments, profile, { minComponentNodes: 0 })
        const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat })
        const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
        const field = travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes })
        randomEdits(ctx, set, field, city, 12, maxMinutes)
      }
    })
  }

  for (const maxMinutes of [undefined, 12]) {
    it(`straight lines only: any sequence equals a full recomputation, many cells — limit ${maxMinutes ?? 'none'}`, () => {
      for (let seed = 21; seed <= 24; seed++) {
        const city = randomCity(seed, { cells: 1500, facilities: 12 })
        const ctx = createTravelContext({ network: null, cellLng: city.cells.lng, cellLat: city.cells.lat })
        const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
        const field = travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes })
        randomEdits(ctx, set, field, city, 15, maxMinutes)
      }
    })
  }

  it('also works without any street network (straight lines only)', () => {
    const city = randomCity(3)
    const ctx = createTravelContext({ network: null, cellLng: city.cells.lng, cellLat: city.cells.lat })
    const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    const before = snapshot(field)
    const { index } = addFacility(ctx, set, field, ...city.point())
    expect(snapshot(field)).toEqual(snapshot(travelTimeToNearest(ctx, set, { speedKmh: 4 })))
    removeFacility(ctx, set, field, index)
    expect(snapshot(field)).toEqual(before)
  })
})
