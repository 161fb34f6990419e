import express, { Router } from 'express'
import { queryId, queryNumber } from '../../contract/query-params'
import multer from 'multer'
import { ClusterAnalysisQuery, ClusterImportQuery, ClustersQuery, PlanBody, PlanChangeBody, PlansQuery, SuggestBody } from '../../contract/clusters'
import { IdParam as Id } from '../../contract/planning'
import { badRequest } from '../../errors'
import { clusterAnalysis } from '../../services/clusters/analysis'
import { importClusterPlan } from '../../services/clusters/import'
import { changePlan, clustersFeatureCollection, createPlan, plans, removePlan } from '../../services/clusters/plans'
import { ruralTiers } from '../../services/clusters/tiers'
import { suggestClusters } from '../../services/clusters/suggest'
import type { AppContext } from '../context'
import { parseInput } from '../validate'
import { actorOf } from '../auth'

/** Rural clusters (片区组团): plans, suggestions, edits, analysis (API.md "Clusters"). */
export function clustersRouter(ctx: AppContext): Router {
  const r = Router()
  const { analysis } = ctx
  r.get('/clusters', async (req, res) => {
    const q = parseInput(ClustersQuery, req.query)
    res.json(await clustersFeatureCollection(analysis, q.area, q.plan))
  })
  r.get('/clusters/tiers', async (_req, res) => {
    res.json(await ruralTiers(analysis))
  })
  r.post('/clusters/suggest', async (req, res) => {
    res.json(await suggestClusters(analysis, parseInput(SuggestBody, req.body, 'body')))
  })
  r.get('/clusters/plans', async (req, res) => {
    const q = parseInput(PlansQuery, req.query)
    res.json(await plans(analysis, q.area))
  })
  r.post('/clusters/plans', async (req, res) => {
    res.status(201).json({ plan: await createPlan(analysis, parseInput(PlanBody, req.body, 'body'), actorOf(req)) })
  })
  r.post('/clusters/plans/:id/changes', async (req, res) => {
    const id = parseInput(Id, req.params.id)
    res.json(await changePlan(analysis, id, parseInput(PlanChangeBody, req.body, 'body')))
  })
  r.delete('/clusters/plans/:id', async (req, res) => {
    await removePlan(analysis, parseInput(Id, req.params.id))
    res.status(204).end()
  })
  r.get('/clusters/analysis', async (req, res) => {
    const q = parseInput(ClusterAnalysisQuery, req.query)
    res.json(await clusterAnalysis(analysis, q))
  })
  return r
}

/** `POST /api/import/clusters?area=&plan=`: a plan from CSV (cluster, member_code, hub), GeoJSON polygons or a zipped Shapefile. */
export function clusterImportRouter(ctx: AppContext): Router {
  const r = Router()
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: ctx.config.importMaxBytes, files: 1 } })
  const raw = express.raw({ type: () => true, limit: ctx.config.importMaxBytes })
  const body: express.RequestHandler = (req, res, next) => (req.is('multipart/form-data') ? upload.single('file')(req, res, next) : raw(req, res, next))
  r.post('/import/clusters', body, async (req, res) => {
    const q = parseInput(ClusterImportQuery, req.query)
    const file = req.is('multipart/form-data') ? req.file : undefined
    const bytes: Uint8Array = file ? file.buffer : Buffer.isBuffer(req.body) ? req.body : new Uint8Array()
    if (!bytes.length) throw badRequest('no file: send it as the body or in the multipart field "file"', [{ field: 'file', message: 'missing' }], 'empty_file')
    const fileName = file?.originalname ?? (typeof req.query.filename === 'string' ? req.query.filename : undefined)
    res.json(await importClusterPlan(analysis(ctx), { ...q, bytes, fileName, contentType: file?.mimetype ?? req.headers['content-type'], actor: actorOf(req), maxRecords: ctx.config.importMaxRecords }))
  })
  return r
}
const analysis = (ctx: AppContext) => ctx.analysis
