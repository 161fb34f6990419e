import { afterAll, describe, expect, it } from 'vitest'
import { BIKE_PROFILE, buildStreetNetwork, createFacilitySet, createTravelContext, travelTimeToNearest, WALK_PROFILE, type TravelContext } from '../../engine'
import { randomCity } from '../../engine/test-support/random-city'
import { FieldPool } from './pool'
import { LiveField } from './travel'

// Fields computed by the worker pool must equal the ones computed in this thread, array for array.
describe('field worker pool', () => {
  const pool = new FieldPool({ threads: 2, minWork: 0 })
  afterAll(() => pool.close())
  const city = randomCity(21, { side: 16, cells: 1500, facilities: 25, oneWayShare: 0.3 })
  const contexts: [string, TravelContext][] = [
    ['walk', createTravelContext({ network: buildStreetNetwork(city.segments, WALK_PROFILE), cellLng: city.cells.lng, cellLat: city.cells.lat })],
    ['bike (one-way streets)', createTravelContext({ network: buildStreetNetwork(city.segments, BIKE_PROFILE), cellLng: city.cells.lng, cellLat: city.cells.lat })],
    ['no network (straight line)', createTravelContext({ network: null, cellLng: city.cells.lng, cellLat: city.cells.lat })],
  ]

  for (const [name, ctx] of contexts) {
    it(`${name}: identical to the in-thread field, also many at once`, async () => {
      const sets = Array.from({ length: 6 }, (_, k) => {
        const n = 5 + 4 * k
        return createFacilitySet(ctx, Float64Array.from({ length: n }, () => city.point()[0]), Float64Array.from({ length: n }, () => city.point()[1]))
      })
      const before = pool.counts.workers
      const fields = await Promise.all(sets.map((set, k) => pool.nearest(name, ctx, set, 4 + k)))
      expect(pool.counts.workers - before).toBe(sets.length)
      sets.forEach((set, k) => expect(fields[k]).toEqual(travelTimeToNearest(ctx, set, { speedKmh: 4 + k })))
      expect(fields.some((f) => Array.from(f.minutes).some((m) => m > 0 && m < Infinity))).toBe(true)
    })
  }

  it('a field from a worker takes what-if changes exactly like one computed here', async () => {
    const ctx = contexts[1][1]
    const facilities = Array.from(city.facilities.lng, (lng, j) => ({ id: `F${j}`, lng, lat: city.facilities.lat[j], capacity: null }))
    const here = LiveField.compute(ctx, facilities)
    const there = await LiveField.computeIn(pool, 'bike', ctx, facilities)
    expect(there.field).toEqual(here.field)
    for (let k = 0; k < 15; k++) {
      const [lng, lat] = city.point()
      const a = here.add({ id: `N${k}`, lng, lat, capacity: null })
      const b = there.add({ id: `N${k}`, lng, lat, capacity: null })
      expect(b).toEqual(a)
      if (k % 2) expect(there.remove(k)).toEqual(here.remove(k))
    }
    expect(there.field.metres).toEqual(here.field.metres)
    expect(there.field.nearest).toEqual(here.field.nearest)
  })

  it('computes in this thread where workers do not help: no threads, a small context, after close', async () => {
    const ctx = contexts[0][1]
    const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
    const none = new FieldPool({ threads: 0 })
    await none.nearest('walk', ctx, set, 4)
    expect(none.counts).toEqual({ workers: 0, inThread: 1 })
    const small = new FieldPool({ threads: 2 }) // default minWork: this city is far below it
    expect(small.usesWorkers(ctx)).toBe(false)
    expect(await small.nearest('walk', ctx, set, 4)).toEqual(travelTimeToNearest(ctx, set, { speedKmh: 4 }))
    expect(small.counts).toEqual({ workers: 0, inThread: 1 })
    const closing = new FieldPool({ threads: 1, minWork: 0 })
    await closing.warm()
    await closing.close()
    expect(await closing.nearest('walk', ctx, set, 4)).toEqual(travelTimeToNearest(ctx, set, { speedKmh: 4 }))
    expect(closing.counts).toEqual({ workers: 0, inThread: 1 })
  })
})
