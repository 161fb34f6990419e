import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { HAS_SHARED, readShared } from '../support/shared'
import { fingerprint } from '../support/snapshot'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')
const fixture = (rel: string) => fs.readFileSync(path.join(fixtures, rel))

/** [import kind, fixture, expected error code, expected record, expected field] */
const INVALID: [string, string, string, number | undefined, string | undefined][] = [
  ['facilities', 'invalid/empty.geojson', 'bad_request', undefined, undefined],
  ['facilities', 'invalid/truncated.geojson', 'bad_request', undefined, undefined],
  ['facilities', 'invalid/null-geometry.geojson', 'bad_request', 2, 'geometry'],
  ['facilities', 'invalid/wrong-type.geojson', 'bad_request', 1, 'type'],
  ['facilities', 'invalid/projected-3857.geojson', 'bad_request', undefined, undefined],
  ['facilities', 'invalid/facilities-ragged.csv', 'bad_request', 2, undefined],
  ['facilities', 'invalid/duplicate-header.csv', 'bad_request', undefined, 'id'],
  ['facilities', 'invalid/facilities-bad-row.xlsx', 'bad_request', 2, 'capacity'],
  ['roads', 'invalid/streets-truncated.osm.gz', 'bad_request', undefined, undefined],
  ['roads', 'invalid/not-osm.pbf', 'bad_request', undefined, undefined],
  ['facilities', 'invalid/facilities-linestring.geojson', 'invalid_records', 2, 'geometry'],
  ['facilities', 'invalid/facilities-swapped.geojson', 'invalid_records', 2, 'geometry'],
  ['facilities', 'invalid/facilities-missing-lng.csv', 'invalid_records', 1, 'lng'],
  ['facilities', 'invalid/facilities-bad-capacity.csv', 'invalid_records', 2, 'capacity'],
  ['facilities', 'invalid/facilities-duplicate-ids.csv', 'invalid_records', 3, 'id'],
  ['areas', 'invalid/areas-point.geojson', 'invalid_records', 2, 'geometry'],
  ['population', 'invalid/population-invalid-h3.csv', 'invalid_records', 2, 'h3'],
  ['population', 'invalid/population-res5.csv', 'invalid_records', 1, 'h3'],
  // Found by the fuzz tests (test/fuzz/import.fuzz.test.ts):
  ['population', 'invalid/population-infinite.csv', 'invalid_records', 2, 'age_3_5'],
  ['facilities', 'invalid/facilities-capacity-1e309.csv', 'invalid_records', 1, 'capacity'],
  ['facilities', 'invalid/facilities-status-object.geojson', 'invalid_records', 2, 'status'],
  ['facilities', 'invalid/facilities-lat-out-of-range.csv', 'invalid_records', 1, 'lat'],
  ['facilities', 'invalid/facilities-truncated.xlsx', 'bad_request', undefined, undefined],
]

describeEachBackend('invalid imports change nothing', (backend) => {
  const h = useServer(backend, { IMPORT_MAX_MB: '0.05' })
  beforeAll(async () => {
    // Some data to protect: valid facilities and population.
    expect((await h.s.admin.post('/api/import/facilities?filename=facilities.csv', fixture('valid/facilities.csv'))).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=population.csv', fixture('valid/population.csv'))).status).toBe(200)
  })

  for (const [kind, file, code, record, field] of INVALID) {
    it(`${kind} ← ${file}: 400 ${code}${record ? ` at record ${record}` : ''}${field ? ` field ${field}` : ''}`, async () => {
      const before = await fingerprint(h.t.db)
      const r = await h.s.admin.post(`/api/import/${kind}?filename=${path.basename(file)}`, fixture(file))
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe(code)
      expect(r.body.error.message.length).toBeGreaterThan(10)
      if (record !== undefined || field !== undefined) {
        expect(r.body.error.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ ...(record !== undefined ? { record } : {}), ...(field ? { field } : {}) })]),
        )
      }
      expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/) // never a stack trace
      expect(await fingerprint(h.t.db)).toEqual(before)
    })
  }

  it('rejects one bad record at the end of an otherwise valid file, storing none of it', async () => {
    const before = await fingerprint(h.t.db)
    const features = Array.from({ length: 50 }, (_, i) => ({
      type: 'Feature',
      properties: { id: `ok-${i}`, type: 'kindergarten' },
      geometry: { type: 'Point', coordinates: [121.5 + i * 0.001, 29.9] },
    }))
    features.push({ type: 'Feature', properties: { id: 'bad', type: 'no_such_type' }, geometry: { type: 'Point', coordinates: [121.5, 29.9] } })
    const r = await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify({ type: 'FeatureCollection', features }))
    expect(r.status).toBe(400)
    expect(r.body.error.details).toEqual([expect.objectContaining({ record: 51, id: 'bad', field: 'type' })])
    expect(await fingerprint(h.t.db)).toEqual(before)
  })

  it('answers 413 to a body above IMPORT_MAX_MB and stores nothing', async () => {
    const before = await fingerprint(h.t.db)
    const big = new Uint8Array(60 * 1024).fill(32)
    const r = await h.s.admin.post('/api/import/facilities?filename=big.csv', big)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('payload_too_large')
    const form = new FormData()
    form.append('file', new Blob([big]), 'big.csv')
    const m = await h.s.admin.post('/api/import/facilities', form)
    expect(m.status).toBe(413)
    expect(await fingerprint(h.t.db)).toEqual(before)
  })

  it('names an unknown import kind and an invalid crs', async () => {
    const k = await h.s.admin.post('/api/import/schools', 'x')
    expect(k.status).toBe(400)
    expect(k.body.error.details[0].field).toBe('kind')
    const c = await h.s.admin.post('/api/import/facilities?crs=utm', fixture('valid/facilities.csv'))
    expect(c.status).toBe(400)
    expect(c.body.error.details[0].field).toBe('crs')
  })

  it('answers an empty multipart upload with a clear 400', async () => {
    const r = await h.s.admin.post('/api/import/facilities', new FormData())
    expect(r.status).toBe(400)
    expect(r.body.error.message).toMatch(/file/)
  })

  it.skipIf(!HAS_SHARED)('refuses GCJ-02 points declared as WGS84 once Cixi is loaded, and accepts them with crs=gcj02', async () => {
    expect((await h.s.admin.post('/api/import/areas?filename=cixi.geojson', readShared('ningbo/cixi_boundary.wgs84.geojson'))).status).toBe(200)
    const before = await fingerprint(h.t.db)
    const r = await h.s.admin.post('/api/import/facilities?filename=cixi.geojson', fixture('invalid/facilities-cixi.gcj02.geojson'))
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('suspected_gcj02')
    expect(await fingerprint(h.t.db)).toEqual(before)
    // The same file said to be GCJ-02 lands within a metre of its WGS84 twin.
    const ok = await h.s.admin.post('/api/import/facilities?crs=gcj02&filename=cixi.geojson', fixture('invalid/facilities-cixi.gcj02.geojson'))
    expect(ok.status).toBe(200)
    expect(ok.body.imported).toBe(40)
    const twin = JSON.parse(fixture('valid/facilities-cixi.wgs84.geojson').toString('utf8'))
    for (const f of twin.features) {
      const [row] = await h.t.db.query<{ d: number }>(
        `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM facilities WHERE external_id = $1`,
        [f.properties.id, ...f.geometry.coordinates],
      )
      expect(row.d).toBeLessThan(1)
    }
    // …and the WGS84 twin itself passes the check.
    const w = await h.s.admin.post('/api/import/facilities?filename=cixi.wgs84.geojson', fixture('valid/facilities-cixi.wgs84.geojson'))
    expect(w.status).toBe(200)
    expect(w.body.updated).toBe(40)
  })
})
