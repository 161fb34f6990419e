import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import type { AppContext } from './context'
import { apiNotFound, errorHandler } from './errors'
import { geodataRouter } from './routes/areas'
import { importRouter } from './routes/imports'
import { metaRouter } from './routes/meta'
import { analysisRouter } from './routes/analysis'
import { tilesRouter } from './routes/tiles'
import { planningRouter } from './routes/planning'
import { accessRouter } from './routes/access'
import { authorize } from './auth'
import { requestLifecycle } from './lifecycle'
import { corsPolicy, rateLimits, securityHeaders } from './security'
import { clusterImportRouter, clustersRouter } from './routes/clusters'
import { openapiRouter } from './routes/openapi'
import { mountedRoutes } from './roles'
import { circleIndexRouter } from './routes/circle-index'
import { reportsRouter } from './routes/reports'

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web')

/** The Express application: JSON API under /api, the built web app at /. */
export function createApp(ctx: AppContext, opts: { webDir?: string } = {}): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  app.use(securityHeaders())
  const api = express.Router()
  const cors = corsPolicy(ctx.config)
  if (cors) api.use(cors)
  // Order matters: the time limit and audit hook first, then who is asking and what the route
  // needs (roles.ts), then the rate limits (per token once it is known).
  api.use(requestLifecycle(ctx))
  api.use(authorize(ctx))
  for (const limit of rateLimits(ctx.config)) api.use(limit)
  api.use(clusterImportRouter(ctx))
  api.use(importRouter(ctx))
  api.use(express.json({ limit: ctx.config.jsonMaxBytes }))
  api.use(accessRouter(ctx))
  api.use(metaRouter(ctx))
  api.use(geodataRouter(ctx))
  api.use(analysisRouter(ctx))
  api.use(circleIndexRouter(ctx))
  api.use(planningRouter(ctx))
  api.use(clustersRouter(ctx))
  api.use(tilesRouter(ctx))
  api.use(openapiRouter(() => mountedRoutes(api)))
  api.use(reportsRouter(ctx))
  api.use(apiNotFound)
  app.use('/api', api)
  app.locals.api = api

  const webDir = opts.webDir ?? WEB_DIST
  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: 'index.html', maxAge: '1h' }))
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(webDir, 'index.html')))
  } else {
    app.get('/', (_req, res) => res.status(503).type('text').send('web app not built: run `npm run build:web`'))
  }
  app.use(errorHandler)
  return app
}
