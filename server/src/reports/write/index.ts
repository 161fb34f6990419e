/**
 * The output formats and the data writers in one table: content type and extension of every
 * format, and the writer of each format written from ReportData alone. Used by the download
 * negotiation (http/negotiate.ts) and by the report service (services/reports/render.ts), which
 * may not import http/.
 */
import type { ReportData } from '../tables'
import { csvIsZip, writeCsv } from './csv'
import { geojsonIsZip, writeGeojson } from './geojson'
import { writeGpkg } from './gpkg'
import { writeXlsx } from './xlsx'

/** Content type and file extension of every output format. */
export const OUTPUT_FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  geojson: { contentType: 'application/geo+json', extension: 'geojson' },
  gpkg: { contentType: 'application/geopackage+sqlite3', extension: 'gpkg' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
} as const
export type OutputFormat = keyof typeof OUTPUT_FORMATS
export const ZIP_CONTENT_TYPE = 'application/zip'

/** The formats written from ReportData alone (tables and layers). */
export const DATA_FORMATS = ['xlsx', 'csv', 'geojson', 'gpkg'] as const
export type DataFormat = (typeof DATA_FORMATS)[number]

const WRITERS: Record<DataFormat, (data: ReportData) => Promise<Buffer>> = { xlsx: writeXlsx, csv: writeCsv, geojson: writeGeojson, gpkg: writeGpkg }

/**
 * ReportData in a data format with its content type; `zip` when the format holds one file per
 * table or layer (CSV of several tables, GeoJSON of several layers).
 * @example (await writeDataFormat(data, 'xlsx')).contentType // 'application/vnd…sheet'
 */
export async function writeDataFormat(data: ReportData, format: DataFormat): Promise<{ body: Buffer; contentType: string; zip: boolean }> {
  const zip = (format === 'csv' && csvIsZip(data)) || (format === 'geojson' && geojsonIsZip(data))
  const body = await WRITERS[format](data)
  return { body, zip, contentType: zip ? ZIP_CONTENT_TYPE : OUTPUT_FORMATS[format].contentType }
}
