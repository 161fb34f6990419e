/**
 * Content negotiation for downloadable answers, in one place: a route offers some formats, the
 * request picks one with `format=` (wins) or its Accept header (else the first offered), and the
 * data formats are written by the writers in reports/write (one per format).
 */
import type { Request, Response } from 'express'
import { badRequest } from '../errors'
import type { ReportData } from '../reports/tables'
import { OUTPUT_FORMATS, writeDataFormat, type DataFormat, type OutputFormat } from '../reports/write'

export { DATA_FORMATS, OUTPUT_FORMATS, ZIP_CONTENT_TYPE, type DataFormat, type OutputFormat } from '../reports/write'

const mediaType = (f: OutputFormat) => OUTPUT_FORMATS[f].contentType.split(';')[0]

/**
 * The format a request asks for among `offered` (in the route's order of preference).
 * @example negotiateFormat(req, ['json', 'csv']) // 'csv' for ?format=csv or `Accept: text/csv`
 * `format=` naming a format not offered is a 400 listing the offered ones; an Accept header that
 * matches none of them falls back to the first (the route's default), as browsers send `*\/*`.
 */
export function negotiateFormat<F extends OutputFormat>(req: Pick<Request, 'query' | 'accepts'>, offered: readonly F[], explicit?: unknown): F {
  const asked = explicit ?? req.query.format
  if (asked !== undefined && asked !== '') {
    const f = String(asked).toLowerCase() as F
    if (!offered.includes(f)) throw badRequest('invalid query parameters', [{ field: 'format', message: `one of ${offered.join(', ')}` }], 'invalid_request')
    return f
  }
  const best = req.accepts(offered.map(mediaType))
  return (best ? offered.find((f) => mediaType(f) === best) : undefined) ?? offered[0]
}

export interface WrittenFile {
  body: Buffer
  contentType: string
  fileName: string
}

/**
 * A report's tables and layers in a data format, with the content type and file name to send
 * (CSV of several tables and GeoJSON of several layers are zips of one file each).
 * @example await writeData(data, 'xlsx') // { contentType: 'application/vnd…sheet', fileName: 'coverage-330282-education-zh.xlsx', body }
 */
export async function writeData(data: ReportData, format: DataFormat): Promise<WrittenFile> {
  const { body, contentType, zip } = await writeDataFormat(data, format)
  return { body, contentType, fileName: zip ? `${data.name}-${format}.zip` : `${data.name}.${OUTPUT_FORMATS[format].extension}` }
}

/** `attachment` with the file name (ASCII fallback and RFC 5987 UTF-8 form). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** Sends a written file as a download: its content type and a `content-disposition` file name. */
export function sendFile(res: Response, file: WrittenFile) {
  res.attachment(file.fileName)
  res.setHeader('content-type', file.contentType)
  res.send(file.body)
}
