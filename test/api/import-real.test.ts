import { expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { HAS_SHARED, readShared } from '../support/shared'
import { fingerprint } from '../support/snapshot'

// Imports of the real Ningbo files in ../shared/data/ningbo through the HTTP API.
describeEachBackend('real Ningbo data through POST /api/import', (backend) => {
  const h = useServer(backend)

  it.skipIf(!HAS_SHARED)('imports the 10 WGS84 districts', async () => {
    const r = await h.s.admin.post('/api/import/areas?filename=districts.wgs84.geojson', readShared('ningbo/districts.wgs84.geojson'))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ kind: 'areas', format: 'geojson', imported: 10, updated: 0 })
    const areas = await h.s.get('/api/areas?level=district')
    expect(areas.body.features.map((f: any) => f.properties.code).sort()).toEqual(
      ['330203', '330205', '330206', '330211', '330212', '330213', '330225', '330226', '330281', '330282'],
    )
  })

  it.skipIf(!HAS_SHARED)('puts every one of the 560 OSM schools in the district its record names', async () => {
    const r = await h.s.admin.post('/api/import/facilities?type=primary_school&filename=osm_schools.points.geojson', readShared('ningbo/osm_schools.points.geojson'))
    expect(r.status).toBe(200)
    expect(r.body.imported).toBe(560)
    const rows = await h.t.db.query<{ county: string; district: string | null }>(
      `SELECT f.attributes->>'county' AS county,
         (SELECT a.name FROM areas a WHERE a.level = 'district' AND ST_Intersects(a.geom, f.geom) LIMIT 1) AS district
       FROM facilities f`,
    )
    expect(rows).toHaveLength(560)
    const misplaced = rows.filter((r) => r.county !== r.district)
    expect(misplaced).toEqual([])
  })

  it.skipIf(!HAS_SHARED)('re-importing the same ids updates and never duplicates', async () => {
    const r = await h.s.admin.post('/api/import/facilities?type=primary_school&filename=osm_schools.points.geojson', readShared('ningbo/osm_schools.points.geojson'))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ imported: 0, updated: 560 })
    const [{ n }] = await h.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM facilities')
    expect(n).toBe(560)
  })

  it.skipIf(!HAS_SHARED)('imports the 95 hospitals into the district their record names', async () => {
    const r = await h.s.admin.post('/api/import/facilities?type=hospital&filename=osm_hospitals.points.geojson', readShared('ningbo/osm_hospitals.points.geojson'))
    expect(r.status).toBe(200)
    expect(r.body.imported).toBe(95)
    const hospitals = await h.s.get('/api/facilities?type=hospital&area=330282')
    const cixi = hospitals.body.features.map((f: any) => f.properties.county)
    expect(cixi.length).toBeGreaterThan(0)
    expect(new Set(cixi)).toEqual(new Set(['慈溪市']))
  })

  it.skipIf(!HAS_SHARED)('refuses the GCJ-02 district file declared as WGS84 and changes nothing', async () => {
    const before = await fingerprint(h.t.db)
    const r = await h.s.admin.post('/api/import/areas?filename=districts.gcj02.geojson', readShared('ningbo/districts.gcj02.geojson'))
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('suspected_gcj02')
    expect(r.body.error.message).toMatch(/crs=gcj02/)
    expect(r.body.error.details.length).toBeGreaterThan(5)
    expect(await fingerprint(h.t.db)).toEqual(before)
  })

  it.skipIf(!HAS_SHARED)('matches the WGS84 outlines within a few metres when imported with crs=gcj02', async () => {
    const r = await h.s.admin.post('/api/import/areas?crs=gcj02&filename=districts.gcj02.geojson', readShared('ningbo/districts.gcj02.geojson'))
    expect(r.status).toBe(200)
    expect(r.body.updated).toBe(10)
    const wgs = JSON.parse(readShared('ningbo/districts.wgs84.geojson').toString('utf8'))
    for (const f of wgs.features) {
      const [row] = await h.t.db.query<{ d: number }>(
        `SELECT ST_HausdorffDistance(geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) * 111320 AS d FROM areas WHERE code = $1`,
        [f.properties.adcode, JSON.stringify(f.geometry)],
      )
      expect(row.d, f.properties.name).toBeLessThan(5)
    }
  })

  it.skipIf(!HAS_SHARED)('records its provenance', async () => {
    const b = await h.s.get('/api/import-batches')
    expect(b.body.map((x: any) => x.kind)).toEqual(['areas', 'facilities', 'facilities', 'facilities', 'areas'])
    expect(b.body[0]).toMatchObject({ sourceCrs: 'gcj02', fileName: 'districts.gcj02.geojson', actor: 'test-admin', updated: 10 })
  })
})
