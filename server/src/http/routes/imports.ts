import express, { Router, type Request } from 'express'
import multer from 'multer'
import { IMPORT_KINDS, ImportQuerySchema, type ImportKind } from '../../contract/records'
import { badRequest } from '../../errors'
import { runImport } from '../../services/import'
import { layerSize } from '../../services/auth/audit'
import { actorOf } from '../auth'
import type { AppContext } from '../context'
import { noteAudit } from '../lifecycle'
import { parseInput } from '../validate'

/** `POST /api/import/:kind`: the file as a multipart field `file`, or as the raw body. */
export function importRouter(ctx: AppContext): Router {
  const r = Router()
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: ctx.config.importMaxBytes, files: 1 } })
  const raw = express.raw({ type: () => true, limit: ctx.config.importMaxBytes })
  const body: express.RequestHandler = (req, res, next) =>
    req.is('multipart/form-data') ? upload.single('file')(req, res, next) : raw(req, res, next)

  r.post('/import/:kind', body, async (req, res) => {
    const kind = req.params.kind as ImportKind
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
      throw badRequest(`unknown import kind ${JSON.stringify(kind)}`, [{ field: 'kind', message: `one of ${IMPORT_KINDS.join(', ')}` }], 'invalid_request')
    }
    const q = parseInput(ImportQuerySchema, req.query)
    const file = fileOf(req)
    const before = await layerSize(ctx.db, kind)
    const result = await runImport(ctx.db, {
      kind,
      bytes: file.bytes,
      fileName: file.name,
      contentType: file.contentType,
      crs: q.crs,
      mode: q.mode,
      checkCrs: q.checkCrs,
      defaultType: q.type,
      actor: actorOf(req),
      maxRecords: ctx.config.importMaxRecords,
      maxUnzippedBytes: ctx.config.limits.importMaxUnzippedBytes,
    }, { networksBuilt: (built) => ctx.analysis.inputs.adoptNetworks(built) })
    ctx.analysis.inputs.invalidate()
    // Cells snapped to every network before answering, so the first analysis after it is fast.
    if (kind === 'roads' || kind === 'population') await ctx.analysis.inputs.prepare().catch(() => {}) // logged there; the next request retries
    noteAudit(res, {
      object: `${kind} layer`,
      before: { rows: before },
      after: { rows: await layerSize(ctx.db, kind), mode: q.mode, batchId: result.batchId, file: file.name ?? null, imported: result.imported, updated: result.updated },
    })
    res.json(result)
  })
  return r
}

function fileOf(req: Request): { bytes: Uint8Array; name?: string; contentType?: string } {
  if (req.is('multipart/form-data')) {
    if (!req.file) throw badRequest('no file in the upload: send it in the multipart field "file"', [{ field: 'file', message: 'missing' }], 'empty_file')
    return { bytes: req.file.buffer, name: req.file.originalname, contentType: req.file.mimetype }
  }
  const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array()
  const name = typeof req.query.filename === 'string' ? req.query.filename : undefined
  return { bytes, name, contentType: req.headers['content-type'] }
}
