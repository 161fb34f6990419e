import { Router } from 'express'
import { REPORT_FORMATS, ReportQuery } from '../../contract/reports'
import { renderReport } from '../../services/reports/render'
import type { AppContext } from '../context'
import { negotiateFormat, sendFile } from '../negotiate'
import { parseInput } from '../validate'

/**
 * `GET /api/reports/coverage` (API.md Reports): the report file of an area and a type or domain,
 * with its content type and a file name; bounded by REPORT_TIMEOUT_S (http/lifecycle.ts).
 */
export function reportsRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/reports/coverage', async (req, res) => {
    const q = parseInput(ReportQuery, req.query)
    // format= wins; else the Accept header (e.g. application/pdf); else PDF
    const format = negotiateFormat(req, REPORT_FORMATS)
    const out = await renderReport(ctx, { ...q, format })
    res.setHeader('cache-control', 'no-store')
    sendFile(res, out)
  })
  return r
}
