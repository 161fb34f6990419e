import * as h3 from 'h3-js'
import { writeArrayBuffer } from 'geotiff'
import { beforeEach, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// Population from points, polygons and a GeoTIFF raster, through POST /api/import/population.
describeEachBackend('population from points, polygons and rasters', (backend) => {
  const h = useServer(backend, { IMPORT_MAX_RECORDS: '2000' })
  const total = async () => (await h.t.db.query<{ p: number; n: number }>('SELECT coalesce(sum(population), 0)::float8 AS p, count(*)::int AS n FROM population_cells'))[0]
  beforeEach(async () => {
    await h.t.db.query('DELETE FROM population_cells')
  })

  it('puts each point in the res-10 cell that contains it, summing points that share a cell', async () => {
    const fc = { type: 'FeatureCollection', features: [[121.5, 29.9, 10], [121.50001, 29.90001, 5], [121.52, 29.9, 7]].map(([lng, lat, p]) => ({ type: 'Feature', properties: { population: p, age_60_plus: 1 }, geometry: { type: 'Point', coordinates: [lng, lat] } })) }
    const r = await h.s.admin.post('/api/import/population?filename=points.geojson', JSON.stringify(fc))
    expect(r.status).toBe(200)
    const rows = await h.t.db.query<{ h3: string; population: number; age_60_plus: number }>('SELECT h3, population, age_60_plus FROM population_cells ORDER BY population')
    expect(rows).toEqual([
      { h3: h3.latLngToCell(29.9, 121.52, 10), population: 7, age_60_plus: 1 },
      { h3: h3.latLngToCell(29.9, 121.5, 10), population: 15, age_60_plus: 2 },
    ])
  })

  it('spreads a polygon over the cells it overlaps in proportion to the overlapping area', async () => {
    // A 600 m × 600 m square holding 1,000 residents: about 24 res-10 cells, each partly or fully inside.
    const d = 0.003
    const square = [[121.5, 29.9], [121.5 + d * 2, 29.9], [121.5 + d * 2, 29.9 + d * 1.8], [121.5, 29.9 + d * 1.8], [121.5, 29.9]]
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { population: 1000 }, geometry: { type: 'Polygon', coordinates: [square] } }] }
    const r = await h.s.admin.post('/api/import/population?filename=blocks.geojson', JSON.stringify(fc))
    expect(r.status).toBe(200)
    const { p, n } = await total()
    expect(p).toBeCloseTo(1000, 6) // nothing lost
    expect(n).toBeGreaterThan(15)
    // A cell wholly inside the square gets its area share: 1,000 × cell area ÷ square area (±1 %).
    const inner = h3.latLngToCell(29.9 + d * 0.9, 121.5 + d, 10)
    const [row] = await h.t.db.query<{ population: number }>('SELECT population FROM population_cells WHERE h3 = $1', [inner])
    const squareKm2 = (d * 2 * 111.195 * Math.cos((29.9027 * Math.PI) / 180)) * (d * 1.8 * 111.195)
    expect(Math.abs(row.population / ((1000 * h3.cellArea(inner, 'km2')) / squareKm2) - 1)).toBeLessThan(0.01)
  })

  it('reads a WorldPop-style GeoTIFF and keeps its total', async () => {
    // 2 × 2 pixels of 0.001° (~100 m): 12, 0, nodata, 30.5 persons.
    const tiff = new Uint8Array(writeArrayBuffer(new Float32Array([12, 0, -99999, 30.5]), {
      width: 2, height: 2, BitsPerSample: [32], SampleFormat: [3], GDAL_NODATA: '-99999',
      ModelPixelScale: [0.001, 0.001, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.902, 0],
      GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1, GeographicTypeGeoKey: 4326,
    }))
    const r = await h.s.admin.post('/api/import/population?filename=worldpop.tif', tiff)
    expect(r.status).toBe(200)
    expect(r.body.format).toBe('geotiff')
    expect((await total()).p).toBeCloseTo(42.5, 4)
  })

  it('refuses an import that would exceed IMPORT_MAX_RECORDS cells, storing nothing', async () => {
    // One res-7 cell splits into 7³ = 343 res-10 cells; seven of them would be 2,401 > 2,000.
    const parents = h3.gridDisk(h3.latLngToCell(29.9, 121.5, 7), 1).slice(0, 7)
    const csv = 'h3,population\n' + parents.map((c) => `${c},343`).join('\n')
    const r = await h.s.admin.post('/api/import/population?filename=coarse.csv', csv)
    expect(r.status).toBe(400)
    expect(r.body.error.message).toMatch(/2000|IMPORT_MAX_RECORDS/)
    expect((await total()).n).toBe(0)
  })
})
