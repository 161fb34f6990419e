import cors from 'cors'
import type { RequestHandler } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import helmet from 'helmet'
import type { Config } from '../config'
import { AppError } from '../errors'
import { WRITE_METHODS } from './roles'

/**
 * Browser-facing headers on every reply. The Content-Security-Policy allows only this origin:
 * scripts from files (no inline script), MapLibre's worker from a same-origin file or blob:,
 * images from the origin, data: and blob: (MapLibre's sprites and canvases), styles from files
 * plus inline style attributes (MapLibre and the app position elements with them). No framing,
 * no plugins. HSTS and upgrade-insecure-requests are left to a TLS proxy in front: the server
 * itself speaks plain HTTP on loopback by default.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  })
}

/** CORS: closed (no Access-Control-* headers) unless CORS_ORIGINS lists origins. */
export function corsPolicy(config: Config): RequestHandler | null {
  const allowed = new Set(config.auth.corsOrigins)
  if (!allowed.size) return null
  return cors({
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['x-circle15-method', 'retry-after', 'ratelimit', 'ratelimit-policy'],
    maxAge: 600,
  })
}

const limited = (what: string, perMin: number) =>
  new AppError(429, 'rate_limited', `more than ${perMin} ${what} per minute; wait and retry (the Retry-After header says when)`)

/** Per-token (else per-IP) limits on writes, heavy reads and failed authentication (0 = off). */
export function rateLimits(config: Config): RequestHandler[] {
  const { writesPerMin, heavyPerMin, authFailuresPerMin } = config.rates
  const who = (req: Parameters<RequestHandler>[0]) => (req.principal ? `token:${req.principal.tokenId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`)
  const base = { windowMs: 60_000, standardHeaders: 'draft-8' as const, legacyHeaders: false, keyGenerator: who, validate: { xForwardedForHeader: false } }
  const out: RequestHandler[] = []
  if (writesPerMin > 0) {
    out.push(rateLimit({ ...base, limit: writesPerMin, skip: (req) => !WRITE_METHODS.has(req.method), handler: (_req, _res, next) => next(limited('writes', writesPerMin)) }))
  }
  if (heavyPerMin > 0) {
    out.push(rateLimit({ ...base, limit: heavyPerMin, skip: (req) => !req.rule?.heavy, handler: (_req, _res, next) => next(limited('analysis requests', heavyPerMin)) }))
  }
  return out
}

/**
 * Failed authentication per IP (fixed one-minute windows): after RATE_AUTH_FAILURES_PER_MIN
 * answers of 401, that IP's requests carrying a token are refused (429) until the window ends.
 * Counted on the answers themselves, so concurrent good requests never count.
 */
export class AuthFailures {
  private counts = new Map<string, { n: number; until: number }>()
  constructor(private readonly perMin: number) {}
  private entry(ip: string) {
    const now = Date.now()
    let e = this.counts.get(ip)
    if (!e || e.until <= now) {
      if (this.counts.size > 100_000) this.counts.clear()
      e = { n: 0, until: now + 60_000 }
      this.counts.set(ip, e)
    }
    return e
  }
  record(ip: string) {
    if (this.perMin > 0) this.entry(ip).n++
  }
  /** Throws 429 when `ip` is over the limit. */
  check(ip: string) {
    if (this.perMin <= 0) return
    const e = this.entry(ip)
    if (e.n >= this.perMin) {
      const err = limited('requests with an invalid token', this.perMin)
      err.retryAfterSeconds = Math.ceil((e.until - Date.now()) / 1000)
      throw err
    }
  }
}
