import zlib from 'node:zlib'
import * as h3 from 'h3-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer, type TestResponse } from '../support/server'
import { fingerprint } from '../support/snapshot'

// Every cap of README "Security and reliability" through the API, with small settings so that
// hand-made data reach them. Layout in metres around (121.5 E, 29.9 N), as in analysis.test.ts.
const LNG0 = 121.5
const LAT0 = 29.9
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180
const M_PER_DEG_LNG = M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)
const at = (xM: number, yM: number): [number, number] => [LNG0 + xM / M_PER_DEG_LNG, LAT0 + yM / M_PER_DEG]
const cellAt = (xM: number, yM: number) => h3.latLngToCell(at(xM, yM)[1], at(xM, yM)[0], 10)
const popCsv = (cells: string[]) => 'h3,population,age_3_5\n' + cells.map((c) => `${c},20,10`).join('\n') + '\n'

/** A 422 `limit_exceeded` whose message names `setting`, with the field at fault. */
function expectLimit(r: TestResponse, setting: string, field: string) {
  expect(r.status).toBe(422)
  expect(r.body.error.code).toBe('limit_exceeded')
  expect(r.body.error.message).toContain(`setting ${setting}`)
  expect(r.body.error.details[0].field).toBe(field)
}

/** A gzip file of `members` concatenated members, each `memberMb` MB of zeros (≈ 1 KB per MB compressed). */
export function gzipBomb(members: number, memberMb: number): Buffer {
  const one = zlib.gzipSync(Buffer.alloc(memberMb * 1024 * 1024), { level: 9 })
  return Buffer.concat(Array.from({ length: members }, () => one))
}

describeEachBackend('bounded work: each cap refuses with 422 naming its setting, before the work', (backend) => {
  const h = useServer(backend, {
    ISOCHRONE_MAX_KM: '2',
    ISOCHRONE_MAX_BANDS: '3',
    CELLS_MAX_ROWS: '2',
    SEARCH_MAX_NODES: '4',
    SITING_MAX_K: '2',
    SITING_MAX_CANDIDATES: '3',
    SCENARIO_MAX_CHANGES: '2',
    IMPORT_MAX_UNZIPPED_MB: '4',
  })
  const cells = [cellAt(0, 0), cellAt(400, 0)]
  beforeAll(async () => {
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv(cells))).status).toBe(200)
    const f = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'K', type: 'kindergarten' }, geometry: { type: 'Point', coordinates: at(0, 0) } }] }
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify(f))).status).toBe(200)
  })

  it('ISOCHRONE_MAX_KM: walking 4 km/h reaches exactly 2 km in 30 min (allowed) and 2.07 km in 31 (refused)', async () => {
    const ok = await h.s.get(`/api/isochrone?lng=${at(0, 0)[0]}&lat=${at(0, 0)[1]}&minutes=30&mode=walk`)
    expect(ok.status).toBe(200)
    expect(ok.body.features[0].properties.cellCount).toBeGreaterThan(100)
    const over = await h.s.get(`/api/isochrone?lng=${at(0, 0)[0]}&lat=${at(0, 0)[1]}&minutes=31&mode=walk`)
    expectLimit(over, 'ISOCHRONE_MAX_KM', 'minutes')
    expect(over.body.error.message).toMatch(/reaches 2\.1 km; at most 2 km/)
    // The reported killer, minutes × speed = 400 km: refused at once.
    const t0 = Date.now()
    const killer = await h.s.get('/api/isochrone?lng=121.55&lat=29.87&minutes=120&mode=car&speedKmh=200')
    expectLimit(killer, 'ISOCHRONE_MAX_KM', 'minutes')
    expect(killer.body.error.message).toMatch(/reaches 400 km/)
    expect(Date.now() - t0).toBeLessThan(2000)
  })

  it('ISOCHRONE_MAX_BANDS: 3 bands allowed, 4 refused', async () => {
    expect((await h.s.get(`/api/isochrone?lng=${at(0, 0)[0]}&lat=${at(0, 0)[1]}&minutes=1,2,3`)).body.features).toHaveLength(3)
    expectLimit(await h.s.get(`/api/isochrone?lng=${at(0, 0)[0]}&lat=${at(0, 0)[1]}&minutes=1,2,3,4`), 'ISOCHRONE_MAX_BANDS', 'minutes')
  })

  it('CELLS_MAX_ROWS: 2 cells answered, a third refused (JSON and CSV alike)', async () => {
    expect((await h.s.get('/api/cells?type=kindergarten')).body).toHaveLength(2)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv([cellAt(800, 0)]))).status).toBe(200)
    expectLimit(await h.s.get('/api/cells?type=kindergarten'), 'CELLS_MAX_ROWS', 'area')
    expectLimit(await h.s.get('/api/cells?type=kindergarten&format=csv'), 'CELLS_MAX_ROWS', 'area')
  })

  it('SITING_MAX_K and SITING_MAX_CANDIDATES: k = 3 and 4 candidates refused', async () => {
    expectLimit(await h.s.planner.post('/api/siting', { type: 'kindergarten', k: 3 }), 'SITING_MAX_K', 'k')
    const candidates = [0, 1, 2, 3].map((i) => ({ lng: at(i * 100, 50)[0], lat: at(i * 100, 50)[1] }))
    expectLimit(await h.s.planner.post('/api/siting', { type: 'kindergarten', k: 1, candidates }), 'SITING_MAX_CANDIDATES', 'candidates')
    expect((await h.s.planner.post('/api/siting', { type: 'kindergarten', k: 1, candidates: candidates.slice(0, 3) })).status).toBe(200)
  })

  it('SCENARIO_MAX_CHANGES: the third change of a scenario is refused and not stored', async () => {
    const { id } = (await h.s.planner.post('/api/scenarios', { name: 'caps' })).body
    for (const x of [100, 200]) {
      const r = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng: at(x, 0)[0], lat: at(x, 0)[1] } })
      expect(r.status).toBe(200)
    }
    const third = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng: at(300, 0)[0], lat: at(300, 0)[1] } })
    expectLimit(third, 'SCENARIO_MAX_CHANGES', 'op')
    expect((await h.s.get(`/api/scenarios/${id}`)).body.changes).toHaveLength(2)
  })

  it('SEARCH_MAX_NODES: an isochrone whose reach holds 5 street nodes is refused at 4, one holding 1 runs; a city-wide field on the 22-node network is refused', async () => {
    // Two streets 120 m apart, each of ten 100 m lines (nodes where lines meet: 11 each), joined at
    // x = 1,000 m: 22 nodes. (Interior vertices of one line are not nodes.)
    const line = (pts: [number, number][], id: string) => ({ type: 'Feature', properties: { id, highway: 'footway' }, geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => at(x, y)) } })
    const pieces = (y: number) => Array.from({ length: 10 }, (_, k) => line([[k * 100, y], [k * 100 + 100, y]], `${y}-${k}`))
    const streets = { type: 'FeatureCollection', features: [...pieces(0), ...pieces(120), line([[1000, 0], [1000, 120]], 'b')] }
    expect((await h.s.admin.post('/api/import/roads?filename=r.geojson', JSON.stringify(streets))).status).toBe(200)
    // 3.3 min at 4 km/h = 220 m from (0, 0): south nodes x = 0, 100, 200 and north x = 0, 100
    // (√(100² + 120²) = 156 m; x = 200 is 233 m away).
    const five = await h.s.get(`/api/isochrone?lng=${at(0, 0)[0]}&lat=${at(0, 0)[1]}&minutes=3.3&mode=walk`)
    expectLimit(five, 'SEARCH_MAX_NODES', 'minutes')
    expect(five.body.error.message).toMatch(/^5 street nodes/)
    // 1 min = 66.7 m: only the node at (0, 0).
    const one = await h.s.get(`/api/isochrone?lng=${at(0, 0)[0]}&lat=${at(0, 0)[1]}&minutes=1&mode=walk`)
    expect(one.status).toBe(200)
    expect(one.body.features[0].properties.method).not.toBe('straight-line')
    const field = await h.s.get('/api/coverage?type=kindergarten&mode=walk')
    expectLimit(field, 'SEARCH_MAX_NODES', 'mode')
    expect(field.body.error.message).toMatch(/22 nodes/)
  })

  it('IMPORT_MAX_UNZIPPED_MB: a 20 KB gzip that unpacks to 20 MB is a 413 naming it, and nothing is stored', async () => {
    const before = await fingerprint(h.t.db)
    const bomb = gzipBomb(20, 1)
    expect(bomb.length).toBeLessThan(64 * 1024)
    const r = await h.s.admin.post('/api/import/facilities?filename=f.csv.gz', bomb)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('payload_too_large')
    expect(r.body.error.message).toContain('IMPORT_MAX_UNZIPPED_MB')
    expect(await fingerprint(h.t.db)).toEqual(before)
    // Just under the limit is read (and refused for what it is: no records), not cut off.
    const small = await h.s.admin.post('/api/import/facilities?filename=f.csv.gz', zlib.gzipSync('id,name,type,lng,lat\n'))
    expect(small.status).toBe(400)
    expect((await h.s.get('/api/health')).status).toBe(200)
  })
})

describeEachBackend('compressed request bodies are bounded after decompression', (backend) => {
  const h = useServer(backend, { JSON_MAX_KB: '64', IMPORT_MAX_MB: '1' })
  const post = async (path: string, body: Buffer, type: string) =>
    fetch(h.s.url + path, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type, 'content-encoding': 'gzip', ...(await h.s.admin.auth()) } })

  it('a 20 KB gzip JSON body of 5 MB is a 413 (JSON_MAX_KB), the same 1 KB one is read', async () => {
    const big = zlib.gzipSync(JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }))
    expect(big.length).toBeLessThan(20 * 1024)
    expect((await post('/api/scenarios', big, 'application/json')).status).toBe(413)
    expect((await post('/api/scenarios', zlib.gzipSync(JSON.stringify({ name: 'ok' })), 'application/json')).status).toBe(201)
  })

  it('a gzip-encoded import body is bounded by IMPORT_MAX_MB once decompressed', async () => {
    const r = await post('/api/import/facilities?filename=f.csv', gzipBomb(4, 1), 'text/csv')
    expect(r.status).toBe(413)
    expect((await h.s.get('/api/health')).status).toBe(200)
  })
})

describeEachBackend('validation faults of issue 10', (backend) => {
  const h = useServer(backend)
  const rect = (x0: number, x1: number) => ({ type: 'Polygon', coordinates: [[at(x0, 0), at(x1, 0), at(x1, 1000), at(x0, 1000), at(x0, 0)]] })
  beforeAll(async () => {
    const areas = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '330200', name: '宁波市', level: 'city' }, geometry: rect(0, 2000) },
        { type: 'Feature', properties: { code: '330203', name: '海曙区', level: 'district', parent: '330200' }, geometry: rect(0, 1000) },
        { type: 'Feature', properties: { code: '330205', name: '江北区', level: 'district', parent: '330200' }, geometry: rect(1000, 2000) },
      ],
    }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv([cellAt(300, 500), cellAt(1500, 500)]))).status).toBe(200)
  })
  const fields = (r: TestResponse) => r.body.error.details.map((d: { field: string }) => d.field)

  it('minutes=0x10 is not read as 16 (nor 1e400, nor " ")', async () => {
    for (const v of ['0x10', '1e400', '%20', '10abc']) {
      const r = await h.s.get(`/api/coverage?type=kindergarten&minutes=${v}`)
      expect(r.status, v).toBe(400)
      expect(fields(r)).toEqual(['minutes'])
    }
    const hex = await h.s.get('/api/coverage?type=kindergarten&minutes=0x10')
    expect(hex.body.error.details[0].message).toMatch(/not a decimal number/)
    expect((await h.s.get('/api/coverage?type=kindergarten&minutes=16')).body.minutes).toBe(16)
  })

  it('an empty minutes= says it is empty, not "expected number > 0"', async () => {
    for (const path of ['/api/coverage?type=kindergarten&minutes=', '/api/isochrone?lng=121.5&lat=29.9&minutes=']) {
      const r = await h.s.get(path)
      expect(r.status).toBe(400)
      expect(fields(r)).toEqual(['minutes'])
      expect(r.body.error.details[0].message).toMatch(/empty/)
      expect(r.body.error.details[0].message).not.toMatch(/expected number/)
    }
    const lng = await h.s.get('/api/isochrone?lat=29.9')
    expect(lng.body.error.details[0]).toMatchObject({ field: 'lng', message: expect.stringMatching(/required/) })
  })

  it('scenario=0 is refused (ids start at 1), with the field named', async () => {
    for (const path of ['/api/coverage?type=kindergarten&scenario=0', '/api/cells?type=kindergarten&scenario=0', '/api/facilities?scenario=0']) {
      const r = await h.s.get(path)
      expect(r.status, path).toBe(400)
      expect(fields(r)).toEqual(['scenario'])
    }
  })

  it('/api/facilities?type=<unknown> is a 400 like coverage, known types still answer', async () => {
    const r = await h.s.get('/api/facilities?type=kindergarten,rocket_base')
    expect(r.status).toBe(400)
    expect(r.body.error.details[0]).toMatchObject({ field: 'type', message: expect.stringMatching(/rocket_base/) })
    expect((await h.s.get('/api/coverage?type=rocket_base')).status).toBe(400)
    const ok = await h.s.get('/api/facilities?type=kindergarten')
    expect(ok.status).toBe(200)
    expect(ok.body.features).toEqual([])
  })

  it('coverage?area=330203&level=city is a 400 naming level; level=district gives 海曙区 itself', async () => {
    const r = await h.s.get('/api/coverage?type=kindergarten&area=330203&level=city')
    expect(r.status).toBe(400)
    expect(fields(r)).toEqual(['level'])
    const same = await h.s.get('/api/coverage?type=kindergarten&area=330203&level=district')
    expect(same.body.areas.map((a: { code: string; name: string }) => [a.code, a.name])).toEqual([['330203', '海曙区']])
    expect(same.body.areas[0].targetPopulation).toBe(10)
    // The city broken down by districts still lists both, each with its own cell.
    const city = await h.s.get('/api/coverage?type=kindergarten&area=330200&level=district')
    expect(city.body.areas.map((a: { code: string; targetPopulation: number }) => [a.code, a.targetPopulation])).toEqual([['330203', 10], ['330205', 10]])
    // Equity's default level (district) for a district: the district as its one group.
    const eq = await h.s.get('/api/equity?type=kindergarten&area=330203&measure=minutes')
    expect(eq.status).toBe(200)
    expect(eq.body.groups.map((g: { code: string }) => g.code)).toEqual(['330203'])
  })
})

describe('gzipBomb (test helper)', () => {
  it('packs 20 MB of zeros in under 64 KB and unpacks to exactly that', () => {
    const b = gzipBomb(20, 1)
    expect(b.length).toBeLessThan(64 * 1024)
    expect(zlib.gunzipSync(b).length).toBe(20 * 1024 * 1024)
  })
})
