import { Router } from 'express'
import { AccessibilityQuery, CellsQuery, ComplianceQuery, CoverageQuery, EquityQuery, IsochroneQuery } from '../../contract/analysis'
import { accessibility } from '../../services/analysis/accessibility'
import { cellRows, cellsCsv, cellsReport } from '../../services/analysis/cells'
import { compliance } from '../../services/analysis/compliance'
import { coverage } from '../../services/analysis/coverage'
import { equity } from '../../services/analysis/equity'
import { isochrone } from '../../services/analysis/isochrone'
import { encodedAnswer, jsonAnswer } from '../../services/cache'
import { sendAnswer } from '../answer'
import { contentDisposition, negotiateFormat, writeData } from '../negotiate'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

/**
 * Coverage, cells, accessibility, equity, compliance and isochrones (API.md). Answers are cached
 * per query, data version and scenario state (services/cache.ts).
 */
export function analysisRouter(ctx: AppContext): Router {
  const r = Router()
  const { analysis: a, results } = ctx
  const { isochroneMaxKm, isochroneMaxBands, searchMaxNodes, cellsMaxRows } = ctx.config.limits
  const isoLimits = { maxKm: isochroneMaxKm, maxBands: isochroneMaxBands, maxNodes: searchMaxNodes }
  r.get('/coverage', async (req, res) => {
    const q = parseInput(CoverageQuery, req.query)
    sendAnswer(req, res, await results.json('coverage', q, q.scenario, () => coverage(a, q)))
  })
  r.get('/cells', async (req, res) => {
    const q = parseInput(CellsQuery, req.query)
    const format = negotiateFormat(req, ['json', 'csv', 'xlsx', 'geojson', 'gpkg'], q.format)
    res.vary('accept')
    sendAnswer(req, res, await results.answer('cells', { ...q, format }, q.scenario, async () => {
      const { method, rows } = await cellRows(a, q, { maxRows: cellsMaxRows })
      const headers = { 'x-circle15-method': method }
      if (format === 'json') return jsonAnswer(rows, headers)
      if (format === 'csv') return encodedAnswer(Buffer.from(cellsCsv(rows)), 'text/csv; charset=utf-8', headers)
      const file = await writeData(cellsReport(rows, q.type), format)
      return encodedAnswer(file.body, file.contentType, { ...headers, 'content-disposition': contentDisposition(file.fileName) })
    }))
  })
  r.get('/accessibility', async (req, res) => {
    const q = parseInput(AccessibilityQuery, req.query)
    sendAnswer(req, res, await results.json('accessibility', q, q.scenario, () => accessibility(a, q)))
  })
  r.get('/equity', async (req, res) => {
    const q = parseInput(EquityQuery, req.query)
    sendAnswer(req, res, await results.json('equity', q, q.scenario, () => equity(a, q)))
  })
  r.get('/compliance', async (req, res) => {
    const q = parseInput(ComplianceQuery, req.query)
    sendAnswer(req, res, await results.json('compliance', q, q.scenario, () => compliance(a, q)))
  })
  r.get('/isochrone', async (req, res) => {
    const q = parseInput(IsochroneQuery, req.query)
    sendAnswer(req, res, await results.json('isochrone', q, undefined, () => isochrone(a, q, isoLimits)))
  })
  return r
}
