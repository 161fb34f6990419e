import { z } from 'zod'
import { API_ROUTES, type RouteContract } from '../contract/api'
import { ErrorResponse } from '../contract/errors'
import { ROUTE_TABLE, type Access, type RouteRule } from './roles'

/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas of contract/api.ts (via
 * zod's own JSON Schema output, draft 2020-12, which OpenAPI 3.1 uses as is) and the role each
 * route needs from the route table (roles.ts). Built from the routes the router mounts, so a route
 * added without a contract entry still appears, marked `x-circle15-undocumented`.
 */

type Json = Record<string, unknown>
export interface MountedRoute { method: string; path: string }

/** A zod schema as a JSON Schema object fit to embed (requests as clients send them, answers as sent). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json
  return rest
}

const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'invalid query, path or body (`invalid_request`, `invalid_json`, `invalid_records`, …): every bad field named' },
  '401': { name: 'Unauthorized', description: 'no valid token (`unauthorized`, with `WWW-Authenticate: Bearer`)' },
  '403': { name: 'Forbidden', description: "the token's role is too low (`forbidden`; the message names the role needed)" },
  '404': { name: 'NotFound', description: 'no such object (`not_found`)' },
  '413': { name: 'PayloadTooLarge', description: 'the body is larger than the setting allows (`payload_too_large`)' },
  '422': { name: 'LimitExceeded', description: 'more work than a setting allows (`limit_exceeded`; the message names the setting)' },
  '429': { name: 'RateLimited', description: 'too many requests (`rate_limited`, with `Retry-After`)' },
  '503': { name: 'Unavailable', description: 'not answered in time or the database is unreachable (`timeout`, `database_unavailable`; with `Retry-After`)' },
}

const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
const pathParams = (p: string) => [...p.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])
const operationId = (method: string, p: string) =>
  method.toLowerCase() + p.split(/[^A-Za-z0-9]+/).filter(Boolean).map((s) => s[0].toUpperCase() + s.slice(1)).join('')

function accessText(rule: RouteRule | undefined): string {
  if (!rule) return 'Not in the route table: GET needs `read`, any other method `planner`.'
  const base: Record<Access, string> = {
    public: 'Public: no token needed.',
    read: 'Read: anonymous unless the server runs with `AUTH_READ=token`, then a token of any role.',
    viewer: 'Needs a token of role `viewer` or higher.',
    planner: 'Needs a token of role `planner` or higher.',
    admin: 'Needs a token of role `admin`.',
  }
  return rule.lower ? `${base[rule.access]} Lower for some requests: ${rule.lower.note}.` : base[rule.access]
}

function securityOf(access: Access): Json[] {
  if (access === 'public') return []
  if (access === 'read') return [{}, { bearer: [] }]
  return [{ bearer: [] }]
}

function parameters(path: string, c: RouteContract | undefined): Json[] {
  const out: Json[] = pathParams(path).map((name) => ({ name, in: 'path', required: true, schema: c?.params?.[name] ? jsonSchemaOf(c.params[name], 'input') : { type: 'string' } }))
  const queries = c?.query === undefined ? [] : Array.isArray(c.query) ? c.query : [c.query]
  for (const q of queries) {
    const s = jsonSchemaOf(q, 'input') as { properties?: Record<string, Json>; required?: string[] }
    for (const [name, schema] of Object.entries(s.properties ?? {})) {
      if (out.some((p) => p.name === name && p.in === 'query')) continue
      out.push({ name, in: 'query', required: s.required?.includes(name) ?? false, schema, ...(typeof schema.description === 'string' ? { description: schema.description } : {}) })
    }
  }
  return out
}

function operation(route: MountedRoute, c: RouteContract | undefined, rule: RouteRule | undefined): Json {
  const access: Access = rule?.access ?? (route.method === 'GET' ? 'read' : 'planner')
  const op: Json = {
    operationId: operationId(route.method, route.path),
    summary: c?.summary ?? `${route.method} ${route.path}`,
    description: accessText(rule),
    tags: [c?.tag ?? 'undocumented'],
    security: securityOf(access),
    'x-circle15-access': access,
  }
  if (rule?.lower) op['x-circle15-access-lower'] = { access: rule.lower.access, when: rule.lower.note }
  if (rule?.heavy) op['x-circle15-heavy'] = true
  if (!c) op['x-circle15-undocumented'] = true
  const params = parameters(route.path, c)
  if (params.length) op.parameters = params
  if (c?.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchemaOf(c.body, 'input') } } }
  if (c?.upload) {
    const binary = { type: 'string', format: 'binary' }
    op.requestBody = {
      required: true,
      description: 'the file: the raw body (with `filename=` in the query), or the multipart field `file`',
      content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: binary }, required: ['file'] } }, 'application/octet-stream': { schema: binary } },
    }
  }
  const responses: Json = {}
  if (c) {
    const { status, schema, contentType, description } = c.response
    const content: Json = {}
    if (schema) content['application/json'] = { schema: jsonSchemaOf(schema, 'output') }
    else if (contentType) content[contentType] = { schema: { type: 'string', format: 'binary' } }
    for (const alt of c.alternatives ?? []) content[alt.contentType] = { schema: { type: 'string', description: alt.description } }
    responses[String(status)] = { description: description ?? 'success', ...(Object.keys(content).length ? { content } : {}) }
  } else {
    responses.default = { description: 'not described in contract/api.ts' }
  }
  const errors = new Set<string>(['503'])
  if (params.length || c?.body || c?.upload) errors.add('400')
  if (access !== 'public') errors.add('401')
  if (access !== 'public' && access !== 'read') errors.add('403')
  if (c?.params && 'id' in c.params) errors.add('404')
  if (c?.body || c?.upload) errors.add('413')
  if (rule?.heavy) errors.add('422').add('429')
  for (const s of [...errors].sort()) responses[s] = { $ref: `#/components/responses/${ERROR_RESPONSES[s].name}` }
  op.responses = responses
  return op
}

/** The OpenAPI document of the mounted routes (method and Express path under /api). */
export function openApiDocument(mounted: MountedRoute[], info: { version: string }): Json {
  const paths: Record<string, Json> = {}
  for (const route of mounted) {
    const key = `${route.method} ${route.path}`
    const rule = ROUTE_TABLE.find((r) => r.method === route.method && r.path === route.path)
    const item = (paths[openApiPath(route.path)] ??= {})
    item[route.method.toLowerCase()] = operation(route, API_ROUTES[key], rule)
  }
  const responses: Json = {}
  for (const { name, description } of Object.values(ERROR_RESPONSES)) {
    responses[name] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'circle15 API',
      version: info.version,
      description: 'The public contract is docs/API.md; this document is generated from the zod schemas in server/src/contract and the route table of roles (server/src/http/roles.ts).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/api' }],
    tags: [...new Set(Object.values(API_ROUTES).map((c) => c.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ErrorResponse: jsonSchemaOf(ErrorResponse, 'output') },
      responses,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API token `c15_…` (`npm run token -- create --role …`)' } },
    },
  }
}
