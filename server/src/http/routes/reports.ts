import { Router } from 'express'
import { ReportQuery } from '../../contract/reports'
import { renderReport } from '../../services/reports/render'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

/**
 * `GET /api/reports/coverage` (API.md Reports): the report file of an area and a type or domain,
 * with its content type and a file name; bounded by REPORT_TIMEOUT_S (http/lifecycle.ts).
 */
export function reportsRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/reports/coverage', async (req, res) => {
    const q = parseInput(ReportQuery, req.query)
    const out = await renderReport(ctx, q)
    res.setHeader('content-type', out.contentType)
    res.setHeader('content-disposition', `attachment; filename="${out.fileName}"`)
    res.setHeader('cache-control', 'no-store')
    res.send(out.body)
  })
  return r
}
