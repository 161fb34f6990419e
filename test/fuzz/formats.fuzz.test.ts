/**
 * Property-based tests of the file-format layer (no database): every reader, fed random and
 * mutated files, either reads them or refuses with a 4xx AppError — never another exception, a
 * crash or a hang. Records broken on purpose are named by record number and field.
 */
import fc from 'fast-check'
import { writeArrayBuffer } from 'geotiff'
import { describe, expect, it } from 'vitest'
import { isAppError } from '../../server/src/errors'
import { parseFile, type ExpectedContent } from '../../server/src/formats'
import { parseGeoJson } from '../../server/src/formats/geojson'
import { shapefileZip } from '../fixtures/shapefile'
import { badScalar, caseCounter, deepValue, fixture, mutate, mutation, runs, within } from './support'

const count = caseCounter('formats')

/** Reads `bytes`; resolves with 'read' or the refusal's status. Any other outcome fails. */
async function readOrRefuse(bytes: Uint8Array, fileName: string, expectContent: ExpectedContent): Promise<'read' | number> {
  try {
    await within(15_000, fileName, () => parseFile(bytes, { fileName, expect: expectContent, maxRecords: 10_000, maxUnpackedBytes: 8 * 1024 * 1024 }))
    return 'read'
  } catch (e) {
    if (!isAppError(e)) throw new Error(`${fileName}: not a clean refusal: ${e instanceof Error ? e.stack : String(e)}`)
    expect(e.status).toBeGreaterThanOrEqual(400)
    expect(e.status).toBeLessThan(500)
    expect(e.message.length).toBeGreaterThan(5)
    return e.status
  }
}

function geotiff(width: number, height: number, values: number[]): Uint8Array {
  return new Uint8Array(writeArrayBuffer(new Float32Array(values), {
    width, height, BitsPerSample: [32], SampleFormat: [3], ModelPixelScale: [0.01, 0.01, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.91, 0],
    GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1, GeographicTypeGeoKey: 4326,
  }))
}

const SEEDS: { name: string; expect: ExpectedContent; bytes: () => Promise<Uint8Array> | Uint8Array }[] = [
  { name: 'facilities.csv', expect: 'features', bytes: () => fixture('valid/facilities.csv') },
  { name: 'facilities-gbk.csv', expect: 'features', bytes: () => fixture('valid/facilities-gbk.csv') },
  { name: 'facilities.xlsx', expect: 'features', bytes: () => fixture('valid/facilities.xlsx') },
  { name: 'facilities.geojson', expect: 'features', bytes: () => fixture('valid/facilities-cixi.wgs84.geojson') },
  { name: 'areas.geojson', expect: 'features', bytes: () => fixture('valid/areas-bowtie.geojson') },
  { name: 'population.csv', expect: 'raster-or-features', bytes: () => fixture('valid/population.csv') },
  { name: 'population.tif', expect: 'raster-or-features', bytes: () => geotiff(3, 2, [1, 2, 0, 4.5, 0, 1]) },
  { name: 'streets.osm', expect: 'streets', bytes: () => fixture('valid/streets-grid.osm') },
  { name: 'streets.osm.pbf', expect: 'streets', bytes: () => fixture('valid/streets-grid.osm.pbf') },
  { name: 'streets.geojson', expect: 'streets', bytes: () => fixture('valid/streets-lines.geojson') },
  {
    name: 'layer.zip',
    expect: 'features',
    bytes: () => shapefileZip({ features: [{ geometry: { type: 'Point', coordinates: [121.5, 29.9] }, properties: { id: 'A', name: '甲' } }, { geometry: { type: 'Point', coordinates: [121.6, 29.8] }, properties: { id: 'B', name: '乙' } }] }),
  },
]

describe('file readers: mutated files are read or refused with a 4xx, never a crash', () => {
  for (const seed of SEEDS) {
    it(`${seed.name}: truncated, flipped, padded, BOM, GBK, UTF-16, gzip`, async () => {
      const original = await seed.bytes()
      await fc.assert(
        fc.asyncProperty(mutation, fc.boolean(), async (m, keepName) => {
          count(seed.name)
          const bytes = mutate(original, m)
          const name = keepName ? seed.name + (m.kind === 'gzip' ? '.gz' : '') : 'upload'
          if (bytes.length === 0) expect(await readOrRefuse(bytes, name, seed.expect)).toBe(400)
          else await readOrRefuse(bytes, name, seed.expect)
        }),
        runs(25),
      )
    })
  }

  it('random bytes under every name are refused cleanly', async () => {
    const names = ['x.csv', 'x.geojson', 'x.xlsx', 'x.tif', 'x.osm', 'x.pbf', 'x.zip', 'x.csv.gz', 'upload']
    const starts = [[], [0x50, 0x4b, 3, 4], [0x49, 0x49, 42, 0], [0x1f, 0x8b], [0, 0, 0, 13, 0x0a, 9, ...Buffer.from('OSMHeader')], [0x7b]]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom(...starts), fc.uint8Array({ maxLength: 2048 }), fc.constantFrom<ExpectedContent>('features', 'table', 'streets', 'raster-or-features'),
        async (name, start, tail, expectContent) => {
          count('random bytes')
          await readOrRefuse(new Uint8Array([...start, ...tail]), name, expectContent)
        }),
      runs(60),
    )
  })
})

describe('GeoJSON: broken features are named by record and field', () => {
  const point = (i: number) => ({ type: 'Feature', properties: { id: `f${i}` }, geometry: { type: 'Point', coordinates: [121.5 + i * 0.001, 29.9] } })
  const brokenGeometry = fc.oneof(
    fc.constant(null).map(() => ({ type: 'Point', coordinates: [] })),
    badScalar.filter((v) => typeof v === 'string').map((v) => ({ type: 'Point', coordinates: [v, 29.9] })),
    fc.constant({ type: 'Point', coordinates: 'x' }),
    fc.constant({ type: 'Polygon', coordinates: [[[0, 0]]] }),
    fc.constant({ type: 'Pointy', coordinates: [1, 2] }),
    fc.integer({ min: 50, max: 1500 }).map((d) => ({ type: 'Point', coordinates: deepValue(d, 'array') })),
    fc.constant({ type: 'Point', coordinates: [1e309, 2] }),
  )

  it('one bad geometry among valid features: 400 naming that record and `geometry`', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.nat(), brokenGeometry, async (n, k0, geometry) => {
        count('geojson geometry')
        const k = k0 % n
        const features: unknown[] = Array.from({ length: n }, (_, i) => point(i))
        features[k] = { ...point(k), geometry }
        const text = JSON.stringify({ type: 'FeatureCollection', features }).replace('1e+309', '1e309')
        let err: unknown = null
        try {
          parseGeoJson(new TextEncoder().encode(text))
        } catch (e) {
          err = e
        }
        // 1e309 in JSON text is Infinity after parsing (or null through JSON.stringify): refused either way.
        expect(isAppError(err), String(err)).toBe(true)
        expect((err as { details: unknown[] }).details).toEqual(expect.arrayContaining([expect.objectContaining({ record: k + 1, field: 'geometry' })]))
      }),
      runs(40),
    )
  })

  it('deep nesting, __proto__ keys and odd properties are read or refused, never a crash', async () => {
    // Deep values are built as text (JSON.stringify and fast-check's reporting recurse): the case is the depth.
    const nested = (d: number, open: string, close: string) => open.repeat(d) + '1' + close.repeat(d)
    const props = fc.oneof(
      fc.integer({ min: 10, max: 20_000 }).map((d) => ({ text: `{"deep":${nested(d, '{"a":', '}')}}`, what: `object depth ${d}` })),
      fc.integer({ min: 10, max: 20_000 }).map((d) => ({ text: `{"deep":${nested(d, '[', ']')}}`, what: `array depth ${d}` })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v), what: 'json' })),
      fc.constant({ text: '{"__proto__":{"id":"polluted","type":"school"},"a":1}', what: '__proto__' }),
    )
    await fc.assert(
      fc.asyncProperty(props, fc.boolean(), async (p, protoKey) => {
        count('geojson properties')
        let text = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":${p.text},"geometry":{"type":"Point","coordinates":[121.5,29.9]}}]}`
        if (protoKey) text = text.replace('"properties":{', '"properties":{"__proto__":{"id":"polluted"},')
        await readOrRefuse(new TextEncoder().encode(text), `x.geojson (${p.what})`, 'features')
        expect(({} as Record<string, unknown>).id).toBeUndefined() // no prototype pollution
      }),
      runs(30),
    )
  })
})
