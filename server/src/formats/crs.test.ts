import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FeatureCollection, MultiPolygon, Point, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { geometryToWgs84, positionToWgs84, segmentsToWgs84 } from './crs'
import { haversineM } from './haversine'
import { HAS_SHARED_DATA, SHARED_DATA, SHARED_MISSING_NOTE, fixture } from './test-support'
import type { StreetSegment } from './types'

/**
 * Published reference pairs: gcoord's own test vectors (test/unit/crs/*.spec.ts) and city points
 * from its fixture test/fixtures/china-cities.json (hujiulong/gcoord), given to 7 decimals.
 */
const CITY_PAIRS: { city: string; wgs84: Position; gcj02: Position; bd09: Position }[] = [
  { city: '金华 Jinhua', wgs84: [119.6427465, 29.0820414], gcj02: [119.6474509, 29.0790641], bd09: [119.6538875, 29.0854003] },
  { city: '沈阳 Shenyang', wgs84: [123.4253306, 41.8032629], gcj02: [123.4314787, 41.8057023], bd09: [123.438095, 41.8114013] },
  { city: '郑州 Zhengzhou', wgs84: [113.6192856, 34.7478004], gcj02: [113.6253334, 34.7466173], bd09: [113.6317519, 34.7528605] },
  { city: '泉州 Quanzhou', wgs84: [118.6711365, 24.8770487], gcj02: [118.6756787, 24.8741363], bd09: [118.6821251, 24.8804872] },
  { city: '酒泉 Jiuquan', wgs84: [98.4937175, 39.7319946], gcj02: [98.4943595, 39.7328234], bd09: [98.5008441, 39.7388949] },
]

/**
 * The city pairs come from the map providers' own converters, which differ from the open-source
 * GCJ-02 formula by a consistent ~0.7 m; 1 m is therefore the tolerance for them.
 */
const PROVIDER_TOLERANCE_M = 1

/** Distance in metres between two [lng, lat] positions. */
const metres = (a: Position, b: Position) => haversineM(a[0], a[1], b[0], b[1])

describe('positionToWgs84', () => {
  it.each(CITY_PAIRS)('$city: GCJ-02 and BD-09 land within 1 m of the published WGS84 point', ({ wgs84, gcj02, bd09 }) => {
    expect(metres(positionToWgs84(gcj02, 'gcj02'), wgs84)).toBeLessThan(PROVIDER_TOLERANCE_M)
    expect(metres(positionToWgs84(bd09, 'bd09'), wgs84)).toBeLessThan(PROVIDER_TOLERANCE_M)
    expect(metres(gcj02, wgs84)).toBeGreaterThan(50) // the shift itself is hundreds of metres
  })

  it("matches gcoord's own vectors at (123, 45)", () => {
    const g = positionToWgs84([123, 45], 'gcj02')
    expect(g[0]).toBeCloseTo(122.99395597, 5)
    expect(g[1]).toBeCloseTo(44.99804071, 5)
    const b = positionToWgs84([123, 45], 'bd09')
    expect(b[0]).toBeCloseTo(122.9876221, 5)
    expect(b[1]).toBeCloseTo(44.9917154, 5)
  })

  it('is the identity for wgs84 and outside China, and keeps a third coordinate', () => {
    expect(positionToWgs84([121.5, 29.9], 'wgs84')).toEqual([121.5, 29.9])
    expect(positionToWgs84([-8.61, 41.15], 'gcj02')).toEqual([-8.61, 41.15])
    const p = positionToWgs84([121.5, 29.9, 12], 'gcj02')
    expect(p).toHaveLength(3)
    expect(p[2]).toBe(12)
  })
})

describe('geometryToWgs84', () => {
  it('converts every position of nested geometries and leaves the input untouched', () => {
    const input = { type: 'GeometryCollection' as const, geometries: [
      { type: 'Point' as const, coordinates: CITY_PAIRS[0].gcj02 },
      { type: 'Polygon' as const, coordinates: [[CITY_PAIRS[0].gcj02, CITY_PAIRS[1].gcj02, CITY_PAIRS[2].gcj02, CITY_PAIRS[0].gcj02]] },
    ] }
    const copy = structuredClone(input)
    const out = geometryToWgs84(input, 'gcj02')
    expect(input).toEqual(copy)
    expect(metres((out.geometries[0] as Point).coordinates, CITY_PAIRS[0].wgs84)).toBeLessThan(PROVIDER_TOLERANCE_M)
    const ring = (out.geometries[1] as GeoJSON.Polygon).coordinates[0]
    expect(metres(ring[1], CITY_PAIRS[1].wgs84)).toBeLessThan(PROVIDER_TOLERANCE_M)
    expect(ring[3]).toEqual(ring[0])
  })

  it('moves the synthetic Cixi points by the documented offset (+0.0043° lng, −0.0024° lat)', () => {
    const read = (kind: 'valid' | 'invalid', name: string) => JSON.parse(new TextDecoder().decode(fixture(kind, name))) as FeatureCollection<Point>
    const wgs = read('valid', 'facilities-cixi.wgs84.geojson').features
    const gcj = read('invalid', 'facilities-cixi.gcj02.geojson').features
    gcj.forEach((f, k) => {
      const back = geometryToWgs84(f.geometry, 'gcj02').coordinates
      expect(metres(back, wgs[k].geometry.coordinates)).toBeLessThan(0.5) // both stored to 6 decimals
      const [dx, dy] = [f.geometry.coordinates[0] - back[0], f.geometry.coordinates[1] - back[1]]
      expect(dx).toBeGreaterThan(0.0040)
      expect(dx).toBeLessThan(0.0047)
      expect(dy).toBeLessThan(-0.0020)
      expect(dy).toBeGreaterThan(-0.0027)
    })
  })
})

describe('segmentsToWgs84', () => {
  it('converts the vertices and recomputes the length', () => {
    const seg: StreetSegment = { wayId: '1', source: 1, target: 2, coords: [[121.5, 29.9], [121.51, 29.9]], lengthM: 0, tags: {} }
    const [out] = segmentsToWgs84([seg], 'gcj02')
    expect(out.coords[0][0]).toBeLessThan(121.5)
    expect(out.lengthM).toBeCloseTo(haversineM(out.coords[0][0], out.coords[0][1], out.coords[1][0], out.coords[1][1]), 9)
    expect(out.lengthM).toBeGreaterThan(960)
  })
})

describe.skipIf(!HAS_SHARED_DATA)(`Ningbo districts: GCJ-02 file converted = WGS84 file ${HAS_SHARED_DATA ? '' : SHARED_MISSING_NOTE}`, () => {
  it('every vertex of the 10 districts lands within a few metres of its WGS84 twin', () => {
    const read = (name: string) => JSON.parse(readFileSync(join(SHARED_DATA, 'ningbo', name), 'utf8')) as FeatureCollection<MultiPolygon>
    const gcj = read('districts.gcj02.geojson').features
    const wgs = read('districts.wgs84.geojson').features
    expect(gcj).toHaveLength(10)
    let worst = 0
    let vertices = 0
    gcj.forEach((f, k) => {
      const converted = geometryToWgs84(f.geometry, 'gcj02').coordinates.flat(2)
      const expected = wgs[k].geometry.coordinates.flat(2)
      expect(converted).toHaveLength(expected.length)
      converted.forEach((p, j) => {
        worst = Math.max(worst, metres(p, expected[j]))
        vertices++
      })
    })
    expect(vertices).toBeGreaterThan(11_000)
    expect(worst).toBeLessThan(1) // measured: 0.14 m
  })
})
