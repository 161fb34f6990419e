/**
 * Property-based tests of every query and body schema, through the HTTP API on each backend:
 * random parameter values (wrong types, hex, empty, repeated, huge and tiny numbers, NaN,
 * `__proto__` and `constructor` as names or values, long and non-ASCII text) and random JSON
 * bodies (deep nesting, `__proto__` keys) → an answer or a 4xx naming a field, never a 5xx, and the
 * server keeps answering. Every schema also parses anything at all without throwing.
 */
import fc from 'fast-check'
import * as h3 from 'h3-js'
import { beforeAll, describe, expect, it } from 'vitest'
import * as analysis from '../../server/src/contract/analysis'
import * as clusters from '../../server/src/contract/clusters'
import * as geodata from '../../server/src/contract/geodata'
import * as planning from '../../server/src/contract/planning'
import * as tiles from '../../server/src/contract/tiles'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { caseCounter, expectCleanRefusal, runs } from './support'

const count = caseCounter('queries')

/** Parameter values: plausible ones (so that some requests succeed) and hostile ones. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('kindergarten', 'walk', 'car', '5', '10', '15', '5,10', '121.5', '29.9', '1', '0', 'district', 'township', 'csv', 'json', '2sfca', 'minutes', 'score', 'covered', '10,20') },
  { weight: 3, arbitrary: fc.constantFrom('0x10', '', ' ', '-1', '1e309', '-1e309', 'NaN', 'Infinity', '1e-320', '9007199254740993', '__proto__', 'constructor', 'toString', '%00', '１０', '5,,10', ',', '1;2', '[]', '{}', 'null') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
)

const PARAMS: Record<string, string[]> = {
  '/api/coverage': ['type', 'area', 'level', 'mode', 'minutes', 'speedKmh', 'scenario'],
  '/api/cells': ['type', 'area', 'mode', 'minutes', 'speedKmh', 'scenario', 'format'],
  '/api/accessibility': ['type', 'area', 'level', 'method', 'cells', 'mode', 'minutes', 'speedKmh'],
  '/api/equity': ['type', 'area', 'level', 'measure', 'method', 'minutes'],
  '/api/compliance': ['area', 'level', 'mode', 'speedKmh', 'scenario'],
  '/api/isochrone': ['lng', 'lat', 'minutes', 'mode', 'speedKmh'],
  '/api/gaps': ['type', 'area', 'minPopulation', 'limit', 'minutes', 'scenario'],
  '/api/areas': ['level', 'parent', 'simplify'],
  '/api/facilities': ['type', 'status', 'area', 'scenario'],
  '/api/projects': ['year', 'domain'],
  '/api/indicators': ['area', 'year'],
  '/api/tiles/cells.json': ['type', 'mode', 'minutes', 'speedKmh', 'scenario', 'value'],
  '/api/tiles/cell': ['h3', 'lng', 'lat', 'res', 'type', 'value'],
  '/api/tiles/areas.json': ['level', 'simplify'],
  '/api/scenarios/1/compare': ['type', 'area', 'level', 'minutes'],
  '/api/clusters': ['area', 'plan'],
  '/api/clusters/analysis': ['area', 'plan', 'mode', 'speedKmh', 'overUsed', 'underUsed', 'metShare'],
  '/api/audit': ['actor', 'route', 'since', 'limit'],
}

describeEachBackend('query parameters: an answer or a 4xx, never a 5xx', (backend) => {
  const h = useServer(backend)
  beforeAll(async () => {
    const cells = h3.gridDisk(h3.latLngToCell(29.9, 121.5, 10), 2)
    const pop = 'h3,population,age_3_5\n' + cells.map((c) => `${c},20,5`).join('\n') + '\n'
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', pop)).status).toBe(200)
    expect((await h.s.admin.post('/api/import/facilities?filename=f.csv', 'id,type,lng,lat\nK1,kindergarten,121.5,29.9\n')).status).toBe(200)
    expect((await h.s.planner.post('/api/scenarios', { name: 'fuzz' })).status).toBe(201)
  })

  for (const [path, names] of Object.entries(PARAMS)) {
    it(path, async () => {
      const params = fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'x') }), value), { maxLength: 8 })
      await fc.assert(fc.asyncProperty(params, async (list) => {
        count(path)
        const qs = new URLSearchParams(list).toString()
        const r = await h.s.admin.get(`${path}?${qs}`)
        const what = `${path}?${qs.slice(0, 300)} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`
        expect(r.status, what).toBeLessThan(500)
        // 431: Node's HTTP parser refuses a request line beyond 16 KB (its header limit) before the app.
        if (r.status >= 400 && r.status !== 431) expectCleanRefusal(r.status, r.body, what)
        if (r.status === 431) expect(qs.length, what).toBeGreaterThan(8000)
      }), runs(path.startsWith('/api/tiles') || path === '/api/areas' ? 10 : 16))
      expect((await h.s.get('/api/health')).status).toBe(200)
    })
  }

  // Values as JSON text (deep ones are built as text: JSON.stringify and fast-check's reports recurse).
  const nested = (d: number, open: string, close: string) => open.repeat(d) + '1' + close.repeat(d)
  const json = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.integer({ min: 100, max: 5000 }).map((d) => nested(d, '{"a":', '}')),
    fc.integer({ min: 100, max: 5000 }).map((d) => nested(d, '[', ']')),
    fc.constantFrom('1e309', '-0', '9007199254740993', '"0x10"', '""', 'null', '{"__proto__":{"admin":true}}'),
  )
  const BODIES: [string, string, (v: string) => string][] = [
    ['POST', '/api/siting', (v) => `{"type":"kindergarten","k":${v}}`],
    ['POST', '/api/siting', (v) => `{"type":"kindergarten","k":1,"candidates":${v}}`],
    ['POST', '/api/scenarios', (v) => `{"name":${v}}`],
    ['POST', '/api/scenarios/1/changes', (v) => `{"op":"add","facility":${v}}`],
    ['POST', '/api/scenarios/1/changes', (v) => `{"op":${v},"facility":{"type":"kindergarten","lng":121.5,"lat":29.9}}`],
    ['PATCH', '/api/scenarios/1', (v) => `{"description":${v}}`],
    ['POST', '/api/indicators/no_such/values', (v) => `{"value":${v}}`],
    ['POST', '/api/clusters/suggest', (v) => `{"area":${v}}`],
    ['POST', '/api/clusters/plans', (v) => `{"name":"p","area":"x","clusters":${v}}`],
    ['POST', '/api/tokens', (v) => `{"name":${v},"role":"viewer"}`],
  ]
  it('JSON bodies of every write', async () => {
    const which = fc.integer({ min: 0, max: BODIES.length - 1 })
    await fc.assert(fc.asyncProperty(which, json, fc.boolean(), async (i, v, proto) => {
      const [method, path, body] = BODIES[i]
      count(`body ${method} ${path}`)
      let text = body(v)
      if (proto) text = text.replace(/^\{/, '{"__proto__":{"role":"admin","k":1},')
      const r = await fetch(h.s.url + path, { method, body: text, headers: { 'content-type': 'application/json', ...(await h.s.admin.auth()) } })
      const b = await r.json().catch(() => null)
      const what = `${method} ${path} ${text.slice(0, 200)} → ${r.status} ${JSON.stringify(b).slice(0, 300)}`
      expect(r.status, what).toBeLessThan(500)
      if (r.status >= 400) expectCleanRefusal(r.status, b, what)
      expect(({} as Record<string, unknown>).role, 'prototype pollution').toBeUndefined()
    }), runs(40))
    expect((await h.s.get('/api/health')).status).toBe(200)
  })
})

describe('every request schema parses anything without throwing', () => {
  const schemas = Object.entries({ ...analysis, ...clusters, ...geodata, ...planning, ...tiles }).filter(([, s]) => typeof (s as { safeParse?: unknown })?.safeParse === 'function')
  it(`${schemas.length} schemas × arbitrary input`, () => {
    expect(schemas.length).toBeGreaterThan(10)
    fc.assert(fc.property(fc.constantFrom(...schemas), fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 4 }), ([name, schema], input) => {
      count('schema')
      const r = (schema as { safeParse: (x: unknown) => { success: boolean; error?: { issues: unknown[] } } }).safeParse(input)
      if (!r.success) expect(r.error!.issues.length, name).toBeGreaterThan(0)
    }), runs(400))
  })
})
