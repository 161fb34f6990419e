import { describe, expect, it } from 'vitest'
import { EARTH_RADIUS_M } from './haversine'
import { parseGeoJsonLines, parseOsmPbf, parseOsmXml, parseStreets } from './osm'
import { errorOf, fixture } from './test-support'
import type { StreetSegment } from './types'

const RAD = Math.PI / 180
/** 0.001° of longitude along a parallel, and of latitude along a meridian, on the haversine sphere. */
const eastM = (lat: number) => 2 * EARTH_RADIUS_M * Math.asin(Math.cos(lat * RAD) * Math.sin(0.0005 * RAD))
const NORTH_M = EARTH_RADIUS_M * 0.001 * RAD // 111.195 m

const summary = (segments: StreetSegment[]) => segments.map((s) => `${s.wayId}:${s.source}-${s.target}`)

describe('OSM XML (test/fixtures/valid/streets-grid.osm, drawn in test/fixtures/street-grid.ts)', () => {
  const built = parseOsmXml(fixture('valid', 'streets-grid.osm'))

  it('keeps highway ways only and cuts them at junctions and ends', () => {
    expect(summary(built.segments)).toEqual([
      '101:1-2', '101:2-3', // cut at 2, where primary 104 crosses
      '102:4-5', '102:5-6',
      '103:7-8', '103:8-9',
      '104:2-5', '104:5-8',
      '106:3-6', // building 105 dropped, deleted path 107 skipped, missing node 99 skipped
    ])
  })

  it('reports skipped missing node references as a warning', () => {
    expect(built.missingRefs).toBe(1)
    expect(built.warnings).toEqual(['1 node reference in 1 way point to nodes missing from the file; they were skipped'])
  })

  it('gives [lng, lat] coordinates and haversine lengths', () => {
    const [first] = built.segments
    expect(first.coords).toEqual([[121.5, 29.9], [121.501, 29.9]])
    expect(first.lengthM).toBeCloseTo(eastM(29.9), 6)
    expect(first.lengthM).toBeCloseTo(96.38, 1)
    const vertical = built.segments.find((s) => s.wayId === '104')!
    expect(vertical.coords).toEqual([[121.501, 29.9], [121.501, 29.901]])
    expect(vertical.lengthM).toBeCloseTo(NORTH_M, 6)
  })

  it('keeps all tags of the way, entities decoded', () => {
    expect(built.segments[0].tags).toEqual({ highway: 'residential', name: '南路 & "东段"' })
    expect(built.segments[8].tags).toEqual({ highway: 'service', access: 'private' })
  })

  it('rejects truncated XML and a root other than <osm>', async () => {
    const cut = fixture('valid', 'streets-grid.osm').subarray(0, 900)
    expect((await errorOf(() => parseOsmXml(cut))).message).toMatch(/^OSM XML is malformed or truncated: .*unclosed tag/)
    const foreign = new TextEncoder().encode('<?xml version="1.0"?><gpx><osm/></gpx>')
    expect((await errorOf(() => parseOsmXml(foreign))).message).toBe('XML root element is <gpx>, expected <osm>')
  })
})

describe('OSM PBF (the same grid, test/fixtures/valid/streets-grid.osm.pbf)', () => {
  const xml = parseOsmXml(fixture('valid', 'streets-grid.osm'))
  const pbf = parseOsmPbf(fixture('valid', 'streets-grid.osm.pbf'))

  it('gives the same segments, tags and lengths as the XML', () => {
    expect(summary(pbf.segments)).toEqual(summary(xml.segments))
    pbf.segments.forEach((s, k) => {
      expect(s.tags).toEqual(xml.segments[k].tags)
      expect(s.lengthM).toBeCloseTo(xml.segments[k].lengthM, 4)
      s.coords.forEach((c, j) => {
        expect(c[0]).toBeCloseTo(xml.segments[k].coords[j][0], 9)
        expect(c[1]).toBeCloseTo(xml.segments[k].coords[j][1], 9)
      })
    })
    expect(pbf.missingRefs).toBe(1)
  })

  it('rejects a truncated file and a corrupt blob', async () => {
    const bytes = fixture('valid', 'streets-grid.osm.pbf')
    expect((await errorOf(() => parseOsmPbf(bytes.subarray(0, bytes.length - 10)))).message).toBe('OSM PBF is truncated: blob 2 ends beyond the end of the file')
    const corrupt = bytes.slice()
    corrupt.fill(0xff, corrupt.length - 60, corrupt.length - 20)
    expect((await errorOf(() => parseOsmPbf(corrupt))).message).toMatch(/^OSM PBF is corrupt: blob 2 cannot be decoded/)
  })
})

describe('GeoJSON lines (test/fixtures/valid/streets-lines.geojson)', () => {
  const built = parseGeoJsonLines(fixture('valid', 'streets-lines.geojson'))

  it('connects lines only at identical vertices; a crossing without a shared vertex stays apart', () => {
    // node keys by first appearance: A1 B2 C3 (L1), D4 (feature 2), E5 F6 (the bridge), G7 (L4)
    expect(summary(built.segments)).toEqual(['L1:1-2', 'L1:2-3', '2:2-4', '3:5-6', 'L4:4-7', 'L4:7-3'])
  })

  it('stringifies properties into tags and drops nulls', () => {
    expect(built.segments[0].tags).toEqual({ id: 'L1', highway: 'residential', lanes: '2' })
    expect(built.segments[2].tags).toEqual({ highway: 'footway', lit: 'true' })
    expect(built.segments[4].tags).toEqual({ id: 'L4', highway: 'service' })
    expect(built.segments[0].lengthM).toBeCloseTo(eastM(29.9), 6)
  })

  it('names features that are not lines', async () => {
    const e = await errorOf(() => parseGeoJsonLines('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[121.5,29.9]}}]}'))
    expect(e.details).toEqual([{ record: 1, field: 'geometry', message: 'feature 1: geometry is Point; street files need LineString or MultiLineString' }])
  })
})

describe('parseStreets', () => {
  it('enforces a segment limit, naming it', async () => {
    const e = await errorOf(() => parseStreets(fixture('valid', 'streets-grid.osm'), 'osm-xml', { maxSegments: 8 }))
    expect(e.message).toBe('file has more than 8 street segments; the limit is 8')
  })
})
