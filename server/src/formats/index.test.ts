import { gzipSync } from 'node:zlib'
import { writeArrayBuffer } from 'geotiff'
import * as h3 from 'h3-js'
import { describe, expect, it } from 'vitest'
import { type ExpectedContent, parseFile } from './index'
import { errorOf, fixture } from './test-support'

const parseInvalid = (name: string, expect: ExpectedContent) => parseFile(fixture('invalid', name), { fileName: name, expect })

describe('parseFile on the malformed fixtures that the format layer rejects (test/fixtures/README.md)', () => {
  const cases: [string, ExpectedContent, string | RegExp, { record?: number; field?: string }?][] = [
    ['truncated.geojson', 'features', 'invalid JSON at line 12, column 8: unexpected end of file (unterminated string)'],
    ['empty.geojson', 'features', 'file is empty'],
    ['null-geometry.geojson', 'features', /^GeoJSON file: feature 2: geometry is null/, { record: 2, field: 'geometry' }],
    ['wrong-type.geojson', 'features', /^GeoJSON file: feature 1: "type" is "Featur"/, { record: 1, field: 'type' }],
    ['projected-3857.geojson', 'features', /declares the coordinate system urn:ogc:def:crs:EPSG::3857/],
    ['facilities-ragged.csv', 'features', 'CSV file: row 2 (line 3) has 7 fields; the header has 6 (and 1 more problem)', { record: 2 }],
    ['duplicate-header.csv', 'table', /^CSV file header: header: column 3 has no name/, { field: 'column 3' }],
    ['facilities-bad-row.xlsx', 'table', /^XLSX sheet "设施": row 2 \(sheet row 4\): cell D4 \(capacity\) contains the error #DIV\/0!/, { record: 2, field: 'capacity' }],
    ['streets-truncated.osm.gz', 'streets', /^gzip data is truncated or corrupt/],
    ['not-osm.pbf', 'streets', 'file name ".pbf" says OSM PBF but the content is plain text'],
  ]
  it.each(cases)('%s → 400', async (name, expect_, message, detail) => {
    const e = await errorOf(() => parseInvalid(name, expect_))
    expect(e.status).toBe(400)
    expect(e.code).toBe('bad_request')
    if (typeof message === 'string') expect(e.message).toBe(message)
    else expect(e.message).toMatch(message)
    expect(e.details.length).toBeGreaterThan(0)
    if (detail) expect(e.details[0]).toMatchObject(detail)
  })
})

describe('parseFile on the malformed fixtures whose fault is for the importer to name', () => {
  it('facilities-linestring.geojson: record 2 is a LineString', async () => {
    const { records } = await parseInvalid('facilities-linestring.geojson', 'features')
    expect(records![1]).toMatchObject({ index: 2, geometry: { type: 'LineString' } })
  })

  it('areas-point.geojson: record 2 is a Point', async () => {
    const { records } = await parseInvalid('areas-point.geojson', 'features')
    expect(records!.map((r) => r.geometry?.type)).toEqual(['Polygon', 'Point'])
  })

  it('facilities-missing-lng.csv has lat but no lng column', async () => {
    const { format, records } = await parseInvalid('facilities-missing-lng.csv', 'features')
    expect(format).toBe('csv')
    expect(records![0].properties).toEqual({ id: 'M1', name: '东门幼儿园', type: 'kindergarten', capacity: '270', lat: '29.8741' })
  })

  it('facilities-bad-capacity.csv: record 2 capacity is not a number', async () => {
    const { records } = await parseInvalid('facilities-bad-capacity.csv', 'features')
    expect(Number(records![1].properties.capacity)).toBeNaN()
  })

  it('facilities-duplicate-ids.csv: record 3 repeats the id of record 1', async () => {
    const { records } = await parseInvalid('facilities-duplicate-ids.csv', 'features')
    expect(records![2].properties.id).toBe(records![0].properties.id)
  })

  it('population-invalid-h3.csv: record 2 is not an H3 cell; population-res5.csv: record 1 is resolution 5', async () => {
    const bad = (await parseInvalid('population-invalid-h3.csv', 'raster-or-features')).records!
    expect(bad.map((r) => h3.isValidCell(r.properties.h3 as string))).toEqual([true, false])
    const coarse = (await parseInvalid('population-res5.csv', 'raster-or-features')).records!
    expect(h3.getResolution(coarse[0].properties.h3 as string)).toBe(5)
  })

  it('facilities-cixi.gcj02.geojson: 40 valid-looking points, each ~500 m off its WGS84 twin', async () => {
    const gcj = (await parseInvalid('facilities-cixi.gcj02.geojson', 'features')).records!
    const wgs = (await parseFile(fixture('valid', 'facilities-cixi.wgs84.geojson'), { expect: 'features' })).records!
    expect(gcj).toHaveLength(40)
    const dx = (gcj[0].geometry as GeoJSON.Point).coordinates[0] - (wgs[0].geometry as GeoJSON.Point).coordinates[0]
    expect(dx).toBeGreaterThan(0.004)
  })
})

describe('parseFile', () => {
  it('reads gzip-wrapped CSV as records', async () => {
    const bytes = gzipSync(fixture('valid', 'facilities.csv'))
    const out = await parseFile(bytes, { fileName: 'facilities.csv.gz', expect: 'features' })
    expect(out.format).toBe('csv')
    expect(out.records!.map((r) => r.properties.id)).toEqual(['K01', 'K02', 'K03'])
    expect(out.segments).toBeUndefined()
  })

  it('reads streets from OSM XML, PBF and GeoJSON lines as segments', async () => {
    const osm = await parseFile(fixture('valid', 'streets-grid.osm'), { fileName: 'streets-grid.osm', expect: 'streets' })
    expect(osm).toMatchObject({ format: 'osm-xml', warnings: [expect.stringMatching(/^1 node reference/)] })
    expect(osm.segments).toHaveLength(9)
    expect((await parseFile(fixture('valid', 'streets-grid.osm.pbf'), { expect: 'streets' })).segments).toHaveLength(9)
    const lines = await parseFile(fixture('valid', 'streets-lines.geojson'), { expect: 'streets' })
    expect(lines.format).toBe('geojson')
    expect(lines.segments).toHaveLength(6)
  })

  it('reads a GeoTIFF as population sample points', async () => {
    const tif = new Uint8Array(writeArrayBuffer(new Float32Array([4, 0]), {
      width: 2, height: 1, BitsPerSample: [32], SampleFormat: [3], ModelPixelScale: [0.001, 0.001, 0],
      ModelTiepoint: [0, 0, 0, 121.5, 29.9, 0], GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4326,
    }))
    const out = await parseFile(tif, { fileName: 'pop.tif', expect: 'raster-or-features', samplesPerSide: 2 })
    expect(out.format).toBe('geotiff')
    expect(out.records!.map((r) => r.properties.population)).toEqual([1, 1, 1, 1])
  })

  it('refuses a format the import does not take, naming what it takes', async () => {
    const e = await errorOf(() => parseFile(fixture('valid', 'facilities.csv'), { fileName: 'facilities.csv', expect: 'streets' }))
    expect(e.message).toBe('this import takes OSM XML, OSM PBF, GeoJSON, zipped Shapefile; the file is CSV')
    const e2 = await errorOf(() => parseFile(fixture('valid', 'areas-bowtie.geojson'), { expect: 'table' }))
    expect(e2.message).toBe('this import takes CSV, XLSX; the file is GeoJSON')
  })

  it('enforces maxRecords for records and for street segments', async () => {
    const e = await errorOf(() => parseFile(fixture('valid', 'facilities.xlsx'), { expect: 'table', maxRecords: 1 }))
    expect(e.message).toBe('file has more than 1 rows; the limit is 1')
    const s = await errorOf(() => parseFile(fixture('valid', 'streets-grid.osm.pbf'), { expect: 'streets', maxRecords: 5 }))
    expect(s.message).toBe('file has more than 5 street segments; the limit is 5')
  })
})
