import type { AppContext } from '../context'
import type { ReportFormat, ReportQuery } from '../../contract/reports'
import { AppError } from '../../errors'
import { reportName, toReportData } from '../../reports/data'
import { writeHtml } from '../../reports/html'
import { writePdf } from '../../reports/pdf'
import type { ReportModel } from '../../reports/model'
import type { ReportData } from '../../reports/tables'
import { buildReport } from './build'

export interface RenderedReport {
  body: Buffer
  contentType: string
  /** ASCII file name (content-disposition) */
  fileName: string
  model: ReportModel
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
  gpkg: 'application/geopackage+sqlite3',
}

/**
 * The data formats are written by reports/write/<format>.ts (`write<Format>(data: ReportData)`),
 * loaded on first use so that a build without one answers 501 instead of failing to start.
 */
async function dataWriter(format: ReportFormat): Promise<(data: ReportData) => Promise<Buffer | { body: Buffer; contentType?: string; extension?: string }>> {
  let mod: Record<string, unknown>
  try {
    mod = await import(`../../reports/write/${format}.ts`)
  } catch {
    throw new AppError(501, 'not_implemented', `the ${format} report writer is not available in this build`, [{ field: 'format', message: 'use pdf or html' }])
  }
  const fn = Object.entries(mod).find(([k, v]) => k.toLowerCase() === `write${format}` && typeof v === 'function')?.[1]
  if (!fn) throw new AppError(501, 'not_implemented', `reports/write/${format}.ts has no write${format} function`)
  return fn as never
}

/** A report in one format: the model from the services, then the page or data writer. */
export async function renderReport(ctx: AppContext, q: ReportQuery, opts: { record?: boolean } = {}): Promise<RenderedReport> {
  const model = await buildReport(ctx, q, opts)
  return renderModel(model, q.format)
}

export async function renderModel(model: ReportModel, format: ReportFormat): Promise<RenderedReport> {
  const stem = reportName(model)
  if (format === 'pdf') return { body: await writePdf(model), contentType: CONTENT_TYPES.pdf, fileName: `${stem}.pdf`, model }
  if (format === 'html') return { body: writeHtml(model), contentType: CONTENT_TYPES.html, fileName: `${stem}.html`, model }
  const out = await (await dataWriter(format))(toReportData(model))
  const body = Buffer.isBuffer(out) ? out : out.body
  const contentType = (!Buffer.isBuffer(out) && out.contentType) || CONTENT_TYPES[format]
  const extension = (!Buffer.isBuffer(out) && out.extension) || format
  return { body, contentType, fileName: `${stem}.${extension}`, model }
}
