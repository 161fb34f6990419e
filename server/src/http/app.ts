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
import { clusterImportRouter, clustersRouter } from './routes/clusters'

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web')

/** The Express application: JSON API under /api, the built web app at /. */
export function createApp(ctx: AppContext, opts: { webDir?: string } = {}): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  const api = express.Router()
  api.use(clusterImportRouter(ctx))
  api.use(importRouter(ctx))
  api.use(express.json({ limit: ctx.config.jsonMaxBytes }))
  api.use(metaRouter(ctx))
  api.use(geodataRouter(ctx))
  api.use(analysisRouter(ctx))
  api.use(planningRouter(ctx))
  api.use(clustersRouter(ctx))
  api.use(tilesRouter(ctx))
  api.use(apiNotFound)
  app.use('/api', api)

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
