/**
 * Which parser reads a file: decided by its content (magic bytes), checked against what its name
 * or content type declares. gzip is a wrapper, not a format: it is removed first, whatever it wraps.
 */
import { fileFault } from './issues'
import { DEFAULT_MAX_UNPACKED_BYTES, gunzipBounded, gunzipBoundedSync } from './unpack'
import type { FileFormat } from './types'
import { zipHasShapefile } from './shapefile'

export interface DetectOptions {
  fileName?: string
  contentType?: string
  /** Most bytes a compressed file may unpack to (IMPORT_MAX_UNZIPPED_MB; default 512 MiB). */
  maxUnpackedBytes?: number
}

export interface DetectedFile {
  format: FileFormat
  /** The content, decompressed when the file was gzip. */
  bytes: Uint8Array
  gzip: boolean
}

const LABEL: Record<FileFormat, string> = {
  geojson: 'GeoJSON',
  csv: 'CSV',
  xlsx: 'XLSX',
  geotiff: 'GeoTIFF',
  'osm-xml': 'OSM XML',
  'osm-pbf': 'OSM PBF',
  shapefile: 'zipped Shapefile',
}

/** Human name of a format, for messages. */
export const formatLabel = (format: FileFormat): string => LABEL[format]

const BY_EXTENSION: Record<string, FileFormat> = {
  geojson: 'geojson',
  json: 'geojson',
  csv: 'csv',
  tsv: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  tif: 'geotiff',
  tiff: 'geotiff',
  pbf: 'osm-pbf',
  osm: 'osm-xml',
  xml: 'osm-xml',
  zip: 'shapefile',
  shz: 'shapefile',
}

const BY_CONTENT_TYPE: Record<string, FileFormat> = {
  'application/geo+json': 'geojson',
  'application/vnd.geo+json': 'geojson',
  'application/json': 'geojson',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'image/tiff': 'geotiff',
  'application/x-protobuf': 'osm-pbf',
  'application/vnd.openstreetmap.data+pbf': 'osm-pbf',
  'application/osm+xml': 'osm-xml',
  'application/vnd.openstreetmap.data+xml': 'osm-xml',
  'application/xml': 'osm-xml',
  'text/xml': 'osm-xml',
  'application/zip': 'shapefile',
  'application/x-zip-compressed': 'shapefile',
}

const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip'])

/**
 * Detects the format of an uploaded file and removes gzip compression (bounded: a file unpacking
 * to more than `maxUnpackedBytes` is a 413). The import path calls this once and hands the result
 * to `parseFile`, so a file is unpacked once.
 * Throws a 400 for an empty file, a corrupt gzip stream, an unsupported binary format, or a file
 * whose name/content type declares a different format than its content shows.
 *
 * @example await detectFile(bytes, { fileName: 'roads.osm.gz' }) // { format: 'osm-xml', gzip: true, bytes: <xml> }
 */
export async function detectFile(input: Uint8Array, opts: DetectOptions = {}): Promise<DetectedFile> {
  const gzip = checkGzipDeclared(input, opts)
  const bytes = gzip ? await gunzipBounded(input, opts.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES) : input
  return classify(bytes, gzip, opts)
}

/** `detectFile`, synchronous (scripts, tests): the same checks and limit. */
export function detectFormat(input: Uint8Array, opts: DetectOptions = {}): DetectedFile {
  const gzip = checkGzipDeclared(input, opts)
  const bytes = gzip ? gunzipBoundedSync(input, opts.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES) : input
  return classify(bytes, gzip, opts)
}

function checkGzipDeclared(input: Uint8Array, opts: DetectOptions): boolean {
  if (input.length === 0) throw fileFault('file is empty')
  const name = (opts.fileName ?? '').toLowerCase().trim()
  const contentType = (opts.contentType ?? '').toLowerCase().split(';')[0].trim()
  const gzip = isGzip(input)
  if (!gzip && name.endsWith('.gz')) {
    throw fileFault(`file name "${opts.fileName}" ends in .gz but the content is not gzip-compressed`)
  }
  if (!gzip && GZIP_TYPES.has(contentType)) {
    throw fileFault(`content type ${contentType} declares gzip but the content is not gzip-compressed`)
  }
  return gzip
}

function classify(bytes: Uint8Array, gzip: boolean, opts: DetectOptions): DetectedFile {
  if (bytes.length === 0) throw fileFault('file is empty (after gzip decompression)')
  const name = (opts.fileName ?? '').toLowerCase().trim()
  const contentType = (opts.contentType ?? '').toLowerCase().split(';')[0].trim()
  const sniffed = sniffFormat(bytes)
  const declared = declaredFormat(name.replace(/\.gz$/, ''), gzip ? '' : contentType)
  if (declared && declared.format !== sniffed) {
    const content = sniffed === 'csv' ? 'plain text' : formatLabel(sniffed)
    throw fileFault(`${declared.by} says ${formatLabel(declared.format)} but the content is ${content}`)
  }
  return { format: sniffed, bytes, gzip }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

/** The format a file's content shows. Throws for binary formats that are recognised but unsupported. */
export function sniffFormat(bytes: Uint8Array): FileFormat {
  const b = bytes
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6)) return zipHasShapefile(b) ? 'shapefile' : 'xlsx'
  if ((b[0] === 0x49 && b[1] === 0x49 && (b[2] === 42 || b[2] === 43) && b[3] === 0) ||
      (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 42 || b[3] === 43))) return 'geotiff'
  if (isOsmPbf(b)) return 'osm-pbf'
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw fileFault('legacy Excel .xls files are not supported; save the sheet as .xlsx or CSV')
  }
  const head = headText(b)
  if (head === null) {
    throw fileFault('file is not in a supported format (GeoJSON, CSV, XLSX, GeoTIFF, OSM XML, OSM PBF, zipped Shapefile)')
  }
  const start = head.trimStart()
  if (start.startsWith('{') || start.startsWith('[')) return 'geojson'
  if (start.startsWith('<')) {
    if (/<osm[\s>]/.test(head)) return 'osm-xml'
    throw fileFault('XML file is not OSM XML (no <osm> root element found)')
  }
  return 'csv'
}

/**
 * An OSM PBF file starts with a 4-byte big-endian BlobHeader length, then the BlobHeader whose
 * field 1 (type) is the string "OSMHeader" (or "OSMData" in headerless extracts).
 */
function isOsmPbf(b: Uint8Array): boolean {
  if (b.length < 16 || b[0] !== 0 || b[1] !== 0 || b[4] !== 0x0a) return false
  const type = String.fromCharCode(...b.subarray(6, 6 + b[5]))
  return type === 'OSMHeader' || type === 'OSMData'
}

/** The first few KB as text, or null when they look binary (NUL bytes outside UTF-16). */
function headText(b: Uint8Array): string | null {
  const slice = b.subarray(0, 4096)
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    return new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(slice)
  }
  if (slice.includes(0)) return null
  return new TextDecoder('utf-8').decode(slice)
}

function declaredFormat(name: string, contentType: string): { format: FileFormat; by: string } | null {
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1]
  if (ext && BY_EXTENSION[ext]) return { format: BY_EXTENSION[ext], by: `file name ".${ext}"` }
  if (BY_CONTENT_TYPE[contentType]) return { format: BY_CONTENT_TYPE[contentType], by: `content type ${contentType}` }
  return null
}
