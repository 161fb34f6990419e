import * as h3 from 'h3-js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachBackend, openTestDatabase, type TestDatabase } from '../support/db'
import { startTestServer, type TestServer } from '../support/server'

// Stored travel times: reused after a restart, recomputed only for the type whose inputs changed.
const cells = [h3.latLngToCell(29.9, 121.5, 10), h3.latLngToCell(29.91, 121.5, 10), h3.latLngToCell(29.92, 121.5, 10)]
const facility = (id: string, type: string, lng: number, lat: number) => ({ type: 'Feature', properties: { id, type }, geometry: { type: 'Point', coordinates: [lng, lat] } })
const fc = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features })

describeEachBackend('travel times kept in PostGIS', (backend) => {
  let t: TestDatabase
  let s: TestServer
  const stored = async () =>
    Object.fromEntries((await t.db.query<{ type: string; input_key: string; computed_at: Date }>('SELECT type, input_key, computed_at FROM travel_results WHERE scenario_id = 0'))
      .map((r) => [r.type, `${r.input_key}@${new Date(r.computed_at).getTime()}`]))
  const settle = () => s.close().then(async () => (s = await startTestServer(t.db)))

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    s = await startTestServer(t.db)
    const csv = 'h3,population,age_3_5,age_6_11\n' + cells.map((c) => `${c},100,10,20`).join('\n')
    expect((await s.admin.post('/api/import/population?filename=p.csv', csv)).status).toBe(200)
    expect((await s.admin.post('/api/import/facilities?filename=f.geojson', fc(facility('K1', 'kindergarten', 121.5, 29.9), facility('P1', 'primary_school', 121.5, 29.92)))).status).toBe(200)
  })
  afterAll(async () => {
    await s?.close()
    await t?.dispose()
  })

  it('stores each type once and reads it back after a restart without recomputing', async () => {
    const k1 = (await s.get('/api/cells?type=kindergarten')).body
    const p1 = (await s.get('/api/cells?type=primary_school')).body
    await settle() // close flushes the writes; a new server = a restart on the same database
    const before = await stored()
    expect(Object.keys(before).sort()).toEqual(['kindergarten', 'primary_school'])
    expect((await s.get('/api/cells?type=kindergarten')).body).toEqual(k1)
    expect((await s.get('/api/cells?type=primary_school')).body).toEqual(p1)
    await settle()
    expect(await stored()).toEqual(before) // nothing was recomputed or rewritten
  })

  it('recomputes only the type whose facilities changed', async () => {
    const before = await stored()
    expect((await s.admin.post('/api/import/facilities?filename=f2.geojson', fc(facility('P2', 'primary_school', 121.5, 29.9)))).status).toBe(200)
    const primary = (await s.get('/api/cells?type=primary_school')).body
    const near = primary.find((c: any) => c.h3 === cells[0])
    expect(near.nearest).toBe('P2') // the new school is in this cell; P1 is 2 km away
    expect(near.minutes).toBeLessThan(2)
    await s.get('/api/cells?type=kindergarten')
    await settle()
    const after = await stored()
    expect(after.kindergarten).toBe(before.kindergarten)
    expect(after.primary_school).not.toBe(before.primary_school)
  })

  it('recomputes every type when the population grid changes', async () => {
    const before = await stored()
    const csv = 'h3,population,age_3_5,age_6_11\n' + `${h3.latLngToCell(29.93, 121.5, 10)},50,5,10\n`
    expect((await s.admin.post('/api/import/population?filename=p2.csv', csv)).status).toBe(200)
    expect((await s.get('/api/cells?type=kindergarten')).body).toHaveLength(4)
    await s.get('/api/cells?type=primary_school')
    await settle()
    const after = await stored()
    expect(after.kindergarten).not.toBe(before.kindergarten)
    expect(after.primary_school).not.toBe(before.primary_school)
  })
})
