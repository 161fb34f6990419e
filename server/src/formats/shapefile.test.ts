import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { CGCS2000_GEO, CGCS2000_GK_120, shapefileZip } from '../../../test/fixtures/shapefile'
import { detectFormat } from './detect'
import { parseFile } from './index'
import { parseShapefileZip } from './shapefile'

const square = (x: number, y: number, d: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] })

describe('zipped Shapefiles', () => {
  it('decodes GBK attributes by the .cpg and by the .dbf code page', async () => {
    const features = [{ geometry: square(121.2, 30.1, 0.01), properties: { code: '330282107201', name: '观海卫镇三北村' } }]
    for (const spec of [{ cpg: 'GBK' }, { ldid: 0x4d }]) {
      const zip = await shapefileZip({ features, encoding: 'gbk', prj: CGCS2000_GEO, ...spec })
      const r = await parseShapefileZip(zip)
      expect(r.encoding.toLowerCase()).toBe('gbk')
      expect(r.records[0].properties).toEqual({ code: '330282107201', name: '观海卫镇三北村' })
      const g = r.records[0].geometry as GeoJSON.Polygon
      expect(g.type).toBe('Polygon')
      expect(new Set(g.coordinates[0].map((p) => p.join()))).toEqual(new Set(square(121.2, 30.1, 0.01).coordinates[0].map((p) => p.join())))
      expect(r.warnings.join()).toMatch(/CGCS2000/)
    }
  })

  it('reprojects a CGCS2000 Gauss–Krüger .prj to WGS84', async () => {
    const toGk = proj4(CGCS2000_GK_120)
    const [x, y] = toGk.forward([121.25, 30.17])
    // hand check: 500 km + 1.25° × cos 30.17° × 6,378 km ≈ 620 km east, ≈ 3,340 km north
    expect(x).toBeGreaterThan(619_000)
    expect(x).toBeLessThan(622_000)
    expect(y).toBeGreaterThan(3_335_000)
    expect(y).toBeLessThan(3_345_000)
    const zip = await shapefileZip({ features: [{ geometry: { type: 'Point', coordinates: [x, y] }, properties: { id: 'F1', type: 'health_station' } }], prj: CGCS2000_GK_120 })
    const r = await parseShapefileZip(zip)
    expect(r.crs).toBe('CGCS2000_3_Degree_GK_CM_120E')
    const [lng, lat] = (r.records[0].geometry as any).coordinates
    expect(lng).toBeCloseTo(121.25, 7)
    expect(lat).toBeCloseTo(30.17, 7)
  })

  it('is detected by content and read through parseFile (features and streets)', async () => {
    const lines = await shapefileZip({ features: [
      { geometry: { type: 'LineString', coordinates: [[121.2, 30.1], [121.21, 30.1]] }, properties: { highway: 'residential', name: '三北路' } },
      { geometry: { type: 'LineString', coordinates: [[121.21, 30.1], [121.21, 30.11]] }, properties: { highway: 'tertiary', name: '北路' } },
    ], cpg: 'UTF-8' })
    expect(detectFormat(lines).format).toBe('shapefile')
    const streets = await parseFile(lines, { expect: 'streets', fileName: 'roads.zip' })
    expect(streets.segments!.length).toBe(2)
    expect(streets.segments![0].tags.highway).toBe('residential')
    const feats = await parseFile(lines, { expect: 'features' })
    expect(feats.records!.map((r) => r.properties.name)).toEqual(['三北路', '北路'])
  })

  it('names what is wrong: several layers, no .dbf, an unreadable .prj', async () => {
    const one = await shapefileZip({ features: [{ geometry: { type: 'Point', coordinates: [121.2, 30.1] }, properties: { id: 'a' } }] })
    const JSZip = (await import('jszip')).default
    const two = await JSZip.loadAsync(one)
    two.file('other.shp', await two.file('layer.shp')!.async('uint8array'))
    await expect(parseShapefileZip(await two.generateAsync({ type: 'uint8array' }))).rejects.toThrow(/2 Shapefile layers/)
    const noDbf = await JSZip.loadAsync(one)
    noDbf.remove('layer.dbf')
    await expect(parseShapefileZip(await noDbf.generateAsync({ type: 'uint8array' }))).rejects.toThrow(/layer\.dbf is missing/)
    const badPrj = await shapefileZip({ features: [{ geometry: { type: 'Point', coordinates: [121.2, 30.1] }, properties: { id: 'a' } }], prj: 'PROJCS["nonsense' })
    await expect(parseShapefileZip(badPrj)).rejects.toThrow(/\.prj cannot be read/)
    // a file that unpacks beyond the limit is refused, not unpacked
    const big = await shapefileZip({ features: Array.from({ length: 2000 }, (_, i) => ({ geometry: { type: 'Point' as const, coordinates: [121.2, 30.1] }, properties: { id: `p${i}` } })) })
    await expect(parseShapefileZip(big, { maxUnzippedBytes: 10_000 })).rejects.toThrow(/unpacks to more than 10000 bytes/)
  })
})
