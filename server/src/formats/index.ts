/**
 * The file-format layer: bytes in, records or street segments out, no database. `parseFile` is the
 * one entry point the importer uses; the individual parsers are exported for scripts and tests.
 */
import { detectFile, formatLabel, type DetectedFile, type DetectOptions } from './detect'
import { parseCsv } from './csv'
import { parseGeoJson } from './geojson'
import { parseGeoTiff } from './geotiff'
import { fileFault, tooManyRecords } from './issues'
import { parseStreets } from './osm'
import { parseXlsx } from './xlsx'
import { parseShapefileZip } from './shapefile'
import type { FileFormat, RawRecord, StreetSegment } from './types'

/** What an import needs from a file: GeoJSON/CSV/XLSX records, a table, a street network, or population. */
export type ExpectedContent = 'features' | 'table' | 'streets' | 'raster-or-features'

export interface ParseFileOptions extends DetectOptions {
  expect: ExpectedContent
  /** Reject files with more records (rows, features, raster sample points, street segments). */
  maxRecords?: number
  /** XLSX: worksheet name (default: the first). */
  sheet?: string
  /** GeoTIFF: 1-based band (required for multi-band rasters). */
  band?: number
  /** GeoTIFF: sample points per pixel side (default 3). */
  samplesPerSide?: number
  /** The file as `detectFile` already read it (the import path): it is not unpacked again. */
  detected?: DetectedFile
}

export interface ParsedFile {
  format: FileFormat
  records?: RawRecord[]
  segments?: StreetSegment[]
  warnings: string[]
}

const ACCEPTED: Record<ExpectedContent, FileFormat[]> = {
  features: ['geojson', 'csv', 'xlsx', 'shapefile'],
  table: ['csv', 'xlsx'],
  streets: ['osm-xml', 'osm-pbf', 'geojson', 'shapefile'],
  'raster-or-features': ['geotiff', 'geojson', 'csv', 'xlsx', 'shapefile'],
}

/**
 * Detects the format (gzip removed transparently), checks it suits `expect`, and parses.
 * `records` for features/table/raster-or-features, `segments` for streets. Every problem is an
 * AppError 400 (`bad_request`) whose details name the record and field, up to 50 per file.
 *
 * @example
 * const { format, records } = await parseFile(bytes, { fileName: 'schools.csv', expect: 'features', maxRecords: 100_000 })
 */
export async function parseFile(bytes: Uint8Array, opts: ParseFileOptions): Promise<ParsedFile> {
  const file = opts.detected ?? (await detectFile(bytes, opts))
  const maxUnpackedBytes = opts.maxUnpackedBytes
  const accepted = ACCEPTED[opts.expect]
  if (!accepted.includes(file.format)) {
    throw fileFault(`this import takes ${accepted.map(formatLabel).join(', ')}; the file is ${formatLabel(file.format)}`)
  }
  const { maxRecords } = opts
  if (opts.expect === 'streets' && file.format === 'shapefile') {
    // lines of a Shapefile go through the GeoJSON line reader (shared vertices connect)
    const shp = await parseShapefileZip(file.bytes, { maxRecords, maxUnzippedBytes: maxUnpackedBytes })
    const fc = JSON.stringify({ type: 'FeatureCollection', features: shp.records.map((r) => ({ type: 'Feature', properties: r.properties, geometry: r.geometry })) })
    const built = parseStreets(new TextEncoder().encode(fc), 'geojson', { maxSegments: maxRecords })
    return { format: file.format, segments: built.segments, warnings: [...shp.warnings, ...built.warnings] }
  }
  if (opts.expect === 'streets') {
    const built = parseStreets(file.bytes, file.format as 'osm-xml' | 'osm-pbf' | 'geojson', { maxSegments: maxRecords, maxUnpackedBytes })
    return { format: file.format, segments: built.segments, warnings: built.warnings }
  }
  let parsed
  switch (file.format) {
    case 'geojson':
      parsed = parseGeoJson(file.bytes, { maxRecords })
      break
    case 'csv':
      parsed = parseCsv(file.bytes, { maxRecords })
      break
    case 'xlsx':
      parsed = await parseXlsx(file.bytes, { maxRecords, sheet: opts.sheet, maxUnpackedBytes })
      break
    case 'shapefile':
      parsed = await parseShapefileZip(file.bytes, { maxRecords, maxUnzippedBytes: maxUnpackedBytes })
      break
    case 'geotiff':
      parsed = await parseGeoTiff(file.bytes, { maxRecords, band: opts.band, samplesPerSide: opts.samplesPerSide, maxUnpackedBytes })
      break
    default:
      throw fileFault(`${formatLabel(file.format)} cannot be read as records`)
  }
  if (maxRecords !== undefined && parsed.records.length > maxRecords) throw tooManyRecords(maxRecords)
  return { format: file.format, records: parsed.records, warnings: parsed.warnings }
}

export type { FileFormat, RawRecord, StreetSegment } from './types'
export { detectFile, detectFormat, formatLabel } from './detect'
export { parseCsv, detectDelimiter } from './csv'
export { parseGeoJson, geometryProblem } from './geojson'
export { parseXlsx } from './xlsx'
export { parseShapefileZip, zipHasShapefile } from './shapefile'
export { parseGeoTiff, readPopulationSamples } from './geotiff'
export { parseStreets, parseOsmXml, parseOsmPbf, parseGeoJsonLines } from './osm'
export { geometryToWgs84, positionToWgs84, segmentsToWgs84 } from './crs'
export { checkGeometryCoordinates, findCoordinateProblem, lngLatProblem } from './coordinates'
