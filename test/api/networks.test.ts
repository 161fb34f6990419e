import crypto from 'node:crypto'
import * as h3 from 'h3-js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { listEngineState, readEngineState, writeEngineState } from '../../server/src/db/engine-state'
import { loadStreetSegments } from '../../server/src/db/streets'
import { readVersions } from '../../server/src/db/versions'
import { createTravelContext, modeNetworkKey, type StreetNetwork } from '../../server/src/engine'
import { randomCity } from '../../server/src/engine/test-support/random-city'
import type { ComplianceQuery } from '../../server/src/contract/analysis'
import { Analysis } from '../../server/src/services/analysis'
import { compliance } from '../../server/src/services/analysis/compliance'
import { AnalysisInputs } from '../../server/src/services/analysis/inputs'
import { FieldPool } from '../../server/src/services/analysis/pool'
import { loadNetwork, networkKey, networkSpec, networkSpecs, storedName, travelSpec } from '../../server/src/services/analysis/networks'
import { readCatalogue } from '../../server/src/db/catalogue'
import { unpackTree } from '../../server/src/services/analysis/typed-pack'
import { describeEachBackend, openTestDatabase, type TestDatabase } from '../support/db'
import { startTestServer, type TestServer } from '../support/server'

// Street networks are built once at import, stored in PostGIS and read back at start (issue 9, item 4).
const city = randomCity(11, { side: 10, blockM: 120, cells: 0, facilities: 6, oneWayShare: 0.25 })
const streets = JSON.stringify({
  type: 'FeatureCollection',
  features: city.segments.map((s) => ({ type: 'Feature', properties: s.tags, geometry: { type: 'LineString', coordinates: s.coords } })),
})
const lngs = city.segments.flatMap((s) => s.coords.map((c) => c[0]))
const lats = city.segments.flatMap((s) => s.coords.map((c) => c[1]))
const cells = [...new Set(Array.from({ length: 60 }, (_, k) => h3.latLngToCell(
  Math.min(...lats) + ((k * 7) % 60) / 60 * (Math.max(...lats) - Math.min(...lats)),
  Math.min(...lngs) + ((k * 13) % 60) / 60 * (Math.max(...lngs) - Math.min(...lngs)), 10)))]
const population = 'h3,population,age_3_5\n' + cells.map((c, k) => `${c},${100 + k},${10 + (k % 7)}`).join('\n')
const facilities = JSON.stringify({
  type: 'FeatureCollection',
  features: Array.from(city.facilities.lng, (lng, j) => ({ type: 'Feature', properties: { id: `K${j}`, type: 'kindergarten' }, geometry: { type: 'Point', coordinates: [lng, city.facilities.lat[j]] } })),
})

describeEachBackend('street networks stored in PostGIS', (backend) => {
  let t: TestDatabase
  let s: TestServer
  const restart = async () => {
    await s.close()
    s = await startTestServer(t.db)
  }

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

  it('a roads import stores every mode network, equal to a fresh build from the stored streets', async () => {
    const { roads } = await readVersions(t.db)
    const stored = await listEngineState(t.db)
    // One network per distinct mode network key (profile + road-class speeds): walk at one speed,
    // and each mode with `roads` (bike, ebike, car, walk_ebike, walk_car, walk_bus) its own.
    const { modes } = await readCatalogue(t.db)
    const specs = networkSpecs(modes)
    expect(specs.map((x) => x.code)).toContain('walk')
    expect(specs.length).toBe(new Set(modes.map((m) => modeNetworkKey(m))).size)
    expect(stored.filter((r) => r.kind === 'network').map((r) => r.name)).toEqual(specs.map((x) => storedName(x.code)).sort())
    const segments = await loadStreetSegments(t.db)
    for (const spec of specs) {
      const bytes = await readEngineState(t.db, 'network', storedName(spec.code), networkKey(spec, roads))
      expect(bytes).toBeDefined()
      const network = unpackTree<StreetNetwork>(bytes!)
      expect(network).toEqual(spec.build(segments))
      expect(network.graph.arcCount).toBeGreaterThan(100)
    }
  })

  it('a restart reads the stored networks instead of rebuilding them, and answers the same', async () => {
    const before = (await s.get('/api/cells?type=kindergarten')).body
    expect(before.filter((c: any) => c.minutes !== null).length).toBeGreaterThan(30)
    await restart()
    const { roads } = await readVersions(t.db)
    expect((await loadNetwork(t.db, networkSpec('walk'), roads)).source).toBe('stored')
    expect((await s.get('/api/cells?type=kindergarten')).body).toEqual(before)
  })

  it('the stored snapped cells are read back at start and equal a fresh snap', async () => {
    const inputs = new AnalysisInputs(t.db)
    const { modes } = await readCatalogue(t.db)
    const car = travelSpec(modes.find((m) => m.code === 'walk_car')!)
    expect(car.legFactor).toBe(10) // 40 km/h by car, 4 on foot
    const [{ ctx }, cellTable, { network, legFactor }] = await Promise.all([inputs.context(car.key), inputs.cells(), inputs.network(car.key)])
    expect(legFactor).toBe(10)
    expect((await listEngineState(t.db)).some((r) => r.kind === 'context' && r.name === storedName(car.key))).toBe(true)
    expect(ctx).toEqual(createTravelContext({ network, cellLng: cellTable.rows.lng, cellLat: cellTable.rows.lat, legFactor: 10 }))
    expect(ctx.cells.legMm.buffer).toBeInstanceOf(SharedArrayBuffer) // ready for worker threads
    expect(ctx.scratch!.labels.dist.buffer).toBeInstanceOf(ArrayBuffer) // this thread's own
  })

  it('without stored networks (a database from before this version) the start builds and stores them once', async () => {
    const before = (await s.get('/api/cells?type=kindergarten&mode=bike')).body
    await t.db.query('DELETE FROM engine_state')
    const inputs = new AnalysisInputs(t.db)
    await inputs.prepare()
    const state = await listEngineState(t.db)
    const { modes } = await readCatalogue(t.db)
    const travel = [...new Set(modes.map((m) => travelSpec(m).key))]
    expect(state.map((r) => `${r.kind}:${r.name}`)).toEqual([
      ...travel.map((k) => `context:${storedName(k)}`).sort(), ...networkSpecs(modes).map((x) => `network:${storedName(x.code)}`).sort()])
    const { roads, population } = await readVersions(t.db)
    const bike = travelSpec(modes.find((m) => m.code === 'bike')!)
    expect(state.find((r) => r.kind === 'context' && r.name === storedName(bike.key))!.inputKey).toMatch(new RegExp(`^p${population}\\|r${roads}\\|`))
    expect((await loadNetwork(t.db, bike.network, roads)).source).toBe('stored')
    await restart()
    expect((await s.get('/api/cells?type=kindergarten&mode=bike')).body).toEqual(before)
  })

  it('a network stored by other build rules, or for other streets, is never used', async () => {
    const { roads } = await readVersions(t.db)
    const spec = networkSpec('walk')
    const key = networkKey(spec, roads)
    await writeEngineState(t.db, 'network', 'walk', key.replace(/\|.*/, '|another-build'), Uint8Array.of(1, 2, 3))
    expect((await loadNetwork(t.db, spec, roads)).source).toBe('built') // and stored again
    expect((await loadNetwork(t.db, spec, roads)).source).toBe('stored')
    // New streets: a new roads version, a new stored network (the old key no longer loads).
    const more = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: [city.segments[0].coords[0], [city.segments[0].coords[0][0] + 0.002, city.segments[0].coords[0][1]]] } }] })
    expect((await s.admin.post('/api/import/roads?filename=more.geojson', more)).status).toBe(200)
    const after = await readVersions(t.db)
    expect(after.roads).toBe(roads + 1)
    expect(await readEngineState(t.db, 'network', 'walk', key)).toBeUndefined()
    const walk = (await listEngineState(t.db)).filter((r) => r.name === 'walk')
    expect(walk.map((r) => r.inputKey)).toEqual([expect.stringMatching(new RegExp(`^p\\d+\\|r${roads + 1}\\|`)), networkKey(spec, roads + 1)])
  })

  it('the life-circle check computed on worker threads equals the in-thread answer', async () => {
    const answer = async (pool?: FieldPool) => {
      await t.db.query('DELETE FROM travel_results') // both compute, neither reads the other's
      const a = new Analysis(new AnalysisInputs(t.db), pool)
      try {
        return { body: await compliance(a, { mode: 'bike' } as ComplianceQuery), workers: a.pool.counts.workers }
      } finally {
        await a.close()
      }
    }
    const there = await answer(new FieldPool({ threads: 2, minWork: 0 }))
    const here = await answer()
    expect(there.workers).toBe(here.body.tiers.flatMap((t) => t.types).length)
    expect(here.workers).toBe(0)
    expect(there.body).toEqual(here.body)
    expect(here.body.total.population).toBeGreaterThan(0)
  })

  it('binaries larger than one piece round-trip byte for byte; a replaced one reads as absent', async () => {
    const bytes = new Uint8Array(crypto.randomBytes(25_000))
    await writeEngineState(t.db, 'context', 'test', 'k1', bytes, 4096)
    expect((await t.db.query('SELECT count(*)::int AS n FROM engine_state WHERE name = $1', ['test']))[0].n).toBe(7)
    expect(await readEngineState(t.db, 'context', 'test', 'k1')).toEqual(bytes)
    await writeEngineState(t.db, 'context', 'test', 'k2', bytes.subarray(0, 10), 4096)
    expect(await readEngineState(t.db, 'context', 'test', 'k1')).toBeUndefined()
    expect(await readEngineState(t.db, 'context', 'test', 'k2')).toEqual(bytes.subarray(0, 10))
  })
})
