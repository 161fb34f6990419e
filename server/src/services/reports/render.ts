import type { AppContext } from '../context'
import type { ReportFormat, ReportQuery } from '../../contract/reports'
import { reportName, toReportData } from '../../reports/data'
import { writeHtml } from '../../reports/html'
import { writePdf } from '../../reports/pdf'
import type { ReportModel } from '../../reports/model'
import { OUTPUT_FORMATS, writeDataFormat } from '../../reports/write'
import { log } from '../../log'
import { buildReport } from './build'

export interface RenderedReport {
  body: Buffer
  contentType: string
  /** ASCII file name (content-disposition) */
  fileName: string
  model: ReportModel
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
  if (format === 'pdf') return { body: await writePdf(model), contentType: OUTPUT_FORMATS.pdf.contentType, fileName: `${stem}.pdf`, model }
  if (format === 'html') return { body: writeHtml(model), contentType: OUTPUT_FORMATS.html.contentType, fileName: `${stem}.html`, model }
  const out = await writeDataFormat(toReportData(model), format)
  const extension = OUTPUT_FORMATS[format].extension
  return { body: out.body, contentType: out.contentType, fileName: `${stem}.${out.zip ? `${extension}.zip` : extension}`, model }
}
