import type { Request, RequestHandler, Response } from 'express'
import { recordAudit } from '../services/auth/audit'
import { log } from '../log'
import type { AppContext } from './context'
import { WRITE_METHODS } from './roles'

/** What a write handler says about the object it changed (recorded in the audit log). */
export interface AuditNote {
  /** e.g. `scenario 12`, `facilities layer`, `token 3`. */
  object?: string
  /** A short summary of the object before the write (never secrets). */
  before?: unknown
  /** A short summary after it. */
  after?: unknown
}

/** Describes the object of the current write for the audit log (call before answering). */
export function noteAudit(res: Response, note: AuditNote): void {
  res.locals.audit = { ...(res.locals.audit as AuditNote | undefined), ...note }
}

/** The object of a write when its handler did not say: the route's parameters, e.g. `scenario 12`. */
function defaultObject(req: Request): string | null {
  const params = Object.entries(req.params ?? {})
  return params.length ? params.map(([k, v]) => `${k} ${v}`).join(', ') : null
}

const isImport = (req: Request) => req.path.startsWith('/import/')
const isReport = (req: Request) => req.path.startsWith('/reports/')

/**
 * The end of every API request:
 * - a successful write (POST/PATCH/PUT/DELETE answered < 400) is written to `audit_log` before the
 *   answer leaves; if that insert fails the client gets a 500 saying the change was made but not
 *   audited (and the log has it). A refused or failed write leaves no audit row, only a log line.
 * - a request still unanswered after its time limit (REQUEST_TIMEOUT_S; imports IMPORT_TIMEOUT_S)
 *   is answered 503 `timeout`. Work already running is not interrupted: its late answer is dropped,
 *   but a write that completes late is still audited.
 */
export function requestLifecycle(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const write = WRITE_METHODS.has(req.method)
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    let ended = false
    let timedOut = false

    const finish = async (args: unknown[]) => {
      const status = res.statusCode
      if (write && status < 400 && req.principal) {
        const note = (res.locals.audit ?? {}) as AuditNote
        try {
          await recordAudit(ctx.db, {
            actor: req.principal.name,
            role: req.principal.role,
            tokenId: req.principal.tokenId,
            method: req.method,
            route: `${req.method} /api${req.rule?.path ?? req.path}`,
            path: req.originalUrl.slice(0, 2000),
            object: note.object ?? defaultObject(req),
            status,
            before: note.before ?? null,
            after: timedOut ? { ...(typeof note.after === 'object' && note.after ? note.after : { value: note.after ?? null }), answeredAfterTimeLimit: true } : (note.after ?? null),
          })
        } catch (e) {
          log.error(`${req.method} ${req.originalUrl}: the write was made but could not be audited`, { actor: req.principal.name, error: String(e) })
          if (!timedOut) {
            const body = JSON.stringify({ error: { code: 'audit_failed', message: 'the change was made but could not be written to the audit log; the server log has the details', details: [] } })
            res.statusCode = 500
            res.setHeader('content-type', 'application/json; charset=utf-8')
            res.setHeader('content-length', Buffer.byteLength(body))
            res.removeHeader('etag')
            return end(body)
          }
        }
      } else if (write) {
        // Not audited (nothing was changed); a 5xx is also logged with its cause by the error handler.
        log[status >= 500 ? 'warn' : 'info'](`write refused: ${req.method} ${req.originalUrl} → ${status}`, { actor: req.principal?.name ?? null, error: res.locals.errorCode ?? null })
      }
      if (!timedOut) end(...args)
    }

    res.end = ((...args: unknown[]) => {
      if (ended) return res
      ended = true
      clearTimeout(timer)
      void finish(args)
      return res
    }) as Response['end']

    const limitMs = isImport(req) ? ctx.config.limits.importTimeoutMs : isReport(req) ? ctx.config.limits.reportTimeoutMs : ctx.config.limits.requestTimeoutMs
    const timer = setTimeout(() => {
      if (ended || res.headersSent) return
      timedOut = true
      const setting = isImport(req) ? 'IMPORT_TIMEOUT_S' : isReport(req) ? 'REPORT_TIMEOUT_S' : 'REQUEST_TIMEOUT_S'
      const message = `the request did not finish within ${limitMs / 1000} s (${setting}); narrow it (e.g. area=…) or retry later`
      const body = JSON.stringify({ error: { code: 'timeout', message, details: [] } })
      res.statusCode = 503
      res.setHeader('content-type', 'application/json; charset=utf-8')
      res.setHeader('content-length', Buffer.byteLength(body))
      res.setHeader('retry-after', '30')
      end(body)
      log.warn(`${req.method} ${req.originalUrl}: answered 503 after the ${limitMs / 1000} s time limit; the work goes on`, { actor: req.principal?.name ?? null })
      // From here the handler's own answer is dropped; its status still decides the audit.
      res.statusCode = 200
      res.setHeader = (() => res) as Response['setHeader']
      res.removeHeader = () => {}
    }, limitMs)
    timer.unref()
    next()
  }
}
