import { Router } from 'express'
import { IdParam as Id, IndicatorsQuery, IndicatorValueBody, ProjectsQuery } from '../../contract/planning'
import { ChangeBody, CompareQuery, GapsQuery, ScenarioBody, ScenarioPatch, SitingBody, SitingScenarioBody } from '../../contract/analysis'
import { gaps } from '../../services/planning/gaps'
import { siting, sitingScenario } from '../../services/planning/siting'
import { projectImpacts } from '../../services/planning/projects'
import { indicators, recordIndicator } from '../../services/planning/indicators'
import { compareScenario } from '../../services/planning/compare'
import { actorOf } from '../auth'
import { sendAnswer } from '../answer'
import type { AppContext } from '../context'
import { noteAudit } from '../lifecycle'
import { parseInput } from '../validate'

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
    const id = await scenarios.create(b.name, b.description, actorOf(req))
    noteAudit(res, { object: `scenario ${id}`, after: { name: b.name } })
    res.status(201).json({ id })
  })
  r.get('/scenarios/:id', async (req, res) => {
    res.json(await scenarios.get(parseInput(Id, req.params.id)))
  })
  r.patch('/scenarios/:id', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    const patch = parseInput(ScenarioPatch, req.body, 'body')
    const before = await scenarios.get(id)
    const after = await scenarios.update(id, patch)
    noteAudit(res, { object: `scenario ${id}`, before: { name: before.name, description: before.description }, after: { name: after.name, description: after.description } })
    res.json(after)
  })
  r.delete('/scenarios/:id', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    const before = await scenarios.get(id)
    await scenarios.remove(id)
    noteAudit(res, { object: `scenario ${id}`, before: { name: before.name, changeCount: before.changes.length } })
    res.status(204).end()
  })
  r.post('/scenarios/:id/changes', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    const out = await scenarios.applyChange(id, parseInput(ChangeBody, req.body, 'body'), actorOf(req))
    const c = out.change
    noteAudit(res, { object: `scenario ${id}`, after: { change: c.id, op: c.op, facility: c.facilityId, type: c.type, lng: c.lng, lat: c.lat, capacity: c.capacity } })
    res.json(out)
  })
  r.delete('/scenarios/:id/changes/:changeId', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    const changeId = parseInput(Id, req.params.changeId)
    const c = (await scenarios.get(id)).changes.find((x) => x.id === changeId)
    await scenarios.undoChange(id, changeId)
    noteAudit(res, { object: `scenario ${id}`, before: c ? { change: c.id, op: c.op, facility: c.facilityId } : null })
    res.status(204).end()
  })
  r.get('/scenarios/:id/compare', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    const q = parseInput(CompareQuery, req.query)
    sendAnswer(req, res, await results.json('compare', q, id, () => compareScenario(analysis, scenarios, id, q)))
  })

  const limits = { maxK: ctx.config.limits.sitingMaxK, maxCandidates: ctx.config.limits.sitingMaxCandidates }
  r.post('/siting', async (req, res) => {
    const result = await siting(analysis, parseInput(SitingBody, req.body, 'body'), limits)
    noteAudit(res, { after: { sites: result.sites.length } })
    res.json(result)
  })
  r.post('/siting/scenario', async (req, res) => {
    const b = parseInput(SitingScenarioBody, req.body, 'body')
    const out = await sitingScenario(analysis, scenarios, b, { ...limits, maxChanges: ctx.config.limits.scenarioMaxChanges }, actorOf(req))
    noteAudit(res, { object: `scenario ${out.id}`, after: { name: b.name, sites: out.sites.length } })
    res.status(201).json(out)
  })

  r.get('/projects', async (req, res) => {
    const q = parseInput(ProjectsQuery, req.query)
    res.json(await projectImpacts(analysis, q))
  })

  r.get('/indicators', async (req, res) => {
    const q = parseInput(IndicatorsQuery, req.query)
    res.json(await indicators(analysis, q))
  })
  r.post('/indicators/:code/values', async (req, res) => {
    const b = parseInput(IndicatorValueBody, req.body, 'body')
    await recordIndicator(ctx.db, req.params.code, { ...b, actor: actorOf(req) })
    const after = (await indicators(analysis)).find((i) => i.code === req.params.code)
    const previous = after?.history.at(-2)
    noteAudit(res, { object: `indicator ${req.params.code}`, before: { value: previous?.value ?? null, year: previous?.year ?? null }, after: { value: b.value, year: b.year ?? null, status: after?.status ?? null } })
    res.status(201).json(after)
  })
  return r
}
