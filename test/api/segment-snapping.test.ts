/**
 * Segment snapping and road-class speeds through the API, on both backends (issue 9.1 / 9.3):
 * a hand-drawn street block around one H3 cell, imported as GeoJSON, and the cell's minutes by
 * mode worked out by hand.
 *
 * Streets, in metres east/north of the cell's centroid C:
 *   W (−200, −10) → E (200, −10)  residential, oneway=yes (W to E), 400 m — C is 10 m north of its middle
 *   E → NE (200, 300)             residential, 310 m
 *   NE → NW (−200, 300)           residential, maxspeed=30, 400 m
 *   NW → W                        residential, 310 m
 * The kindergarten stands at W.
 *   walk (4 km/h, two-way everywhere): 10 m leg + 200 m along = 210 m = 3.15 min
 *     (snapping to the nearest junction would walk 200.25 m straight to W: 3.004 min).
 *   car (30 km/h nominal; residential 15 km/h; maxspeed × 0.8 = 24 km/h; leg at 30): the one-way
 *     forbids driving west, so on to E and round: 0.02 + 0.8 + 1.24 + 1.0 + 1.24 = 4.30 min.
 *   walk_car (40 km/h nominal; residential 20; maxspeed 24; leg walked at 4 km/h):
 *     0.15 + 0.6 + 0.93 + 1.0 + 0.93 = 3.61 min.
 *   ebike (18 km/h on residential streets, no maxspeed rule, one-way respected on the bike
 *     network): 10 + 200 + 310 + 400 + 310 = 1,230 m at 18 km/h = 4.1 min.
 */
import * as h3 from 'h3-js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { offsetPoint } from '../../server/src/engine/geo'
import { describeEachBackend, openTestDatabase, type TestDatabase } from '../support/db'
import { startTestServer, type TestServer } from '../support/server'

const cell = h3.latLngToCell(29.87, 121.55, 10)
const [cLat, cLng] = h3.cellToLatLng(cell)
const P = (x: number, y: number): [number, number] => {
  const [lng, lat] = offsetPoint(cLng, cLat, 0, y)
  return offsetPoint(lng, lat, x, 0)
}
const way = (coords: [number, number][], tags: Record<string, string>) => ({ type: 'Feature', properties: tags, geometry: { type: 'LineString', coordinates: coords } })
const streets = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    way([P(-200, -10), P(200, -10)], { highway: 'residential', oneway: 'yes' }),
    way([P(200, -10), P(200, 300)], { highway: 'residential' }),
    way([P(200, 300), P(-200, 300)], { highway: 'residential', maxspeed: '30' }),
    way([P(-200, 300), P(-200, -10)], { highway: 'residential' }),
  ],
})
const population = `h3,population,age_3_5\n${cell},100,10\n`
const facilities = JSON.stringify({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: 'K1', type: 'kindergarten' }, geometry: { type: 'Point', coordinates: P(-200, -10) } }],
})

describeEachBackend('segment snapping and road-class speeds through the API', (backend) => {
  let t: TestDatabase
  let s: TestServer
  beforeAll(async () => {
    t = await openTestDatabase(backend)
    s = await startTestServer(t.db)
    expect((await s.admin.post('/api/import/population?filename=p.csv', population)).status).toBe(200)
    expect((await s.admin.post('/api/import/facilities?filename=f.geojson', facilities)).status).toBe(200)
    expect((await s.admin.post('/api/import/roads?filename=streets.geojson', streets)).status).toBe(200)
  })
  afterAll(async () => {
    await s?.close()
    await t?.dispose()
  })

  const minutes = async (mode: string) => {
    const r = await s.get(`/api/cells?type=kindergarten&mode=${mode}`)
    expect(r.status).toBe(200)
    const row = r.body.find((c: any) => c.h3 === cell)
    expect(row).toBeDefined()
    return row.minutes as number
  }

  it('walks to the kerb and along the block: 10 + 200 m = 3.15 min', async () => {
    expect(Math.abs((await minutes('walk')) - 3.15)).toBeLessThan(0.001)
  })

  it('drives on round the block against the one-way, by class and maxspeed: 4.30 min', async () => {
    expect(Math.abs((await minutes('car')) - (0.02 + 0.8 + 1.24 + 1.0 + 1.24))).toBeLessThan(0.001)
  })

  it('rides the e-bike round the block too (one-way), at 18 km/h: 4.1 min', async () => {
    expect(Math.abs((await minutes('ebike')) - 4.1)).toBeLessThan(0.001)
  })

  it('walks the access leg at 4 km/h for walk + car: 3.61 min', async () => {
    expect(Math.abs((await minutes('walk_car')) - (0.15 + 0.6 + 0.93 + 1.0 + 0.93))).toBeLessThan(0.001)
  })
})
