import { Router } from 'express'
import { AccessibilityQuery, CellsQuery, ComplianceQuery, CoverageQuery, EquityQuery, IsochroneQuery } from '../../contract/analysis'
import { accessibility } from '../../services/analysis/accessibility'
import { cellRows, cellsCsv } from '../../services/analysis/cells'
import { compliance } from '../../services/analysis/compliance'
import { coverage } from '../../services/analysis/coverage'
import { equity } from '../../services/analysis/equity'
import { isochrone } from '../../services/analysis/isochrone'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

/** Coverage, cells, accessibility, equity, compliance and isochrones (API.md). */
export function analysisRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/coverage', async (req, res) => {
    res.json(await coverage(ctx.analysis, parseInput(CoverageQuery, req.query)))
  })
  r.get('/cells', async (req, res) => {
    const q = parseInput(CellsQuery, req.query)
    const { method, rows } = await cellRows(ctx.analysis, q)
    res.setHeader('x-circle15-method', method)
    if (q.format === 'csv') res.type('text/csv; charset=utf-8').send(cellsCsv(rows))
    else res.json(rows)
  })
  r.get('/accessibility', async (req, res) => {
    res.json(await accessibility(ctx.analysis, parseInput(AccessibilityQuery, req.query)))
  })
  r.get('/equity', async (req, res) => {
    res.json(await equity(ctx.analysis, parseInput(EquityQuery, req.query)))
  })
  r.get('/compliance', async (req, res) => {
    res.json(await compliance(ctx.analysis, parseInput(ComplianceQuery, req.query)))
  })
  r.get('/isochrone', async (req, res) => {
    res.json(await isochrone(ctx.analysis, parseInput(IsochroneQuery, req.query)))
  })
  return r
}
