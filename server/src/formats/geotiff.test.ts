import { writeArrayBuffer } from 'geotiff'
import { describe, expect, it } from 'vitest'
import { parseGeoTiff, readPopulationSamples } from './geotiff'
import { errorOf } from './test-support'

type Meta = Parameters<typeof writeArrayBuffer>[1]
const WGS84: Meta = { GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1, GeographicTypeGeoKey: 4326 }

/**
 * A 3 × 2 WorldPop-like raster (persons per pixel, float32, nodata -99999), pixels 0.01° wide,
 * top-left corner at (121.50, 29.91):
 *   row 0:  1    2    nodata
 *   row 1:  0    4.5  NaN
 */
function population(meta: Meta = {}, values = [1, 2, -99999, 0, 4.5, NaN]): Uint8Array {
  const buf = writeArrayBuffer(new Float32Array(values), {
    width: 3, height: 2, BitsPerSample: [32], SampleFormat: [3], GDAL_NODATA: '-99999',
    ModelPixelScale: [0.01, 0.01, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.91, 0], ...WGS84, ...meta,
  })
  return new Uint8Array(buf)
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9

describe('parseGeoTiff', () => {
  it('splits each populated pixel into s × s sub-pixel points carrying value / s²', async () => {
    const { records } = await parseGeoTiff(population())
    expect(records).toHaveLength(27) // 3 populated pixels × 9; 0, nodata and NaN give none
    const [first] = records
    expect(first.index).toBe(1)
    expect(first.properties.population).toBeCloseTo(1 / 9, 12)
    const [lng, lat] = (first.geometry as GeoJSON.Point).coordinates
    expect(close(lng, 121.5 + 0.01 / 6) && close(lat, 29.91 - 0.01 / 6)).toBe(true)
    // pixel (row 1, col 1) = 4.5 persons: its first sub-point is records[18]
    const [lng19, lat19] = (records[18].geometry as GeoJSON.Point).coordinates
    expect(close(lng19, 121.5 + 0.01 * (1 + 1 / 6)) && close(lat19, 29.91 - 0.01 * (1 + 1 / 6))).toBe(true)
    expect(records[18].properties.population).toBeCloseTo(0.5, 12)
    const total = records.reduce((sum, r) => sum + (r.properties.population as number), 0)
    expect(total).toBeCloseTo(7.5, 9)
  })

  it('with s = 1 gives the pixel centres', async () => {
    const s = await readPopulationSamples(population(), { samplesPerSide: 1 })
    expect(Array.from(s.lng).map((x) => x.toFixed(6))).toEqual(['121.505000', '121.515000', '121.515000'])
    expect(Array.from(s.lat).map((x) => x.toFixed(6))).toEqual(['29.905000', '29.905000', '29.895000'])
    expect(Array.from(s.population)).toEqual([1, 2, 4.5])
    expect(s.total).toBe(7.5)
  })

  it('honours a positive nodata value', async () => {
    const bytes = new Uint8Array(writeArrayBuffer(new Uint8Array([7, 255, 3, 255]), {
      width: 2, height: 2, GDAL_NODATA: '255', ModelPixelScale: [0.01, 0.01, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.91, 0], ...WGS84,
    }))
    const s = await readPopulationSamples(bytes, { samplesPerSide: 1 })
    expect(Array.from(s.population)).toEqual([7, 3])
  })

  it('shifts PixelIsPoint rasters by half a pixel', async () => {
    const s = await readPopulationSamples(population({ GTRasterTypeGeoKey: 2 }), { samplesPerSide: 1 })
    expect(s.lng[0].toFixed(6)).toBe('121.500000')
    expect(s.lat[0].toFixed(6)).toBe('29.910000')
  })

  it('rejects rasters not in EPSG:4326, naming the CRS found', async () => {
    const utm = population({ GTModelTypeGeoKey: 1, GeographicTypeGeoKey: undefined, ProjectedCSTypeGeoKey: 32651 })
    expect((await errorOf(() => parseGeoTiff(utm))).message).toMatch(/^GeoTIFF is in the projected CRS EPSG:32651; population rasters must be in EPSG:4326/)
    const nad83 = population({ GeographicTypeGeoKey: 4269 })
    expect((await errorOf(() => parseGeoTiff(nad83))).message).toBe('GeoTIFF is in EPSG:4269; population rasters must be in EPSG:4326')
  })

  it('requires a band for multi-band rasters and reads the chosen one', async () => {
    const bytes = new Uint8Array(writeArrayBuffer(new Uint8Array([1, 10, 2, 20, 3, 30, 4, 40]), {
      width: 2, height: 2, SamplesPerPixel: 2, BitsPerSample: [8, 8], ModelPixelScale: [0.01, 0.01, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.91, 0], ...WGS84,
    } as Meta))
    expect((await errorOf(() => parseGeoTiff(bytes))).message).toBe('GeoTIFF has 2 bands; choose the population band (band = 1–2)')
    expect(Array.from((await readPopulationSamples(bytes, { band: 2, samplesPerSide: 1 })).population)).toEqual([10, 20, 30, 40])
    expect((await errorOf(() => parseGeoTiff(bytes, { band: 3 }))).message).toBe('band 3 does not exist; the GeoTIFF has 2 bands')
  })

  it('enforces maxRecords on the sample points, naming the limit', async () => {
    const e = await errorOf(() => parseGeoTiff(population(), { maxRecords: 26 }))
    expect(e.message).toBe('file has more than 26 sample points (3 populated pixels × 9); the limit is 26')
  })

  it('rejects unreadable files and user-defined datums other than WGS 84', async () => {
    expect((await errorOf(() => parseGeoTiff(new Uint8Array([0x49, 0x49, 42, 0, 99, 0, 0, 0])))).message).toMatch(/^file is not a readable GeoTIFF/)
    const userDefined = population({ GeographicTypeGeoKey: 32767, GeogCitationGeoKey: 'Beijing 1954' })
    expect((await errorOf(() => parseGeoTiff(userDefined))).message).toBe('GeoTIFF is in a user-defined CRS ("Beijing 1954"); population rasters must be in EPSG:4326')
  })
})
