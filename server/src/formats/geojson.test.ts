import { describe, expect, it } from 'vitest'
import { geometryProblem, parseGeoJson } from './geojson'
import { locateJsonError } from './json-syntax'
import { errorOf, fixture } from './test-support'

describe('parseGeoJson', () => {
  it('reads a FeatureCollection with 1-based feature indices and properties as typed', () => {
    const { records } = parseGeoJson(fixture('valid', 'facilities-cixi.wgs84.geojson'))
    expect(records).toHaveLength(40)
    expect(records[0].index).toBe(1)
    expect(records[39]).toMatchObject({ index: 40, properties: { id: 'CX40', synthetic: true }, geometry: { type: 'Point' } })
  })

  it('reads a single Feature and a bare geometry as one record', () => {
    const feature = parseGeoJson('{"type":"Feature","id":"node/7","properties":null,"geometry":{"type":"Point","coordinates":[121.5,29.9]}}')
    expect(feature.records).toEqual([{ index: 1, properties: { id: 'node/7' }, geometry: { type: 'Point', coordinates: [121.5, 29.9] } }])
    const bare = parseGeoJson('{"type":"MultiPoint","coordinates":[[121.5,29.9],[121.6,29.8]]}')
    expect(bare.records[0]).toMatchObject({ index: 1, properties: {}, geometry: { type: 'MultiPoint' } })
  })

  it('keeps a bow-tie polygon (valid input: the importer repairs it)', () => {
    const { records } = parseGeoJson(fixture('valid', 'areas-bowtie.geojson'))
    expect(records[0].properties.code).toBe('B1')
    expect(records[0].geometry).toMatchObject({ type: 'Polygon', coordinates: [[[121.54, 29.86], [121.56, 29.88], [121.56, 29.86], [121.54, 29.88], [121.54, 29.86]]] })
  })

  it('reports truncated JSON with the line and column where it breaks', async () => {
    const e = await errorOf(() => parseGeoJson(fixture('invalid', 'truncated.geojson')))
    expect(e.status).toBe(400)
    expect(e.message).toBe('invalid JSON at line 12, column 8: unexpected end of file (unterminated string)')
  })

  it('reports a syntax error in the middle with its position', async () => {
    const e = await errorOf(() => parseGeoJson('{\n  "type": "FeatureCollection",\n  "features": [ x ]\n}'))
    expect(e.message).toBe('invalid JSON at line 3, column 17: expected a value, found "x"')
  })

  it('names each broken feature and the field at fault, all at once', async () => {
    const e = await errorOf(() => parseGeoJson(fixture('invalid', 'null-geometry.geojson')))
    expect(e.details).toEqual([
      { record: 2, field: 'geometry', message: 'feature 2: geometry is null' },
      { record: 3, field: 'properties', message: 'feature 3: "properties" is an array, expected an object' },
    ])
    expect(e.message).toBe('GeoJSON file: feature 2: geometry is null (and 1 more problem)')
  })

  it('rejects a feature with a wrong "type"', async () => {
    const e = await errorOf(() => parseGeoJson(fixture('invalid', 'wrong-type.geojson')))
    expect(e.details[0]).toEqual({ record: 1, field: 'type', message: 'feature 1: "type" is "Featur", expected "Feature"' })
  })

  it('rejects a top-level array and an unknown top-level type', async () => {
    expect((await errorOf(() => parseGeoJson('[]'))).message).toMatch(/top-level value is an array/)
    expect((await errorOf(() => parseGeoJson('{"type":"Topology"}'))).message).toMatch(/"type" is "Topology"/)
  })

  it('rejects a declared projected CRS, accepts CGCS2000 with a warning', async () => {
    expect((await errorOf(() => parseGeoJson(fixture('invalid', 'projected-3857.geojson')))).message).toMatch(/EPSG::3857; only WGS84/)
    const cgcs = parseGeoJson('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4490"}},"features":[]}')
    expect(cgcs.warnings[0]).toMatch(/CGCS2000/)
  })

  it('enforces maxRecords, naming the limit', async () => {
    const e = await errorOf(() => parseGeoJson(fixture('valid', 'facilities-cixi.wgs84.geojson'), { maxRecords: 39 }))
    expect(e.message).toBe('file has more than 39 records; the limit is 39')
  })

  it('does not validate domain content: a LineString among points passes', () => {
    const { records } = parseGeoJson(fixture('invalid', 'facilities-linestring.geojson'))
    expect(records.map((r) => r.geometry?.type)).toEqual(['Point', 'LineString', 'Point'])
  })
})

describe('geometryProblem', () => {
  it('accepts well-formed geometries', () => {
    expect(geometryProblem({ type: 'Point', coordinates: [1, 2, 3] })).toBeNull()
    expect(geometryProblem({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[0, 0], [1, 1]] }] })).toBeNull()
  })

  it('names the structural fault', () => {
    expect(geometryProblem({ type: 'Point', coordinates: ['121.5', 29.9] })).toMatch(/^coordinates is not a position/)
    expect(geometryProblem({ type: 'LineString', coordinates: [[0, 0]] })).toBe('coordinates has fewer than 2 positions')
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })).toBe('coordinates[0] is not a closed ring (first and last positions differ)')
    expect(geometryProblem({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 0]]]] })).toBe('coordinates[0][0] is a ring of fewer than 4 positions')
    expect(geometryProblem({ type: 'Circle', coordinates: [0, 0] })).toBe('geometry type "Circle" is not a GeoJSON geometry type')
  })
})

describe('locateJsonError', () => {
  it('finds nothing wrong in valid JSON and the offset of the first fault otherwise', () => {
    expect(locateJsonError('{"a": [1, 2.5e3, true, null, "x\\u00e9"]}')).toBeNull()
    expect(locateJsonError('{"a": 1,}')).toEqual({ offset: 8, message: 'expected a double-quoted property name, found "}"' })
    expect(locateJsonError('{"a": 1} 2')?.offset).toBe(9)
    expect(locateJsonError('[1 2]')?.message).toBe(`expected ',' or ']', found "2"`)
  })
})
