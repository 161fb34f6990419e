/**
 * Property-based tests of every importer through the HTTP API (admin token), on each backend:
 * a valid file with one record broken on purpose is refused with 400 naming that record and
 * field; randomly mutated files are imported or refused with a 4xx; a refusal never leaves a
 * partial write (the data fingerprint of db/fingerprint.ts, tokens aside, is unchanged).
 */
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import { writeArrayBuffer } from 'geotiff'
import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { dataFingerprint } from '../../server/src/db/fingerprint'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { shapefileZip } from '../fixtures/shapefile'
import { caseCounter, expectCleanRefusal, fixture, mutate, mutation, runs } from './support'

const count = caseCounter('import')

type Row = Record<string, string | number>
const csv = (rows: Row[]) => {
  const cols = Object.keys(rows[0])
  const q = (v: string | number) => (/[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))
  return [cols.join(','), ...rows.map((r) => cols.map((c) => q(r[c])).join(','))].join('\n') + '\n'
}

const facility = (i: number): Row => ({ id: `F${i}`, name: `设施${i}`, type: 'kindergarten', capacity: 100 + i, status: 'existing', lng: 121.5 + i * 0.001, lat: 29.9 })
const project = (i: number): Row => ({ id: `P${i}`, name: `项目${i}`, domain: 'childcare', investment: 0.5, year: 2024, lng: 121.5 + i * 0.001, lat: 29.9 })
const BASE_CELL = h3.latLngToCell(29.9, 121.5, 10)
const popCells = h3.gridDisk(BASE_CELL, 3)
const population = (i: number): Row => ({ h3: popCells[i], population: 10, age_0_2: 1, age_3_5: 1, age_6_11: 2, age_12_14: 1, age_15_59: 4, age_60_plus: 1 })

/** Values each field must refuse (the importer's contract, API.md and README "Importing"). */
const BAD: Record<string, Record<string, string[]>> = {
  facilities: {
    lng: ['abc', '1e309', '-1e309', '200', 'NaN', '0x10', '12abc', 'Infinity'],
    lat: ['abc', '1e309', '95', 'NaN', '-91'],
    capacity: ['-5', 'abc', '1e309', 'NaN', 'Infinity', '0x10', '约三百'],
    type: ['no_such_type', 'Kindergarten!', '__proto__', 'constructor'],
    status: ['demolished', 'toString', '__proto__'],
  },
  projects: {
    domain: ['no_such_domain', '__proto__', 'constructor'],
    investment: ['-1', 'abc', '1e309', 'NaN', 'Infinity'],
    year: ['abc', '2024.5', '1e309', 'NaN'],
  },
  population: {
    h3: ['abc', '8a309a', '__proto__', '0x10', 'ffffffffffffffff'],
    population: ['-1', 'abc', '1e309', 'NaN', 'Infinity'],
    age_3_5: ['-1', 'abc', '1e309', 'NaN'],
  },
}

async function xlsxOf(rows: Row[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('设施')
  ws.addRow(Object.keys(rows[0]))
  for (const r of rows) ws.addRow(Object.values(r).map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)))
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describeEachBackend('importers: one broken record is named, nothing is written', (backend) => {
  const h = useServer(backend)
  const fingerprint = async () => {
    const { tables } = await dataFingerprint(h.t.db)
    delete tables.api_tokens // last_used_at moves with every authenticated request
    return tables
  }
  beforeAll(async () => {
    // Something to protect in every layer the importers write.
    expect((await h.s.admin.post('/api/import/facilities?filename=f.csv', csv([0, 1, 2].map((i) => facility(100 + i))))).status).toBe(200)
    expect((await h.s.admin.post('/api/import/projects?filename=p.csv', csv([project(100)]))).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', csv([population(30)]))).status).toBe(200)
  })

  /** Posts a file that must be refused naming `record` and `field`; checks the database did not move. */
  async function refused(kind: string, fileName: string, bytes: Uint8Array | string, record: number, field: string, what: string) {
    const before = await fingerprint()
    const r = await h.s.admin.post(`/api/import/${kind}?filename=${encodeURIComponent(fileName)}`, bytes)
    expectCleanRefusal(r.status, r.body, what)
    expect(r.status, what).toBe(400)
    expect(r.body.error.details, what).toEqual(expect.arrayContaining([expect.objectContaining({ record, field })]))
    expect(await fingerprint(), what).toEqual(before)
  }

  const table = (kind: keyof typeof BAD, make: (i: number) => Row) =>
    fc.record({
      n: fc.integer({ min: 1, max: 8 }),
      k: fc.nat(),
      field: fc.constantFrom(...Object.keys(BAD[kind])),
      pick: fc.nat(),
    }).map(({ n, k, field, pick }) => {
      const rows = Array.from({ length: n }, (_, i) => make(i))
      const at = k % n
      const bad = BAD[kind][field][pick % BAD[kind][field].length]
      rows[at] = { ...rows[at], [field]: bad }
      return { rows, record: at + 1, field, bad }
    })

  it('facilities CSV', async () => {
    await fc.assert(fc.asyncProperty(table('facilities', facility), async (c) => {
      count('facilities csv')
      await refused('facilities', 'f.csv', csv(c.rows), c.record, c.field, `${c.field}=${c.bad} at record ${c.record}`)
    }), runs(14))
  })

  it('facilities XLSX', async () => {
    await fc.assert(fc.asyncProperty(table('facilities', facility), async (c) => {
      count('facilities xlsx')
      await refused('facilities', 'f.xlsx', await xlsxOf(c.rows), c.record, c.field, `${c.field}=${c.bad} at record ${c.record}`)
    }), runs(6))
  })

  it('facilities GeoJSON (values of every JSON type)', async () => {
    const badJson: Record<string, unknown[]> = {
      capacity: [-5, 'abc', '1e309', { a: 1 }, [1], true],
      type: ['no_such_type', 5, { type: 'kindergarten' }, ['kindergarten']],
      status: ['demolished', 3, {}],
    }
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.nat(), fc.constantFrom(...Object.keys(badJson)), fc.nat(), async (n, k, field, pick) => {
      count('facilities geojson')
      const at = k % n
      const features = Array.from({ length: n }, (_, i) => {
        const { lng, lat, ...props } = facility(i)
        return { type: 'Feature', properties: props as Record<string, unknown>, geometry: { type: 'Point', coordinates: [lng, lat] } }
      })
      const bad = badJson[field][pick % badJson[field].length]
      features[at].properties[field] = bad
      await refused('facilities', 'f.geojson', JSON.stringify({ type: 'FeatureCollection', features }), at + 1, field, `${field}=${JSON.stringify(bad)} at ${at + 1}`)
    }), runs(12))
  })

  it('facilities Shapefile (zip)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom('type', 'capacity', 'status'), async (n, k, field) => {
      count('facilities shapefile')
      const at = k % n
      const bad = { type: 'no_such_type', capacity: 'abc', status: 'demolished' }[field]
      const features = Array.from({ length: n }, (_, i) => {
        const { lng, lat, ...props } = facility(i)
        return { geometry: { type: 'Point' as const, coordinates: [lng as number, lat as number] }, properties: { ...props, capacity: String(props.capacity), ...(i === at ? { [field]: bad } : {}) } }
      })
      await refused('facilities', 'f.zip', await shapefileZip({ features }), at + 1, field, `${field}=${bad} at ${at + 1}`)
    }), runs(5))
  })

  it('projects CSV', async () => {
    await fc.assert(fc.asyncProperty(table('projects', project), async (c) => {
      count('projects csv')
      await refused('projects', 'p.csv', csv(c.rows), c.record, c.field, `${c.field}=${c.bad} at record ${c.record}`)
    }), runs(10))
  })

  it('population CSV', async () => {
    await fc.assert(fc.asyncProperty(table('population', population), async (c) => {
      count('population csv')
      await refused('population', 'p.csv', csv(c.rows), c.record, c.field, `${c.field}=${c.bad} at record ${c.record}`)
    }), runs(10))
  })

  it('areas GeoJSON', async () => {
    const square = (i: number) => ({ type: 'Polygon', coordinates: [[[121 + i, 29], [121.5 + i, 29], [121.5 + i, 29.5], [121 + i, 29.5], [121 + i, 29]]] })
    const bad: Record<string, unknown[]> = {
      level: ['province', 3, '__proto__'],
      name: ['', null, { zh: 'x' }],
      geometry: [{ type: 'Point', coordinates: [121, 29] }, { type: 'Polygon', coordinates: [[[121, 29]]] }, { type: 'Polygon', coordinates: [[[121, 29], ['x', 29], [121, 30], [121, 29]]] }],
    }
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.nat(), fc.constantFrom(...Object.keys(bad)), fc.nat(), async (n, k, field, pick) => {
      count('areas geojson')
      const at = k % n
      const features: any[] = Array.from({ length: n }, (_, i) => ({ type: 'Feature', properties: { code: `Z${i}`, name: `区${i}`, level: 'district' }, geometry: square(i) }))
      const v = bad[field][pick % bad[field].length]
      if (field === 'geometry') features[at].geometry = v
      else features[at].properties[field] = v
      await refused('areas', 'a.geojson', JSON.stringify({ type: 'FeatureCollection', features }), at + 1, field, `${field}=${JSON.stringify(v)} at ${at + 1}`)
    }), runs(8))
  })

  // Mutated whole files: read or refused, never a 5xx; a refusal writes nothing.
  const tif = () => new Uint8Array(writeArrayBuffer(new Float32Array([5, 0, 2, 1]), {
    width: 2, height: 2, BitsPerSample: [32], SampleFormat: [3], ModelPixelScale: [0.001, 0.001, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.9, 0],
    GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1, GeographicTypeGeoKey: 4326,
  }))
  const MUTATED: [string, string, () => Uint8Array | Promise<Uint8Array>][] = [
    ['facilities', 'facilities.csv', () => fixture('valid/facilities.csv')],
    ['facilities', 'facilities.xlsx', () => fixture('valid/facilities.xlsx')],
    ['facilities', 'facilities.geojson', () => fixture('valid/facilities-cixi.wgs84.geojson')],
    ['population', 'population.tif', tif],
    ['population', 'population.csv', () => fixture('valid/population.csv')],
    ['roads', 'streets.osm', () => fixture('valid/streets-grid.osm')],
    ['roads', 'streets.osm.pbf', () => fixture('valid/streets-grid.osm.pbf')],
    ['projects', 'projects.csv', () => new TextEncoder().encode(csv([project(1), project(2)]))],
  ]
  for (const [kind, name, seed] of MUTATED) {
    it(`${kind} ← mutated ${name}`, async () => {
      const original = await seed()
      await fc.assert(fc.asyncProperty(mutation, async (m) => {
        count(`mutated ${name}`)
        const before = await fingerprint()
        const bytes = mutate(original, m)
        const r = await h.s.admin.post(`/api/import/${kind}?filename=${name}${m.kind === 'gzip' ? '.gz' : ''}&checkCrs=0`, bytes)
        expect(r.status, `${m.kind}: ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(500)
        if (r.status >= 400) {
          expectCleanRefusal(r.status, r.body, m.kind)
          expect(await fingerprint(), m.kind).toEqual(before)
        }
      }), runs(6))
    })
  }
})
