import { Router, type Request } from 'express'
import { z } from 'zod'
import { ChangeBody, CompareQuery, GapsQuery, ScenarioBody, ScenarioPatch, SitingBody, SitingScenarioBody } from '../../contract/analysis'
import { gaps } from '../../services/planning/gaps'
import { siting } from '../../services/planning/siting'
import { projectImpacts } from '../../services/planning/projects'
import { indicators, recordIndicator } from '../../services/planning/indicators'
import { compareScenario } from '../../services/planning/compare'
import { sendAnswer } from '../answer'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

const Id = z.coerce.number().int().positive()
const actorOf = (req: Request) => String(req.headers['x-actor'] ?? 'http')

/** Gaps, scenarios, suggested sites, projects and indicators (the planning loop, API.md). */
export function planningRouter(ctx: AppContext): Router {
  const r = Router()
  const { analysis, scenarios, results } = ctx

  r.get('/gaps', async (req, res) => {
    const q = parseInput(GapsQuery, req.query)
    sendAnswer(req, res, await results.json('gaps', q, q.scenario, () => gaps(analysis, q)))
  })

  r.get('/scenarios', async (_req, res) => {
    res.json(await scenarios.list())
  })
  r.post('/scenarios', async (req, res) => {
    const b = parseInput(ScenarioBody, req.body, 'body')
    res.status(201).json({ id: await scenarios.create(b.name, b.description, actorOf(req)) })
  })
  r.get('/scenarios/:id', async (req, res) => {
    res.json(await scenarios.get(parseInput(Id, req.params.id)))
  })
  r.patch('/scenarios/:id', async (req, res) => {
    res.json(await scenarios.update(parseInput(Id, req.params.id), parseInput(ScenarioPatch, req.body, 'body')))
  })
  r.delete('/scenarios/:id', async (req, res) => {
    await scenarios.remove(parseInput(Id, req.params.id))
    res.status(204).end()
  })
  r.post('/scenarios/:id/changes', async (req, res) => {
    res.json(await scenarios.applyChange(parseInput(Id, req.params.id), parseInput(ChangeBody, req.body, 'body'), actorOf(req)))
  })
  r.delete('/scenarios/:id/changes/:changeId', async (req, res) => {
    await scenarios.undoChange(parseInput(Id, req.params.id), parseInput(Id, req.params.changeId))
    res.status(204).end()
  })
  r.get('/scenarios/:id/compare', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    const q = parseInput(CompareQuery, req.query)
    sendAnswer(req, res, await results.json('compare', q, id, () => compareScenario(analysis, scenarios, id, q)))
  })

  r.post('/siting', async (req, res) => {
    res.json(await siting(analysis, parseInput(SitingBody, req.body, 'body')))
  })
  r.post('/siting/scenario', async (req, res) => {
    const b = parseInput(SitingScenarioBody, req.body, 'body')
    const result = await siting(analysis, b)
    const id = await scenarios.create(b.name, `${result.sites.length} suggested ${b.type} sites`, actorOf(req))
    for (const [k, s] of result.sites.entries()) {
      await scenarios.applyChange(id, { op: 'add', facility: { type: b.type, lng: s.lng, lat: s.lat, name: `${b.siteName} ${k + 1}` }, mode: b.mode, minutes: b.minutes, speedKmh: b.speedKmh }, actorOf(req))
    }
    res.status(201).json({ id, ...result })
  })

  r.get('/projects', async (req, res) => {
    const q = parseInput(z.object({ year: z.coerce.number().int().optional(), domain: z.string().optional() }), req.query)
    res.json(await projectImpacts(analysis, q))
  })

  r.get('/indicators', async (req, res) => {
    const q = parseInput(z.object({ area: z.string().min(1).optional(), year: z.coerce.number().int().optional() }), req.query)
    res.json(await indicators(analysis, q))
  })
  r.post('/indicators/:code/values', async (req, res) => {
    const b = parseInput(z.object({ value: z.number().finite(), year: z.number().int().min(1900).max(2200).optional(), note: z.string().max(2000).optional() }), req.body, 'body')
    await recordIndicator(ctx.db, req.params.code, { ...b, actor: actorOf(req) })
    res.status(201).json((await indicators(analysis)).find((i) => i.code === req.params.code))
  })
  return r
}
