/**
 * Hand-computed travel times where snapping onto segments (instead of the nearest junction) and
 * road-class speeds change the answer (issue 9.1 / 9.3). Networks are drawn in metres east/north
 * of a point in Ningbo; every expected value is worked out in the comments. Tolerance: each part
 * (leg, along-segment position) is rounded to whole millimetres and drawn geometry differs from
 * the declared lengths by < 1 cm, so times are compared to 0.01 m (≈ 0.0002 min on foot).
 */
import { describe, expect, it } from 'vitest'
import { facilityCatchments } from './catchments'
import { findGapClusters } from './gaps'
import { createFacilitySet } from './facility-set'
import { cellToLatLng, latLngToCell } from 'h3-js'
import { METRES_PER_DEGREE, offsetPoint } from './geo'
import { buildStreetNetwork } from './graph'
import { isochroneBands } from './isochrone'
import { legCostFactor } from './road-speeds'
import { suggestSites } from './siting'
import { BIKE_PROFILE, CAR_PROFILE, type StreetProfile, WALK_PROFILE } from './street-profile'
import type { StreetSegment } from './street-segment'
import { randomCity } from './test-support/random-city'
import { GRID_ORIGIN, gridPoint, gridSegments, pointArrays } from './test-support/street-grid'
import { createTravelContext } from './travel-context'
import { travelTimeToNearest } from './travel-time'
import { twoStepFca } from './two-step-fca'
import type { TravelMode } from './travel-settings'
import { addFacility, moveFacility, removeFacility } from './what-if'

/** The point x metres east and y metres north of the test origin. */
const P = (x: number, y: number): [number, number] => {
  const [lng, lat] = offsetPoint(GRID_ORIGIN[0], GRID_ORIGIN[1], 0, y)
  return offsetPoint(lng, lat, x, 0)
}
let nextId = 0
/** A straight street a → b (node keys ka, kb) of declared length lengthM. */
const street = (ka: number, kb: number, a: [number, number], b: [number, number], lengthM: number, tags: Record<string, string> = { highway: 'residential' }): StreetSegment =>
  ({ wayId: `w${nextId++}`, source: ka, target: kb, coords: [P(...a), P(...b)], lengthM, tags })

function field(segments: StreetSegment[], profile: StreetProfile, cells: [number, number][], facilities: [number, number][], mode?: Pick<TravelMode, 'speedKmh' | 'roads' | 'accessSpeedKmh'>) {
  const network = buildStreetNetwork(segments, profile, { minComponentNodes: 0, speeds: mode })
  const c = pointArrays(cells.map((p) => P(...p)))
  const ctx = createTravelContext({ network, cellLng: c.lng, cellLat: c.lat, legFactor: mode ? legCostFactor(mode) : 1 })
  const f = pointArrays(facilities.map((p) => P(...p)))
  const set = createFacilitySet(ctx, f.lng, f.lat)
  return { network, ctx, set, field: travelTimeToNearest(ctx, set, { speedKmh: mode?.speedKmh ?? 4 }) }
}

describe('a cell mid-block on a 400 m block (walking, 4 km/h)', () => {
  // 3 × 2 grid of 400 m blocks. The cell is 10 m north of the middle of block (1,0)–(2,0).
  const grid = gridSegments({ cols: 3, rows: 2, blockM: 400 })
  const cell = offsetPoint(...gridPoint(1, 0, 400), 200, 10)

  it('walks 10 m to the street, 200 m along the block and 400 m to a facility at (0,0)', () => {
    // Junction snapping would walk 200.25 m straight to (1,0) then 400 m: 600.25 m. Now
    // 10 + 200 + 400 = 610 m = 9.15 min.
    const net = buildStreetNetwork(grid, WALK_PROFILE, { minComponentNodes: 0 })
    const c = pointArrays([cell])
    const ctx = createTravelContext({ network: net, cellLng: c.lng, cellLat: c.lat })
    const f = pointArrays([gridPoint(0, 0, 400)])
    const r = travelTimeToNearest(ctx, createFacilitySet(ctx, f.lng, f.lat), { speedKmh: 4 })
    expect(Math.abs(r.metres[0] - 610)).toBeLessThan(0.01)
    expect(r.minutes[0]).toBeCloseTo(9.15, 3)
  })

  it('goes straight along the block to a facility on the same block', () => {
    // Facility 5 m south of the block, 100 m from (2,0): 10 + 100 + 5 = 115 m (junction
    // snapping: 200.25 + 100.1 via (2,0) = 300.4 m).
    const net = buildStreetNetwork(grid, WALK_PROFILE, { minComponentNodes: 0 })
    const c = pointArrays([cell])
    const ctx = createTravelContext({ network: net, cellLng: c.lng, cellLat: c.lat })
    const f = pointArrays([offsetPoint(...gridPoint(2, 0, 400), -100, -5)])
    const set = createFacilitySet(ctx, f.lng, f.lat)
    const r = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    expect(Math.abs(r.metres[0] - 115)).toBeLessThan(0.01)
    // The same pair through the facility-side search (2SFCA catchments, siting).
    const catchments = facilityCatchments(ctx, set, { speedKmh: 4, maxMinutes: 2 })
    expect(Array.from(catchments.cell)).toEqual([0])
    expect(Math.abs(catchments.minutes[0] - 115 * 60 / 4000)).toBeLessThan(0.0002)
    // 115 m = 1.725 min: covered at 1.8 min, not at 1.7.
    expect(facilityCatchments(ctx, set, { speedKmh: 4, maxMinutes: 1.7 }).cell.length).toBe(0)
    // 2SFCA with d0 = 2 min: the facility (capacity 6) serves the cell's 30 children: R = 6 / 30,
    // score 0.2 (junction snapping put the pair at 4.5 min: score 0).
    const fca = twoStepFca(catchments, Float64Array.of(30), { thresholdMinutes: 2, supply: Float64Array.of(6) })
    expect(fca.ratio[0]).toBeCloseTo(0.2, 12)
    expect(fca.score[0]).toBeCloseTo(0.2, 12)
  })
})

describe('a gap that junction snapping hid', () => {
  it('a cell 10 m off the middle of a 400 m block, 3.15 min from the facility at its end, is a gap at 3.1 min', () => {
    // The cell's centroid C; the block runs from 200 m west to 200 m east of C, 10 m south of it,
    // the facility at its west end: 10 + 200 = 210 m = 3.15 min (the old straight 200.25 m to
    // the junction, 3.004 min, counted it covered at 3.1).
    const h = latLngToCell(29.87, 121.55, 10)
    const [cLat, cLng] = cellToLatLng(h)
    const Q = (x: number, y: number) => offsetPoint(...offsetPoint(cLng, cLat, 0, y), x, 0)
    const seg = { wayId: 'b', source: 1, target: 2, coords: [Q(-200, -10), Q(200, -10)], lengthM: 400, tags: { highway: 'residential' } }
    const network = buildStreetNetwork([seg], WALK_PROFILE, { minComponentNodes: 0 })
    const ctx = createTravelContext({ network, cellLng: Float64Array.of(cLng), cellLat: Float64Array.of(cLat) })
    const [fl, fa] = Q(-200, -10)
    const f = travelTimeToNearest(ctx, createFacilitySet(ctx, Float64Array.of(fl), Float64Array.of(fa)), { speedKmh: 4 })
    expect(f.minutes[0]).toBeCloseTo(3.15, 4)
    const input = { h3: [h], cellIndex: new Map([[h, 0]]), minutes: f.minutes, targetPopulation: Float64Array.of(12), population: Float64Array.of(100) }
    const gaps = findGapClusters({ ...input, thresholdMinutes: 3.1 })
    expect(gaps.map((g) => [g.cells, g.targetPopulation])).toEqual([[[h], 12]])
    expect(findGapClusters({ ...input, thresholdMinutes: 3.2 })).toEqual([])
  })
})

describe('a facility across a river, 60 m from the nearest junction on the far bank', () => {
  // South bank street S0 (0,0) – S1 (300,0) – S2 (1000,0); bridge S2 – N2 (1000,40); north bank
  // street N0 (240,40) – N2 (1000,40), with a lane N0 – N3 (240,400). The facility stands 3 m
  // north of the north street at x = 300, 60 m east of junction N0; the cell is 10 m south of S1.
  const segments = [
    street(1, 2, [0, 0], [300, 0], 300), street(2, 3, [300, 0], [1000, 0], 700),
    street(3, 13, [1000, 0], [1000, 40], 40),
    street(11, 13, [240, 40], [1000, 40], 760), street(11, 14, [240, 40], [240, 400], 360),
  ]
  it('crosses at the bridge: 10 + 700 + 40 + 700 + 3 = 1,453 m, not 53 m straight over the water', () => {
    // Junction snapping put the facility on S1, 43 m away across the river (53 m in all).
    const r = field(segments, WALK_PROFILE, [[300, -10]], [[300, 43]])
    expect(Math.abs(r.field.metres[0] - 1453)).toBeLessThan(0.01)
    expect(r.field.minutes[0]).toBeCloseTo(21.795, 3)
  })

  it('what-if: adding, moving and removing the facility give the same times', () => {
    const r = field(segments, WALK_PROFILE, [[300, -10], [250, 60]], [[0, -20]])
    // Baseline: facility 20 m south of S0. Cell 0: 10 + 300 + 20 = 330 m. Cell 1 (10 m east of
    // the lane, 20 m north of N0; the north street is 20 m away): 10 + 20 + 760 + 40 + 1000 + 20 = 1,850 m.
    expect(Math.abs(r.field.metres[0] - 330)).toBeLessThan(0.01)
    expect(Math.abs(r.field.metres[1] - 1850)).toBeLessThan(0.01)
    const [lng, lat] = P(300, 43)
    const { index } = addFacility(r.ctx, r.set, r.field, lng, lat)
    // Cell 1 now walks to the north street's facility: 10 + 20 + 60 + 3 = 93 m; cell 0 keeps 330 m.
    expect(Math.abs(r.field.metres[1] - 93)).toBeLessThan(0.01)
    expect(r.field.nearest[1]).toBe(index)
    expect(Math.abs(r.field.metres[0] - 330)).toBeLessThan(0.01)
    // Moved to 5 m north of the lane's end N3: cell 1 = 10 + 340 + 5 = 355 m up the lane.
    const [mlng, mlat] = P(240, 405)
    const moved = moveFacility(r.ctx, r.set, r.field, index, mlng, mlat)
    expect(Math.abs(r.field.metres[1] - 355)).toBeLessThan(0.01)
    removeFacility(r.ctx, r.set, r.field, moved.index)
    expect(Math.abs(r.field.metres[1] - 1850)).toBeLessThan(0.01)
  })

  it('isochrone from the cell: nothing on the far bank within 5 minutes', () => {
    // From (300,-10): 5 min at 4 km/h = 333.3 m. A centroid east of N0 (x > 240) and more than
    // 20 m north of the south street is nearer the north bank's street and snaps there: it is
    // ≥ 10 + 700 + 40 = 750 m away. (West of N0 the south street is nearer: those may be reached.)
    const r = field(segments, WALK_PROFILE, [], [])
    const { bands } = isochroneBands(r.ctx, ...P(300, -10), { bandsMinutes: [5], speedKmh: 4 })
    const xy = bands[0].cells.map((h) => {
      const [lat, lng] = cellToLatLng(h)
      return [(lng - GRID_ORIGIN[0]) * METRES_PER_DEGREE * Math.cos((GRID_ORIGIN[1] * Math.PI) / 180), (lat - GRID_ORIGIN[1]) * METRES_PER_DEGREE]
    })
    expect(xy.some(([, y]) => y < 0)).toBe(true)
    expect(xy.filter(([x, y]) => x > 241 && y > 20)).toEqual([])
  })
})

describe('a one-way street for the car', () => {
  // A → B (400 m east, oneway=yes), then two-way B (400,0) – D (400,200) – E (0,200) – A: 800 m back.
  const segments = [
    street(1, 2, [0, 0], [400, 0], 400, { highway: 'residential', oneway: 'yes' }),
    street(2, 3, [400, 0], [400, 200], 200), street(3, 4, [400, 200], [0, 200], 400), street(4, 1, [0, 200], [0, 0], 200),
  ]
  it('drives on to B and round the block to a facility behind the cell: 5 + 300 + 800 = 1,105 m', () => {
    // Cell 5 m south of the one-way, 100 m from A; facility at A. Against the one-way it would be
    // 105 m (junction snapping: 100.1 m).
    const r = field(segments, CAR_PROFILE, [[100, -5]], [[0, 0]])
    expect(Math.abs(r.field.metres[0] - 1105)).toBeLessThan(0.01)
  })

  it('goes directly along the one-way only forwards', () => {
    // Cell at 300 m, facility at 350 m: 5 + 50 + 5 = 60 m. Swapped (cell at 350 m, facility at
    // 300 m): on to B (50), round (800), A → facility (300): 5 + 50 + 800 + 300 + 5 = 1,160 m.
    const ahead = field(segments, CAR_PROFILE, [[300, -5]], [[350, -5]])
    expect(Math.abs(ahead.field.metres[0] - 60)).toBeLessThan(0.01)
    const behind = field(segments, CAR_PROFILE, [[350, -5]], [[300, -5]])
    expect(Math.abs(behind.field.metres[0] - 1160)).toBeLessThan(0.01)
    // The facility-side search (catchments) agrees, and what-if adds the same pair.
    const c = facilityCatchments(behind.ctx, behind.set, { speedKmh: 30, maxMinutes: 10 })
    expect(Math.abs(c.minutes[0] - 1160 * 60 / 30000)).toBeLessThan(0.0001)
    const added = addFacility(behind.ctx, behind.set, behind.field, ...P(390, -5))
    // 5 + 40 + 5 = 50 m, forwards.
    expect(Math.abs(behind.field.metres[0] - 50)).toBeLessThan(0.01)
    expect(behind.field.nearest[0]).toBe(added.index)
  })

  it('isochrones run from the origin outwards, with the one-way', () => {
    // From 5 m south of the one-way, 100 m from A: 1 minute at 30 km/h = 500 m. Ahead, B's
    // corner is 5 + 300 = 305 m away; any centroid snapping behind the origin (x < 100 on the
    // one-way) costs ≥ 5 + 300 + 800 = 1,105 m, and the street E – A ≥ 5 + 300 + 600 = 905 m:
    // every reached centroid lies east of x = 100. Walking the same streets (no one-way) at the
    // same speed reaches centroids behind the origin.
    const east = (h: string) => (cellToLatLng(h)[1] - GRID_ORIGIN[0]) * METRES_PER_DEGREE * Math.cos((GRID_ORIGIN[1] * Math.PI) / 180)
    const r = field(segments, CAR_PROFILE, [], [])
    const car = isochroneBands(r.ctx, ...P(100, -5), { bandsMinutes: [1], speedKmh: 30 }).bands[0].cells
    expect(car.length).toBeGreaterThan(0)
    expect(car.filter((h) => east(h) < 99)).toEqual([])
    const w = field(segments, WALK_PROFILE, [], [])
    const walk = isochroneBands(w.ctx, ...P(100, -5), { bandsMinutes: [1], speedKmh: 30 }).bands[0].cells
    expect(walk.filter((h) => east(h) < 99).length).toBeGreaterThan(0)
  })
})

describe('mixed road classes and maxspeed tags', () => {
  const car: Pick<TravelMode, 'speedKmh' | 'roads' | 'accessSpeedKmh'> = {
    speedKmh: 30, accessSpeedKmh: 4,
    roads: { speedKmh: { primary: 35, residential: 15, service: 10 }, maxspeedFactor: 0.8, capKmh: 100 },
  }
  // A – B primary 1,000 m (35 km/h), B – C primary 1,000 m with maxspeed=60 (0.8 × 60 = 48 km/h),
  // C – D residential 300 m (15 km/h).
  const segments = [
    street(1, 2, [0, 0], [1000, 0], 1000, { highway: 'primary' }),
    street(2, 3, [1000, 0], [2000, 0], 1000, { highway: 'primary', maxspeed: '60' }),
    street(3, 4, [2000, 0], [2000, 300], 300, { highway: 'residential' }),
  ]

  it('times the car by class and maxspeed: 1.7143 + 1.25 + 1.2 min, walking 10 m to the car at 4 km/h', () => {
    // 1,000 m at 35 km/h = 1.714286 min; 1,000 m at 48 km/h = 1.25 min; 300 m at 15 km/h = 1.2 min.
    // The cell stands 10 m west of D's street end: its leg is walked (10 m at 4 km/h = 0.15 min).
    // Total 4.314286 min; the facility is at A.
    const r = field(segments, CAR_PROFILE, [[1990, 300]], [[0, 0]], car)
    expect(r.field.minutes[0]).toBeCloseTo(1000 * 60 / 35000 + 1.25 + 1.2 + 0.15, 4)
    // Mid-block on the residential street, 100 m from C: 100 m at 15 km/h = 0.4 min.
    const mid = field(segments, CAR_PROFILE, [[2000, 100]], [[0, 0]], car)
    expect(mid.field.minutes[0]).toBeCloseTo(1000 * 60 / 35000 + 1.25 + 0.4, 4)
  })

  it('bars the e-bike from footways, so it neither rides nor snaps onto one', () => {
    const ebike: Pick<TravelMode, 'speedKmh' | 'roads'> = { speedKmh: 18, roads: { speedKmh: { trunk: 15, footway: 0 }, capKmh: 25 } }
    // A – B trunk 900 m (15 km/h = 3.6 min), B – C residential 600 m (18 km/h = 2 min), and a
    // footway A – C of 200 m (bicycle=yes: open to the bike profile, barred by the e-bike's speeds).
    const bikeWays = [
      street(1, 2, [0, 0], [900, 0], 900, { highway: 'trunk' }),
      street(2, 3, [900, 0], [900, 600], 600, { highway: 'residential' }),
      street(1, 3, [0, 0], [900, 600], 1200, { highway: 'footway', bicycle: 'yes' }),
    ]
    // Cell at C, facility at A: 3.6 + 2 = 5.6 min (the footway would be 1200 m at 18 = 4 min).
    const r = field(bikeWays, BIKE_PROFILE, [[900, 600]], [[0, 0]], ebike)
    expect(r.field.minutes[0]).toBeCloseTo(5.6, 4)
    // A cell 4.2 m from the footway, at (450, 305), snaps onto the nearest open street instead:
    // the trunk 305 m south (the residential is 450 m east): leg 305 m at 18 km/h (1.016667 min)
    // + 450 m of trunk at 15 km/h (1.8 min).
    const s = field(bikeWays, BIKE_PROFILE, [[450, 305]], [[0, 0]], ebike)
    expect(s.ctx.cells.edge[0]).toBeGreaterThanOrEqual(0)
    expect(s.field.minutes[0]).toBeCloseTo((305 * 60) / 18000 + 1.8, 3)
  })

  it('suggests the site the hand computation picks', () => {
    // Walking on the river network: one candidate on the north street, one on the south street;
    // cells on the north bank only are covered (5 min) by the north candidate.
    const segs = [
      street(1, 2, [0, 0], [1000, 0], 1000), street(2, 12, [1000, 0], [1000, 40], 40), street(11, 12, [0, 40], [1000, 40], 1000),
    ]
    const net = buildStreetNetwork(segs, WALK_PROFILE, { minComponentNodes: 0 })
    const c = pointArrays([P(100, 50), P(150, 50)])
    const ctx = createTravelContext({ network: net, cellLng: c.lng, cellLat: c.lat })
    const none = travelTimeToNearest(ctx, createFacilitySet(ctx, new Float64Array(0), new Float64Array(0)), { speedKmh: 4 })
    const cand = pointArrays([P(120, -5), P(120, 45)])
    const result = suggestSites(ctx, none, { targetPopulation: Float64Array.of(10, 20), thresholdMinutes: 5, k: 1, candidateLng: cand.lng, candidateLat: cand.lat })
    // South candidate: 5 + 880 + 40 + 880 + ... > 333 m; north: 10 + 20 + 5 = 35 m and 10 + 30 + 5 = 45 m.
    expect(result.sites.map((s) => s.candidate)).toEqual([1])
    expect(result.coveredAfter).toBe(30)
  })
})

describe('every engine path agrees on random one-way cities with road speeds and a slow access leg', () => {
  const mode: Pick<TravelMode, 'speedKmh' | 'roads' | 'accessSpeedKmh'> = { speedKmh: 30, accessSpeedKmh: 4, roads: { speedKmh: { residential: 15 }, capKmh: 100 } }
  for (const seed of [3, 8]) {
    it(`catchments = single-facility fields, and what-if = full recomputation (seed ${seed})`, () => {
      const city = randomCity(seed, { cells: 300, facilities: 6, oneWayShare: 0.3 })
      const network = buildStreetNetwork(city.segments, CAR_PROFILE, { minComponentNodes: 0, speeds: mode })
      const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat, legFactor: legCostFactor(mode) })
      const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
      const maxMinutes = 3
      const catchments = facilityCatchments(ctx, set, { speedKmh: 30, maxMinutes })
      let pairs = 0
      for (let j = 0; j < set.count; j++) {
        const alone = createFacilitySet(ctx, city.facilities.lng.subarray(j, j + 1), city.facilities.lat.subarray(j, j + 1))
        const f = travelTimeToNearest(ctx, alone, { speedKmh: 30, maxMinutes })
        const expected = new Map<number, number>()
        for (let c = 0; c < ctx.cells.count; c++) if (f.minutes[c] <= maxMinutes) expected.set(c, f.minutes[c])
        const got = new Map<number, number>()
        for (let p = catchments.start[j]; p < catchments.start[j + 1]; p++) got.set(catchments.cell[p], catchments.minutes[p])
        expect(got).toEqual(expected)
        pairs += got.size
      }
      expect(pairs).toBeGreaterThan(50)
      // What-if on the same context.
      const field = travelTimeToNearest(ctx, set, { speedKmh: 30 })
      for (let step = 0; step < 25; step++) {
        const r = city.rand()
        const active = Array.from({ length: set.count }, (_, j) => j).filter((j) => set.active[j])
        if (r < 0.4 || active.length === 0) addFacility(ctx, set, field, ...city.point())
        else if (r < 0.7) removeFacility(ctx, set, field, active[Math.floor(city.rand() * active.length)])
        else moveFacility(ctx, set, field, active[Math.floor(city.rand() * active.length)], ...city.point())
        const full = travelTimeToNearest(ctx, set, { speedKmh: 30 })
        expect(Array.from(field.metres)).toEqual(Array.from(full.metres))
        expect(Array.from(field.nearest)).toEqual(Array.from(full.nearest))
      }
    })
  }
})
