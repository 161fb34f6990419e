import type { AppContext } from '../context'
import type { ReportFormat, ReportQuery } from '../../contract/reports'
import { reportName, toReportData } from '../../reports/data'
import { writeHtml } from '../../reports/html'
import { writePdf } from '../../reports/pdf'
import type { ReportModel } from '../../reports/model'
import type { ReportData } from '../../reports/tables'
import { writeCsv, csvIsZip } from '../../reports/write/csv'
import { geojsonIsZip, writeGeojson } from '../../reports/write/geojson'
import { writeGpkg } from '../../reports/write/gpkg'
import { writeXlsx } from '../../reports/write/xlsx'
import { log } from '../../log'
import { buildReport } from './build'

export interface RenderedReport {
  body: Buffer
  contentType: string
  /** ASCII file name (content-disposition) */
  fileName: string
  model: ReportModel
}

const ZIP = 'application/zip'
const DATA_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
  gpkg: 'application/geopackage+sqlite3',
} as const

/**
 * The data formats, written by reports/write (outputs): CSV of several tables and GeoJSON of
 * several layers are zips of one file each (the same rule as http/negotiate.ts writeData, which
 * services cannot import).
 */
async function writeDataFormat(data: ReportData, format: keyof typeof DATA_TYPES): Promise<{ body: Buffer; contentType: string; extension: string }> {
  const zip = (format === 'csv' && csvIsZip(data)) || (format === 'geojson' && geojsonIsZip(data))
  const body = await { xlsx: writeXlsx, csv: writeCsv, geojson: writeGeojson, gpkg: writeGpkg }[format](data)
  return { body, contentType: zip ? ZIP : DATA_TYPES[format], extension: zip ? `${format}.zip` : format }
}

/** A report in one format: the model from the services, then the page or data writer. */
export async function renderReport(ctx: AppContext, q: ReportQuery, opts: { record?: boolean } = {}): Promise<RenderedReport> {
  const model = await buildReport(ctx, q, opts)
  return renderModel(model, q.format)
}

export async function renderModel(model: ReportModel, format: ReportFormat): Promise<RenderedReport> {
  const t0 = Date.now()
  const out = await writeFormat(model, format)
  log.info(`report ${out.fileName}: ${format} written in ${Date.now() - t0} ms, ${out.body.length} bytes`)
  return out
}

async function writeFormat(model: ReportModel, format: ReportFormat): Promise<RenderedReport> {
  const stem = reportName(model)
  if (format === 'pdf') return { body: await writePdf(model), contentType: 'application/pdf', fileName: `${stem}.pdf`, model }
  if (format === 'html') return { body: writeHtml(model), contentType: 'text/html; charset=utf-8', fileName: `${stem}.html`, model }
  const out = await writeDataFormat(toReportData(model), format)
  return { body: out.body, contentType: out.contentType, fileName: `${stem}.${out.extension}`, model }
}
