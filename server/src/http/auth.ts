import type { Request, RequestHandler } from 'express'
import { roleAtLeast, type Role } from '../contract/auth'
import { AppError } from '../errors'
import type { Principal } from '../services/auth/tokens'
import type { AppContext } from './context'
import { accessFor, ruleFor, type RouteRule } from './roles'
import { AuthFailures } from './security'

declare module 'express-serve-static-core' {
  interface Request {
    /** The token's owner, when the request carried a valid bearer token. */
    principal?: Principal
    /** The route-table rule that authorised the request (see roles.ts). */
    rule?: RouteRule
  }
}

export const unauthorized = (message: string) => new AppError(401, 'unauthorized', message)
export const forbidden = (message: string) => new AppError(403, 'forbidden', message)

/**
 * Runs before every API router: reads `Authorization: Bearer <token>` (a malformed, unknown or
 * revoked token is a 401 even where none is needed), then requires the access the route table
 * states for the request — 401 without a token, 403 when the token's role is too low.
 */
export function authorize(ctx: AppContext): RequestHandler {
  const failures = new AuthFailures(ctx.config.rates.authFailuresPerMin)
  return async (req, _res, next) => {
    const { rule, params } = ruleFor(req.method, req.path)
    req.rule = rule
    const header = req.headers.authorization
    if (header !== undefined) {
      const ip = req.ip ?? ''
      failures.check(ip)
      try {
        const m = /^Bearer +(\S+) *$/i.exec(header)
        if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"')
        req.principal = await ctx.tokens.authenticate(m[1])
      } catch (e) {
        if (e instanceof AppError && e.status === 401) failures.record(ip)
        throw e
      }
    }
    const access = accessFor(rule, req, params)
    const need: Role | null = access === 'public' ? null : access === 'read' ? (ctx.config.auth.read === 'token' ? 'viewer' : null) : access
    if (need) {
      const what = access === 'read' ? 'reading on this server (AUTH_READ=token)' : `${req.method} ${rule.path}`
      if (!req.principal) throw unauthorized(`${what} needs a token (role ${need} or higher): send "Authorization: Bearer <token>"`)
      if (!roleAtLeast(req.principal.role, need)) throw forbidden(`${what} needs role ${need}; the token "${req.principal.name}" has role ${req.principal.role}`)
    }
    next()
  }
}

/** The actor of a write: the token's name (writes are only reached with a token). */
export function actorOf(req: Request): string {
  if (!req.principal) throw unauthorized('this request needs a token')
  return req.principal.name
}
