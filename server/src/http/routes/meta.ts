import { Router } from 'express'
import { postgisVersion } from '../../db'
import { readCatalogue } from '../../db/catalogue'
import { listBatches } from '../../db/batches'
import type { AppContext } from '../context'

/** Health, catalogue and provenance: what the server is and what it knows. */
export function metaRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/health', async (_req, res) => {
    res.json({ status: 'ok', backend: ctx.db.backend, postgis: await postgisVersion(ctx.db), cache: ctx.results.cache.stats() })
  })
  r.get('/facility-types', async (_req, res) => {
    res.json((await readCatalogue(ctx.db)).types)
  })
  r.get('/domains', async (_req, res) => {
    res.json((await readCatalogue(ctx.db)).domains)
  })
  r.get('/modes', async (_req, res) => {
    res.json((await readCatalogue(ctx.db)).modes)
  })
  r.get('/import-batches', async (_req, res) => {
    res.json(await listBatches(ctx.db))
  })
  return r
}
