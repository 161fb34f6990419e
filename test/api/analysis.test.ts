import { getIssues } from '@placemarkio/check-geojson'
import { parse as parseCsv } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// Hand-made cases through the HTTP API. Geometry is laid out in metres around (121.5 E, 29.9 N)
// and converted with the engine's sphere (R = 6,371,008.8 m): 1 m north = 1/111,195.08°.
const LNG0 = 121.5
const LAT0 = 29.9
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180
const M_PER_DEG_LNG = M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)
const at = (xM: number, yM: number): [number, number] => [LNG0 + xM / M_PER_DEG_LNG, LAT0 + yM / M_PER_DEG]
const toXY = ([lng, lat]: [number, number]) => [(lng - LNG0) * M_PER_DEG_LNG, (lat - LAT0) * M_PER_DEG]
const WALK_M_PER_MIN = 4000 / 60
/** [lat, lng] of the vertex mean of a closed ring (inside a hexagon: its cell). */
const centroidOfRing = (ring: number[][]): [number, number] => {
  const pts = ring.slice(0, -1)
  return [pts.reduce((s, p) => s + p[1], 0) / pts.length, pts.reduce((s, p) => s + p[0], 0) / pts.length]
}

const centroid = (cell: string): [number, number] => {
  const [lat, lng] = h3.cellToLatLng(cell)
  return [lng, lat]
}
const popCsv = (rows: [string, number][]) =>
  'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' +
  rows.map(([c, kids]) => `${c},${kids * 2},0,${kids},0,0,${kids},0`).join('\n') + '\n'
const facilitiesGeojson = (fs: { id: string; type: string; at: [number, number]; capacity?: number }[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: fs.map((f) => ({ type: 'Feature', properties: { id: f.id, type: f.type, capacity: f.capacity ?? null }, geometry: { type: 'Point', coordinates: f.at } })),
  })

describeEachBackend('coverage across a river (hand-computed)', (backend) => {
  const h = useServer(backend)
  // A facility on the south bank; the cell straight across the 120 m river is close in a straight
  // line, but on foot the only way is over the bridge 1 km east and back.
  const south = h3.latLngToCell(at(30, -40)[1], at(30, -40)[0], 10)
  const north = h3.latLngToCell(at(30, 170)[1], at(30, 170)[0], 10)
  beforeAll(async () => {
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv([[south, 50], [north, 100]]))).status).toBe(200)
    const f = await h.s.admin.post('/api/import/facilities?filename=f.geojson', facilitiesGeojson([{ id: 'K', type: 'kindergarten', at: at(0, -10) }]))
    expect(f.status).toBe(200)
  })

  it('without streets: straight line × 1.3, both cells within 5 minutes', async () => {
    const r = await h.s.get('/api/coverage?type=kindergarten')
    expect(r.status).toBe(200)
    expect(r.body.method).toBe('straight-line')
    expect(r.body.minutes).toBe(5)
    expect(r.body.areas[0]).toMatchObject({ code: null, targetPopulation: 150, coveredPopulation: 150, rate: 1 })
    const cells = await h.s.get('/api/cells?type=kindergarten')
    const byH3 = Object.fromEntries(cells.body.map((c: any) => [c.h3, c]))
    const [nx, ny] = toXY(centroid(north))
    const straight = Math.hypot(nx - 0, ny + 10) // to the facility at (0, −10)
    expect(byH3[north].minutes).toBeCloseTo((straight * 1.3) / WALK_M_PER_MIN, 1)
    expect(byH3[north].nearest).toBe('K')
  })

  it('with the river streets: the cell across the water is 30+ minutes away and uncovered', async () => {
    // Two banks 120 m apart, nodes every 100 m from x = 0 to 1,000 m, one bridge at x = 1,000 m.
    const line = (pts: [number, number][], id: string) => ({ type: 'Feature', properties: { id, highway: 'footway' }, geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => at(x, y)) } })
    const xs = Array.from({ length: 11 }, (_, k) => k * 100)
    const streets = {
      type: 'FeatureCollection',
      features: [line(xs.map((x) => [x, 0]), 'south'), line(xs.map((x) => [x, 120]), 'north'), line([[1000, 0], [1000, 120]], 'bridge')],
    }
    const imp = await h.s.admin.post('/api/import/roads?filename=river.geojson', JSON.stringify(streets))
    expect(imp.status).toBe(200)
    const r = await h.s.get('/api/coverage?type=kindergarten')
    expect(r.body.method).toBe('network')
    expect(r.body.areas[0]).toMatchObject({ targetPopulation: 150, coveredPopulation: 50 })
    expect(r.body.areas[0].rate).toBeCloseTo(1 / 3, 12)

    // By hand: the north cell snaps onto the north-bank street straight north or south of it
    // (x = nx, leg |ny − 120|: segment snapping, not the nearest node), walks east to the
    // bridge, crosses 120 m, walks back west 1,000 m to x = 0, then the facility's 10 m leg.
    const [nx, ny] = toXY(centroid(north))
    expect(nx).toBeGreaterThanOrEqual(0)
    expect(nx).toBeLessThanOrEqual(1000)
    const leg = Math.abs(ny - 120)
    const expected = (leg + (1000 - nx) + 120 + 1000 + 10) / WALK_M_PER_MIN
    const cells = await h.s.get('/api/cells?type=kindergarten')
    const northRow = cells.body.find((c: any) => c.h3 === north)
    expect(expected).toBeGreaterThan(30)
    expect(northRow.minutes).toBeCloseTo(expected, 1)
    // Within 30 minutes at a faster pace (e-bike network: footways are not for bikes → unreachable).
    const fast = await h.s.get('/api/coverage?type=kindergarten&speedKmh=10&minutes=15')
    expect(fast.body.areas[0].coveredPopulation).toBe(150)
  })

  it('answers 400 naming every bad parameter and 404 for an unknown area', async () => {
    const bad = await h.s.get('/api/coverage?type=schools&mode=rocket&minutes=-3')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['minutes'])
    const bad2 = await h.s.get('/api/coverage?type=schools&mode=rocket')
    expect(bad2.body.error.details.map((d: any) => d.field).sort()).toEqual(['mode', 'type'])
    const missing = await h.s.get('/api/coverage?type=kindergarten&area=999999')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })

  it('serves the cells as CSV too: RFC 4180 quoting, the same values as the JSON answer', async () => {
    // A facility whose id needs quoting (comma, double quotes), nearest to the north cell.
    const id = 'N,"north" 北'
    const f = await h.s.admin.post('/api/import/facilities?filename=f2.geojson&mode=append', facilitiesGeojson([{ id, type: 'kindergarten', at: at(30, 160) }]))
    expect(f.status).toBe(200)
    const json = (await h.s.get('/api/cells?type=kindergarten')).body as any[]
    expect(json.map((c) => c.nearest).sort()).toEqual(['K', id])
    const r = await fetch(`${h.s.url}/api/cells?type=kindergarten&format=csv`)
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await r.text()
    expect(text).toContain(',"N,""north"" 北"\r\n') // quotes doubled, the field quoted, CRLF
    const rows: string[][] = parseCsv(text)
    expect(rows[0]).toEqual(['h3', 'population', 'targetPopulation', 'minutes', 'nearest'])
    expect(rows).toHaveLength(json.length + 1)
    rows.slice(1).forEach((line, k) => {
      const c = json[k]
      expect(line[0]).toBe(c.h3)
      expect(Number(line[1])).toBe(c.population)
      expect(Number(line[2])).toBe(c.targetPopulation)
      expect(line[3] === '' ? null : Number(line[3])).toBe(c.minutes)
      expect(line[4] === '' ? null : line[4]).toBe(c.nearest)
    })
    // The Accept header chooses too; format= wins; a format not offered is a 400.
    const byAccept = await fetch(`${h.s.url}/api/cells?type=kindergarten`, { headers: { accept: 'text/csv' } })
    expect(byAccept.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(await byAccept.text()).toBe(text)
    expect(byAccept.headers.get('vary')).toMatch(/accept\b/i)
    const wins = await fetch(`${h.s.url}/api/cells?type=kindergarten&format=json`, { headers: { accept: 'text/csv' } })
    expect(await wins.json()).toEqual(json)
    const bad = await h.s.get('/api/cells?type=kindergarten&format=docx')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details[0].field).toBe('format')
  })

  it('serves the cells as XLSX, GeoJSON and GeoPackage files holding the JSON answer’s values', async () => {
    const json = (await h.s.get('/api/cells?type=kindergarten')).body as any[]
    const file = async (format: string) => {
      const r = await fetch(`${h.s.url}/api/cells?type=kindergarten&format=${format}`)
      expect(r.status).toBe(200)
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="cells-kindergarten.${format}"; filename*=UTF-8''cells-kindergarten.${format}`)
      return { type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) }
    }
    const xlsx = await file('xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.bytes as never)
    const sheet = wb.worksheets[0]
    expect(sheet.getRow(1).values).toEqual([undefined, 'h3', 'population', 'targetPopulation', 'minutes', 'nearest'])
    json.forEach((c, k) => expect(sheet.getRow(k + 2).values).toEqual([undefined, c.h3, c.population, c.targetPopulation, c.minutes ?? undefined, c.nearest ?? undefined]))
    expect(sheet.rowCount).toBe(json.length + 1)

    const gj = await file('geojson')
    expect(gj.type).toBe('application/geo+json')
    expect(getIssues(gj.bytes.toString('utf8'))).toEqual([])
    const fc = JSON.parse(gj.bytes.toString('utf8'))
    expect(fc.features.map((f: any) => f.properties)).toEqual(json)
    expect(fc.features.map((f: any) => h3.latLngToCell(...centroidOfRing(f.geometry.coordinates[0]), 10))).toEqual(json.map((c) => c.h3))

    const gpkg = await file('gpkg')
    expect(gpkg.type).toBe('application/geopackage+sqlite3')
    const require = createRequire(import.meta.url)
    const SQL = await require('rtree-sql.js')({ wasmBinary: fs.readFileSync(require.resolve('rtree-sql.js/dist/sql-wasm.wasm')) })
    const db = new SQL.Database(new Uint8Array(gpkg.bytes))
    const [[count, population, target, minutes]] = db.exec('SELECT count(*), sum(population), sum(targetPopulation), sum(minutes) FROM cells')[0].values
    db.close()
    expect(count).toBe(json.length)
    expect(population).toBeCloseTo(json.reduce((s, c) => s + c.population, 0), 9)
    expect(target).toBeCloseTo(json.reduce((s, c) => s + c.targetPopulation, 0), 9)
    expect(minutes).toBeCloseTo(json.reduce((s, c) => s + (c.minutes ?? 0), 0), 9)
  })
})

describeEachBackend('2SFCA, equity and isochrones through the API (hand-computed)', (backend) => {
  const h = useServer(backend)
  // Facility A (capacity 10) sits on cell 1's centroid and reaches cells 1 and 2 (20 and 30
  // children); facility B (capacity 5) sits on cell 3's centroid, 2 km north, reaching only it (10).
  const c1 = h3.latLngToCell(LAT0, LNG0, 10)
  const c2 = h3.gridDisk(c1, 1).find((c) => c !== c1)!
  const c3 = h3.latLngToCell(LAT0 + 2000 / M_PER_DEG, LNG0, 10)
  beforeAll(async () => {
    const areas = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'S', name: '南区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [[at(-1000, -1000), at(1000, -1000), at(1000, 1000), at(-1000, 1000), at(-1000, -1000)]] } },
        { type: 'Feature', properties: { code: 'N', name: '北区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [[at(-1000, 1000), at(1000, 1000), at(1000, 3000), at(-1000, 3000), at(-1000, 1000)]] } },
      ],
    }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv([[c1, 20], [c2, 30], [c3, 10]]))).status).toBe(200)
    const fs = [
      { id: 'A', type: 'kindergarten', at: centroid(c1), capacity: 10 },
      { id: 'B', type: 'kindergarten', at: centroid(c3), capacity: 5 },
    ]
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', facilitiesGeojson(fs))).status).toBe(200)
  })

  it('2SFCA: R_A = 10/50, R_B = 5/10; scores 0.2, 0.2, 0.5', async () => {
    const r = await h.s.get('/api/accessibility?type=kindergarten&method=2sfca&level=district')
    expect(r.status).toBe(200)
    const score = Object.fromEntries(r.body.cells.map((c: any) => [c.h3, c.score]))
    expect(score[c1]).toBeCloseTo(0.2, 12)
    expect(score[c2]).toBeCloseTo(0.2, 12)
    expect(score[c3]).toBeCloseTo(0.5, 12)
    const byCode = Object.fromEntries(r.body.areas.map((a: any) => [a.code, a]))
    expect(byCode.S.meanScore).toBeCloseTo(0.2, 12)
    expect(byCode.S.gini).toBeCloseTo(0, 12)
    expect(byCode.N.meanScore).toBeCloseTo(0.5, 12)
  })

  it('equity: Gini of scores 0.2 (50 children) and 0.5 (10) is 1/6; Theil splits exactly', async () => {
    const r = await h.s.get('/api/equity?type=kindergarten')
    expect(r.status).toBe(200)
    // Gini = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ) = 2·50·10·0.3 / (2·60²·0.25) = 1/6
    expect(r.body.gini).toBeCloseTo(1 / 6, 10)
    // All inequality is between the two districts: within each, everyone scores the same.
    expect(r.body.theil.within).toBeCloseTo(0, 12)
    expect(r.body.theil.between).toBeCloseTo(r.body.theil.total, 12)
    const mu = 0.25
    const expectedTheil = (50 / 60) * (0.2 / mu) * Math.log(0.2 / mu) + (10 / 60) * (0.5 / mu) * Math.log(0.5 / mu)
    expect(r.body.theil.total).toBeCloseTo(expectedTheil, 10)
  })

  it('an isochrone band holds the cells it reaches, with their population and area', async () => {
    const r = await h.s.get(`/api/isochrone?lng=${centroid(c1)[0]}&lat=${centroid(c1)[1]}&minutes=1,5`)
    expect(r.status).toBe(200)
    const [b1, b5] = r.body.features.map((f: any) => f.properties)
    // 1 minute straight-line × 1.3 = 51 m: only the origin cell's centroid; its population is 40.
    expect(b1).toMatchObject({ minutes: 1, cellCount: 1, population: 40 })
    expect(b1.areaKm2).toBeCloseTo(h3.cellArea(c1, 'km2'), 9)
    expect(b5.population).toBe(40 + 60) // c1 and its neighbour c2 (2 × 30 residents)
    expect(b5.cellCount).toBeGreaterThan(7)
  })
})
