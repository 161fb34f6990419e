import { describe, expect, it } from 'vitest'
import {
  addFacility, BIKE_PROFILE, buildStreetNetwork, createFacilitySet, createTravelContext, facilityCatchments, isochroneBands,
  moveFacility, removeFacility, suggestSites, travelTimeToNearest, WALK_PROFILE,
} from '../../engine'
import { randomCity } from '../../engine/test-support/random-city'
import { PER_SEARCH_KEYS, shareContext, withSearchBuffers } from './contexts'
import { packTree, shareTree } from './typed-pack'

// Worker threads share a context's arrays and each bring their own search buffers. That is only
// safe if no computation writes anything outside PER_SEARCH_KEYS: this test runs every engine path
// on a shared context and checks that its shared parts are unchanged, byte for byte. A new engine
// buffer that a computation writes must be added to PER_SEARCH_KEYS (and made in withSearchBuffers).
describe('shared travel contexts', () => {
  for (const profile of [WALK_PROFILE, BIKE_PROFILE]) {
    it(`no engine computation writes a shared part of the context (${profile.code})`, () => {
      const city = randomCity(3, { side: 12, cells: 500, facilities: 10, oneWayShare: 0.3 })
      const network = shareTree(buildStreetNetwork(city.segments, profile))
      const shared = shareContext(createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat }))
      const before = packTree(shared)
      const ctx = withSearchBuffers(shared)
      const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
      const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
      for (let k = 0; k < 20; k++) {
        const [lng, lat] = city.point()
        const { index } = addFacility(ctx, set, field, lng, lat)
        if (k % 3 === 0) moveFacility(ctx, set, field, index, ...city.point())
        else removeFacility(ctx, set, field, index)
      }
      facilityCatchments(ctx, set, { speedKmh: 4, maxMinutes: 15 })
      isochroneBands(ctx, city.facilities.lng[0], city.facilities.lat[0], { bandsMinutes: [5, 10], speedKmh: 4, populationOf: () => 1 })
      suggestSites(ctx, field, { targetPopulation: new Float64Array(ctx.cells.count).fill(1), thresholdMinutes: 5, k: 3 })
      travelTimeToNearest(ctx, set, { speedKmh: 4, maxMinutes: 10, reuse: field })
      expect(Buffer.from(packTree(shared)).equals(Buffer.from(before))).toBe(true)
      expect(ctx.cellEpoch).toBeGreaterThan(0) // the per-search parts were used
    })
  }

  it('a context with fresh buffers computes exactly what the original does', () => {
    const city = randomCity(5, { side: 10, cells: 300, facilities: 7, oneWayShare: 0.2 })
    const original = createTravelContext({ network: buildStreetNetwork(city.segments, BIKE_PROFILE), cellLng: city.cells.lng, cellLat: city.cells.lat })
    const copy = withSearchBuffers(shareContext(original))
    expect(Object.keys(copy).sort()).toEqual(Object.keys(original).sort())
    expect([...PER_SEARCH_KEYS].every((k) => k in original)).toBe(true)
    expect(copy).toEqual(createTravelContext({ network: original.network, cellLng: city.cells.lng, cellLat: city.cells.lat }))
    const a = travelTimeToNearest(original, createFacilitySet(original, city.facilities.lng, city.facilities.lat), { speedKmh: 12 })
    const b = travelTimeToNearest(copy, createFacilitySet(copy, city.facilities.lng, city.facilities.lat), { speedKmh: 12 })
    expect(b).toEqual(a)
  })
})
