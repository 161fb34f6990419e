import { Router } from 'express'
import { IdParam as Id } from '../../contract/planning'
import { AuditQuery, CreateTokenBody, type WhoAmI } from '../../contract/auth'
import { auditLog } from '../../services/auth/audit'
import { actorOf } from '../auth'
import type { AppContext } from '../context'
import { noteAudit } from '../lifecycle'
import { parseInput } from '../validate'

/** Who am I, token management (admin) and the audit log (admin). Roles: see roles.ts. */
export function accessRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/auth/me', (req, res) => {
    const body: WhoAmI = { name: req.principal?.name ?? null, role: req.principal?.role ?? null, readAccess: ctx.config.auth.read }
    res.json(body)
  })
  r.get('/tokens', async (_req, res) => {
    res.json(await ctx.tokens.list())
  })
  r.post('/tokens', async (req, res) => {
    const b = parseInput(CreateTokenBody, req.body, 'body')
    const created = await ctx.tokens.create({ ...b, createdBy: actorOf(req) })
    noteAudit(res, { object: `token ${created.id}`, after: { name: created.name, role: created.role } })
    res.status(201).json(created)
  })
  r.delete('/tokens/:id', async (req, res) => {
    const revoked = await ctx.tokens.revoke(parseInput(Id, req.params.id))
    noteAudit(res, { object: `token ${revoked.id}`, before: { name: revoked.name, role: revoked.role }, after: { revokedAt: revoked.revokedAt } })
    res.json(revoked)
  })
  r.get('/audit', async (req, res) => {
    res.json(await auditLog(ctx.db, parseInput(AuditQuery, req.query)))
  })
  return r
}
