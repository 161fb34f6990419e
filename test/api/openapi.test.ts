import { compileErrors, dereference, validate } from '@readme/openapi-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { ROUTE_TABLE, mountedRoutes } from '../../server/src/http/roles'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: any }
/** The validator's verdict on a copy (it dereferences in place). */
const validOpenApi = (d: unknown) => validate(structuredClone(d) as Parameters<typeof validate>[0])
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

/** The published JSON schema of an operation's success answer, with every $ref resolved. */
function answerSchema(doc: Doc, method: string, path: string, status = '200') {
  const op = doc.paths[path]?.[method]
  expect(op, `${method} ${path}`).toBeDefined()
  return op.responses[status].content['application/json'].schema
}
function check(schema: object, value: unknown): string[] {
  const v = ajv.compile(schema)
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}

/**
 * After seconds of synchronous work (dereferencing, validating) both ends' keep-alive timers may be
 * overdue; let them run before the next request (seen once under load: ECONNRESET on the request
 * after the validation, likely a pooled socket the server was closing).
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

// One district, three populated cells and a kindergarten at one of them (straight-line travel).
const cell = h3.latLngToCell(29.9, 121.5, 10)
const [far] = h3.gridRingUnsafe(cell, 20)
const [lat, lng] = h3.cellToLatLng(cell)

describeEachBackend('GET /api/openapi.json', (backend) => {
  const h = useServer(backend)
  let raw: Doc
  let doc: Doc
  beforeAll(async () => {
    const ring = [[121.45, 29.85], [121.6, 29.85], [121.6, 29.97], [121.45, 29.97], [121.45, 29.85]]
    const areas = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'D1', name: '试验区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    const csv = `h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n${cell},90,0,30,0,0,60,0\n${far},30,0,10,0,0,20,0\n`
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', csv)).status).toBe(200)
    const fac = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'K1', name: '一幼', type: 'kindergarten', capacity: 100 }, geometry: { type: 'Point', coordinates: [lng, lat] } }] }
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify(fac))).status).toBe(200)
    const r = await h.s.get('/api/openapi.json')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    raw = r.body
    doc = (await dereference(structuredClone(r.body) as Parameters<typeof dereference>[0])) as unknown as Doc
    await settle()
  })

  it('is a valid OpenAPI 3.1 document (checked by @readme/openapi-parser)', async () => {
    expect(raw.openapi).toBe('3.1.0')
    const result = await validOpenApi(raw)
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true)
    // The validator does look: a response without its description, or a duplicate operationId, is refused.
    const broken = structuredClone(raw)
    delete broken.paths['/health'].get.responses['200'].description
    expect((await validOpenApi(broken)).valid).toBe(false)
    const twice = structuredClone(raw)
    twice.paths['/modes'].get.operationId = twice.paths['/domains'].get.operationId
    expect((await validOpenApi(twice)).valid).toBe(false)
    await settle()
  })

  it('has one operation for every route the router mounts, each described by a contract entry', () => {
    const mounted = mountedRoutes(h.s.app.locals.api)
    expect(mounted.length).toBeGreaterThan(45)
    const documented = Object.entries(raw.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`)).sort()
    expect(documented).toEqual(mounted.map((r) => `${r.method} ${openApiPath(r.path)}`).sort())
    const undocumented = mounted.filter((r) => raw.paths[openApiPath(r.path)][r.method.toLowerCase()]['x-circle15-undocumented'])
    expect(undocumented, 'add these to server/src/contract/api.ts').toEqual([])
    for (const r of mounted) {
      const op = raw.paths[openApiPath(r.path)][r.method.toLowerCase()]
      const names = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])
      expect((op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name), `${r.method} ${r.path}`).toEqual(names)
      expect(op.responses, `${r.method} ${r.path}`).toSatisfy((x: object) => Object.keys(x).some((s) => /^2\d\d$/.test(s)))
    }
  })

  it('names the role of every route as the route table has it, with the matching security requirement', () => {
    const expected = { public: [], read: [{}, { bearer: [] }], viewer: [{ bearer: [] }], planner: [{ bearer: [] }], admin: [{ bearer: [] }] }
    for (const rule of ROUTE_TABLE) {
      const op = raw.paths[openApiPath(rule.path)]?.[rule.method.toLowerCase()]
      expect(op, `${rule.method} ${rule.path}`).toBeDefined()
      expect(op['x-circle15-access'], `${rule.method} ${rule.path}`).toBe(rule.access)
      expect(op.security, `${rule.method} ${rule.path}`).toEqual(expected[rule.access])
    }
    const spot = (m: string, p: string) => raw.paths[p][m]['x-circle15-access']
    expect([spot('get', '/health'), spot('get', '/coverage'), spot('post', '/scenarios'), spot('post', '/tokens'), spot('get', '/openapi.json')]).toEqual(['public', 'read', 'planner', 'admin', 'read'])
    expect(raw.paths['/import/{kind}'].post['x-circle15-access-lower']).toEqual({ access: 'planner', when: 'projects with mode=append: planner' })
    expect(raw.paths['/scenarios/{id}'].delete.responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' })
    expect(raw.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('publishes request schemas from the zod contract: parameters with their types, bounds and defaults', () => {
    const params = Object.fromEntries(doc.paths['/coverage'].get.parameters.map((p: any) => [p.name, p]))
    expect(params.type).toMatchObject({ in: 'query', required: true, schema: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } })
    expect(params.minutes.required).toBe(false)
    const siting = doc.paths['/siting'].post.requestBody.content['application/json'].schema
    expect(siting.properties.k).toMatchObject({ type: 'integer', minimum: 1, maximum: 10_000 })
    expect(siting.properties.minutes).toMatchObject({ type: 'number', exclusiveMinimum: 0, maximum: 180 })
    expect(siting.required).toEqual(['type', 'k'])
    expect(params.level.schema.enum).toEqual(['city', 'district', 'township', 'community', 'cluster'])
    const iso = Object.fromEntries(doc.paths['/isochrone'].get.parameters.map((p: any) => [p.name, p]))
    expect(iso.minutes.schema).toMatchObject({ type: 'string', default: '5,10,15' })
    const body = doc.paths['/scenarios/{id}/changes'].post.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['op', 'facility'])
    expect(body.properties.op.enum).toEqual(['add', 'move', 'remove', 'resize'])
    expect(doc.paths['/import/{kind}'].post.parameters[0].schema.enum).toEqual(['areas', 'facilities', 'population', 'roads', 'projects'])
    expect(Object.keys(doc.paths['/import/{kind}'].post.requestBody.content)).toEqual(['multipart/form-data', 'application/octet-stream'])
  })

  it('real answers of the API validate against their published schemas; a wrong one does not', async () => {
    const coverage = await h.s.get('/api/coverage?type=kindergarten&level=district&minutes=10')
    expect(coverage.status).toBe(200)
    const coverageSchema = answerSchema(doc, 'get', '/coverage')
    expect(check(coverageSchema, coverage.body)).toEqual([])
    expect(coverage.body.total).toMatchObject({ targetPopulation: 40, coveredPopulation: 30 })
    // The schema is not vacuous: a rate above 1, a missing field or an extra one is refused.
    expect(check(coverageSchema, { ...coverage.body, total: { ...coverage.body.total, rate: 1.5 } })).not.toEqual([])
    const { areas: _a, ...noAreas } = coverage.body
    expect(check(coverageSchema, noAreas)).not.toEqual([])
    expect(check(coverageSchema, { ...coverage.body, extra: 1 })).not.toEqual([])

    const facilities = await h.s.get('/api/facilities?type=kindergarten')
    expect(facilities.body.features.map((f: any) => f.id)).toEqual(['K1'])
    expect(check(answerSchema(doc, 'get', '/facilities'), facilities.body)).toEqual([])
    const areas = await h.s.get('/api/areas?level=district')
    expect(check(answerSchema(doc, 'get', '/areas'), areas.body)).toEqual([])
    for (const p of ['/health', '/facility-types', '/modes', '/domains', '/import-batches', '/auth/me']) {
      expect(check(answerSchema(doc, 'get', p), (await h.s.get(`/api${p}`)).body), p).toEqual([])
    }
    const created = await h.s.planner.post('/api/scenarios', { name: '文档' })
    expect(check(answerSchema(doc, 'post', '/scenarios', '201'), created.body)).toEqual([])
    const change = await h.s.planner.post(`/api/scenarios/${created.body.id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng: h3.cellToLatLng(far)[1], lat: h3.cellToLatLng(far)[0] } })
    expect(change.status).toBe(200)
    expect(check(answerSchema(doc, 'post', '/scenarios/{id}/changes'), change.body)).toEqual([])
    expect(check(answerSchema(doc, 'get', '/scenarios/{id}'), (await h.s.get(`/api/scenarios/${created.body.id}`)).body)).toEqual([])
  })

  it('error answers match the published error schema', async () => {
    const bad = await h.s.get('/api/coverage?type=Kindergarten')
    expect(bad.status).toBe(400)
    const schema = doc.paths['/coverage'].get.responses['400'].content['application/json'].schema
    expect(check(schema, bad.body)).toEqual([])
    expect(bad.body.error.details[0].field).toBe('type')
    const anonymous = await h.s.post('/api/scenarios', { name: 'x' })
    expect(anonymous.status).toBe(401)
    expect(check(doc.paths['/scenarios'].post.responses['401'].content['application/json'].schema, anonymous.body)).toEqual([])
  })
})
