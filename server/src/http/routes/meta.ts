import { Router } from 'express'
import { catalogueLists, health, importBatches } from '../../services/meta'
import type { AppContext } from '../context'

/** Health, catalogue and provenance: what the server is and what it knows. */
export function metaRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/health', async (_req, res) => {
    res.json(await health(ctx.db, ctx.results))
  })
  r.get('/facility-types', async (_req, res) => {
    res.json((await catalogueLists(ctx.db)).types)
  })
  r.get('/domains', async (_req, res) => {
    res.json((await catalogueLists(ctx.db)).domains)
  })
  r.get('/modes', async (_req, res) => {
    res.json((await catalogueLists(ctx.db)).modes)
  })
  r.get('/import-batches', async (_req, res) => {
    res.json(await importBatches(ctx.db))
  })
  return r
}
