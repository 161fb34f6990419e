import { Router } from 'express'
import { IndexQuery } from '../../contract/circle-index'
import { circleIndex } from '../../services/analysis/circle-index'
import { sendAnswer } from '../answer'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

/** `GET /api/index`: the 均衡可及优质 index (API.md), cached like the analysis answers it is built from. */
export function circleIndexRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/index', async (req, res) => {
    const q = parseInput(IndexQuery, req.query)
    sendAnswer(req, res, await ctx.results.json('index', q, q.scenario, () => circleIndex(ctx.analysis, q)))
  })
  return r
}
