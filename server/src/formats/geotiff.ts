/**
 * Population rasters (WorldPop, GHSL resampled to EPSG:4326…) → weighted sample points. A pixel
 * (~90 m at 3″) is larger than an H3 res-10 cell's spacing, so each pixel is split into s × s
 * sub-pixel centres carrying value / s² persons: assigning those points to cells spreads a pixel
 * over the cells it overlaps instead of dropping it whole into the one under its centre.
 */
import type { GeoTIFFImage } from 'geotiff'
import { fileFault, tooManyRecords } from './issues'
import { DEFAULT_MAX_UNPACKED_BYTES, unpackedTooLarge } from './unpack'
import type { ParsedRecords } from './geojson'
import type { RawRecord } from './types'

export interface GeoTiffOptions {
  /** 1-based band to read; required when the raster has more than one. */
  band?: number
  /** Sub-pixel points per pixel side (s); s² points per pixel. Default 3. */
  samplesPerSide?: number
  /** Reject rasters that would give more sample points than this. */
  maxRecords?: number
  /** Most bytes the band may unpack to (width × height × bytes per sample; IMPORT_MAX_UNZIPPED_MB). */
  maxUnpackedBytes?: number
}

/** Sample points as parallel arrays: point k is (lng[k], lat[k]) carrying population[k] persons. */
export interface PopulationSamples {
  lng: Float64Array
  lat: Float64Array
  population: Float64Array
  /** Sum of all populated pixels (persons); equals the sum of `population`. */
  total: number
  warnings: string[]
}

const DEFAULT_SAMPLES_PER_SIDE = 3
const USER_DEFINED = 32767

/**
 * Reads one band of a persons-per-pixel GeoTIFF in EPSG:4326 into sample points: for every pixel
 * with a value > 0 (nodata, NaN and ≤ 0 skipped) s² points at the sub-pixel centres, each with
 * value / s². The population total is preserved exactly (up to float rounding).
 * Throws a 400 for rasters in another CRS (naming it), rotated rasters, multi-band rasters
 * without `band`, and unreadable files.
 *
 * @example const s = await readPopulationSamples(bytes, { samplesPerSide: 2 }) // s.lng.length = 4 × populated pixels
 */
export async function readPopulationSamples(bytes: Uint8Array, opts: GeoTiffOptions = {}): Promise<PopulationSamples> {
  const s = opts.samplesPerSide ?? DEFAULT_SAMPLES_PER_SIDE
  if (!Number.isInteger(s) || s < 1 || s > 10) throw fileFault(`samples per pixel side must be an integer 1–10, got ${s}`)
  const image = await firstImage(bytes)
  const warnings: string[] = []
  const crsWarning = checkCrs(image)
  if (crsWarning) warnings.push(crsWarning)
  const grid = pixelGrid(image)
  const band = chooseBand(image, opts.band)

  // The header says how large the band is once decoded: refuse before allocating it.
  const limit = opts.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES
  const bandBytes = image.getWidth() * image.getHeight() * Math.max(1, Math.ceil((image.getBitsPerSample(band - 1) ?? 8) / 8))
  if (!(bandBytes <= limit)) throw unpackedTooLarge(`the GeoTIFF band (${image.getWidth()} × ${image.getHeight()} pixels)`, limit)
  let raster: ArrayLike<number>
  try {
    raster = (await image.readRasters({ samples: [band - 1] }))[0] as ArrayLike<number>
  } catch (e) {
    throw fileFault(`the GeoTIFF's pixels cannot be read (${e instanceof Error ? e.message : String(e)})`)
  }
  const nodata = image.getGDALNoData()
  const isNoData = (v: number) => nodata !== null && (v === nodata || v === Math.fround(nodata))
  let pixels = 0
  for (let k = 0; k < raster.length; k++) {
    const v = raster[k]
    if (v > 0 && Number.isFinite(v) && !isNoData(v)) pixels++
  }
  const count = pixels * s * s
  if (opts.maxRecords !== undefined && count > opts.maxRecords) {
    throw tooManyRecords(opts.maxRecords, `sample points (${pixels} populated pixels × ${s * s})`)
  }

  const lng = new Float64Array(count)
  const lat = new Float64Array(count)
  const population = new Float64Array(count)
  const width = image.getWidth()
  let total = 0
  let n = 0
  for (let k = 0; k < raster.length; k++) {
    const v = raster[k]
    if (!(v > 0 && Number.isFinite(v) && !isNoData(v))) continue
    total += v
    const col = k % width
    const row = (k - col) / width
    const share = v / (s * s)
    for (let i = 0; i < s; i++) {
      const y = grid.originY + (row + (i + 0.5) / s) * grid.resY
      for (let j = 0; j < s; j++) {
        lng[n] = grid.originX + (col + (j + 0.5) / s) * grid.resX
        lat[n] = y
        population[n++] = share
      }
    }
  }
  return { lng, lat, population, total, warnings }
}

/**
 * The same samples as RawRecords: Point geometry, `properties.population` (persons), index = 1-based
 * sample number — the shape the population importer takes from GeoJSON points.
 */
export async function parseGeoTiff(bytes: Uint8Array, opts: GeoTiffOptions = {}): Promise<ParsedRecords> {
  const samples = await readPopulationSamples(bytes, opts)
  const records: RawRecord[] = new Array(samples.lng.length)
  for (let k = 0; k < records.length; k++) {
    records[k] = {
      index: k + 1,
      properties: { population: samples.population[k] },
      geometry: { type: 'Point', coordinates: [samples.lng[k], samples.lat[k]] },
    }
  }
  return { records, warnings: samples.warnings }
}

async function firstImage(bytes: Uint8Array): Promise<GeoTIFFImage> {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    const { fromArrayBuffer } = await import('geotiff') // on first use: not at every server start
    const tiff = await fromArrayBuffer(buffer)
    return await tiff.getImage(0)
  } catch (e) {
    throw fileFault(`file is not a readable GeoTIFF (${e instanceof Error ? e.message : String(e)})`)
  }
}

/** Accepts EPSG:4326 (and CGCS2000, EPSG:4490, with a warning); rejects anything else by name. */
function checkCrs(image: GeoTIFFImage): string | null {
  const keys = image.getGeoKeys() as Record<string, unknown> | null
  if (!keys) throw fileFault('GeoTIFF has no coordinate system (no GeoKeys); expected EPSG:4326 (WGS84 longitude/latitude)')
  const model = keys.GTModelTypeGeoKey
  const projected = keys.ProjectedCSTypeGeoKey
  const geographic = keys.GeographicTypeGeoKey
  const citation = String(keys.GTCitationGeoKey ?? keys.GeogCitationGeoKey ?? '').trim()
  const found = (code: unknown) => (code === USER_DEFINED || code === undefined ? `a user-defined CRS${citation ? ` ("${citation}")` : ''}` : `EPSG:${code}`)
  if (model === 1 || projected !== undefined) {
    throw fileFault(`GeoTIFF is in the projected CRS ${found(projected)}; population rasters must be in EPSG:4326 (reproject with gdalwarp -t_srs EPSG:4326)`)
  }
  if (model !== undefined && model !== 2) throw fileFault(`GeoTIFF model type ${String(model)} is not geographic; expected EPSG:4326`)
  if (geographic === 4326) return null
  if (geographic === 4490) return 'raster in CGCS2000 (EPSG:4490) is read as WGS84 (they differ by less than a metre)'
  if ((geographic === USER_DEFINED || geographic === undefined) && /WGS[ _-]?84/i.test(citation)) return null
  throw fileFault(`GeoTIFF is in ${found(geographic)}; population rasters must be in EPSG:4326`)
}

/** Affine pixel grid of a north-up raster: pixel (col, row) covers origin + [col, col+1) × res. */
function pixelGrid(image: GeoTIFFImage): { originX: number; originY: number; resX: number; resY: number } {
  const dir = image.fileDirectory
  const scale = dir.getValue('ModelPixelScale') as number[] | undefined
  const tie = dir.getValue('ModelTiepoint') as number[] | undefined
  const transform = dir.getValue('ModelTransformation') as number[] | undefined
  let grid
  if (scale && tie) {
    const resX = scale[0]
    const resY = -scale[1]
    grid = { originX: tie[3] - tie[0] * resX, originY: tie[4] - tie[1] * resY, resX, resY }
  } else if (transform) {
    if (transform[1] !== 0 || transform[4] !== 0) throw fileFault('rotated or sheared GeoTIFFs are not supported; warp to a north-up EPSG:4326 grid')
    grid = { originX: transform[3], originY: transform[7], resX: transform[0], resY: transform[5] }
  } else {
    throw fileFault('GeoTIFF has no georeferencing (neither ModelPixelScale/ModelTiepoint nor ModelTransformation)')
  }
  const keys = image.getGeoKeys() as Record<string, unknown>
  if (keys.GTRasterTypeGeoKey === 2) {
    // PixelIsPoint: the tie point is the centre of pixel (0, 0), not its corner.
    grid.originX -= grid.resX / 2
    grid.originY -= grid.resY / 2
  }
  return grid
}

function chooseBand(image: GeoTIFFImage, band: number | undefined): number {
  const bands = image.getSamplesPerPixel()
  if (band === undefined) {
    if (bands > 1) throw fileFault(`GeoTIFF has ${bands} bands; choose the population band (band = 1–${bands})`)
    return 1
  }
  if (!Number.isInteger(band) || band < 1 || band > bands) throw fileFault(`band ${band} does not exist; the GeoTIFF has ${bands} band${bands > 1 ? 's' : ''}`)
  return band
}
