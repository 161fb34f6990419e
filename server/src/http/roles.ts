import type { Request, Router } from 'express'
import type { Role } from '../contract/auth'

/**
 * What each API route needs (API.md "Roles"). `public`: nobody needs a token (health, whoami);
 * `read`: anonymous unless `AUTH_READ=token`, then any role; a role: at least that role.
 * Safe by default: a route missing from this table needs `read` for GET/HEAD and `planner` for
 * any other method, and `test/api/roles.test.ts` fails until every mounted route is listed here.
 */
export type Access = 'public' | 'read' | Role

export interface RouteRule {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  /** Express-style path under /api (`:name` matches one segment). */
  path: string
  access: Access
  /** A lower role for some requests of the route (e.g. appending projects), decided per request. */
  lower?: { access: Role; when: (req: Request) => boolean; note: string }
  /** Counts against the heavy-read rate limit (RATE_HEAVY_PER_MIN). */
  heavy?: boolean
}

const r = (method: RouteRule['method'], path: string, access: Access, extra: Partial<RouteRule> = {}): RouteRule => ({ method, path, access, ...extra })

export const ROUTE_TABLE: RouteRule[] = [
  r('GET', '/health', 'public'),
  r('GET', '/auth/me', 'public'),
  r('GET', '/openapi.json', 'read'),
  r('GET', '/facility-types', 'read'),
  r('GET', '/domains', 'read'),
  r('GET', '/modes', 'read'),
  r('GET', '/import-batches', 'read'),
  r('GET', '/areas', 'read'),
  r('GET', '/facilities', 'read'),
  // a cluster plan from a file is a planner's write (API.md Roles: cluster plans), not a data import
  r('POST', '/import/clusters', 'planner'),
  r('POST', '/import/:kind', 'admin', {
    lower: { access: 'planner', when: (req) => req.params.kind === 'projects' && (req.query.mode === undefined || req.query.mode === 'append'), note: 'projects with mode=append: planner' },
  }),
  r('GET', '/coverage', 'read', { heavy: true }),
  r('GET', '/cells', 'read', { heavy: true }),
  r('GET', '/accessibility', 'read', { heavy: true }),
  r('GET', '/equity', 'read', { heavy: true }),
  r('GET', '/compliance', 'read', { heavy: true }),
  r('GET', '/isochrone', 'read', { heavy: true }),
  r('GET', '/gaps', 'read', { heavy: true }),
  r('GET', '/index', 'read', { heavy: true }),
  r('GET', '/scenarios', 'read'),
  r('POST', '/scenarios', 'planner'),
  r('GET', '/scenarios/:id', 'read'),
  r('PATCH', '/scenarios/:id', 'planner'),
  r('DELETE', '/scenarios/:id', 'planner'),
  r('POST', '/scenarios/:id/changes', 'planner'),
  r('DELETE', '/scenarios/:id/changes/:changeId', 'planner'),
  r('GET', '/scenarios/:id/compare', 'read', { heavy: true }),
  r('POST', '/siting', 'planner', { heavy: true }),
  r('POST', '/siting/scenario', 'planner', { heavy: true }),
  r('GET', '/projects', 'read', { heavy: true }),
  r('GET', '/indicators', 'read', { heavy: true }),
  r('POST', '/indicators/:code/values', 'planner'),
  r('GET', '/clusters', 'read'),
  r('GET', '/clusters/tiers', 'read'),
  r('POST', '/clusters/suggest', 'planner', { heavy: true }),
  r('GET', '/clusters/plans', 'read'),
  r('POST', '/clusters/plans', 'planner'),
  r('POST', '/clusters/plans/:id/changes', 'planner'),
  r('DELETE', '/clusters/plans/:id', 'planner'),
  r('GET', '/clusters/analysis', 'read', { heavy: true }),
  r('GET', '/tiles/cells.json', 'read'),
  r('GET', '/tiles/cells/:z/:x/:file', 'read'),
  r('GET', '/tiles/streets.json', 'read'),
  r('GET', '/tiles/streets/:z/:x/:file', 'read'),
  r('GET', '/tiles/areas.json', 'read'),
  r('GET', '/tiles/cell', 'read'),
  // a report runs every analysis of its area and domain: one heavy read, bounded by REPORT_TIMEOUT_S
  r('GET', '/reports/coverage', 'read', { heavy: true }),
  r('GET', '/tokens', 'admin'),
  r('POST', '/tokens', 'admin'),
  r('DELETE', '/tokens/:id', 'admin'),
  r('GET', '/audit', 'admin'),
]

export const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

function segmentsMatch(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean)
  const b = path.split('/').filter(Boolean)
  if (a.length !== b.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) {
      if (!b[i]) return null
      params[a[i].slice(1)] = decodeURIComponentSafe(b[i])
    } else if (a[i] !== b[i]) return null
  }
  return params
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** The rule of a request (method and path under /api), or the safe default for an unlisted route. */
export function ruleFor(method: string, path: string, table = ROUTE_TABLE): { rule: RouteRule; params: Record<string, string>; listed: boolean } {
  const m = method === 'HEAD' ? 'GET' : method
  for (const rule of table) {
    if (rule.method !== m) continue
    const params = segmentsMatch(rule.path, path)
    if (params) return { rule, params, listed: true }
  }
  const write = WRITE_METHODS.has(m)
  return { rule: { method: m as RouteRule['method'], path, access: write ? 'planner' : 'read', heavy: true }, params: {}, listed: false }
}

/** The access a request needs, after the rule's per-request lowering. */
export function accessFor(rule: RouteRule, req: Request, params: Record<string, string>): Access {
  if (!rule.lower) return rule.access
  const probe = Object.assign(Object.create(req), { params }) as Request
  return rule.lower.when(probe) ? rule.lower.access : rule.access
}

/** Every route an API router mounts (method and path), for the route-table test and the OpenAPI document. */
export function mountedRoutes(router: Router): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = []
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [m, on] of Object.entries(layer.route.methods ?? {})) if (on && m !== '_all') out.push({ method: m.toUpperCase(), path: String(layer.route.path) })
      } else if (layer.handle?.stack) walk(layer.handle.stack)
    }
  }
  walk((router as unknown as { stack: any[] }).stack)
  return out
}
