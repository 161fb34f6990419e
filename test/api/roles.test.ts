import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { AuditEntry, TokenSummary } from '../../server/src/contract/auth'
import { ROUTE_TABLE, mountedRoutes, ruleFor } from '../../server/src/http/roles'
import { describeEachBackend } from '../support/db'
import { testClient, useServer } from '../support/server'

const fixture = (rel: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures', rel))
const concrete = (p: string) => `/api${p.replace(/:[a-zA-Z]+/g, '1')}`
const areasFile = JSON.stringify({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { code: 'D1', name: '试验区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [[[121.45, 29.85], [121.6, 29.85], [121.6, 29.97], [121.45, 29.97], [121.45, 29.85]]] } }],
})
const auditRows = async (h: { s: { admin: { get(p: string): Promise<{ body: any }> } } }) => (await h.s.admin.get('/api/audit?limit=1000')).body as AuditEntry[]

describeEachBackend('roles, tokens and the audit log', (backend) => {
  const h = useServer(backend)

  it('the route table lists every route the app mounts, and nothing else', () => {
    const mounted = mountedRoutes(h.s.app.locals.api).map((r) => `${r.method} ${r.path}`).sort()
    const table = ROUTE_TABLE.map((r) => `${r.method} ${r.path}`).sort()
    expect(mounted).toEqual(table)
  })

  it('an unlisted route is safe by default: writes need a planner, reads follow AUTH_READ', () => {
    expect(ruleFor('POST', '/clusters/plans')).toMatchObject({ listed: true, rule: { access: 'planner' } })
    expect(ruleFor('POST', '/reports/batch')).toMatchObject({ listed: false, rule: { access: 'planner' } })
    expect(ruleFor('DELETE', '/reports/7')).toMatchObject({ listed: false, rule: { access: 'planner' } })
    expect(ruleFor('GET', '/reports/archive')).toMatchObject({ listed: false, rule: { access: 'read' } })
    expect(ruleFor('GET', '/reports/coverage')).toMatchObject({ listed: true, rule: { access: 'read', heavy: true } })
    expect(ruleFor('POST', '/scenarios/12/changes')).toMatchObject({ listed: true, params: { id: '12' } })
  })

  it('refuses every write without a token (401, with WWW-Authenticate), even on routes that do not exist', async () => {
    const writes = ROUTE_TABLE.filter((r) => r.method !== 'GET')
    expect(writes.length).toBeGreaterThan(10)
    for (const r of writes) {
      const res = await fetch(h.s.url + concrete(r.path), { method: r.method, headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(res.status, `${r.method} ${r.path}`).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="circle15"')
      expect((await res.json()).error.code).toBe('unauthorized')
    }
    expect((await h.s.post('/api/clusters/plans', { name: 'x' })).status).toBe(401)
  })

  it("refuses a viewer's writes (403) and a planner's admin routes, naming the role needed", async () => {
    for (const r of ROUTE_TABLE.filter((x) => x.method !== 'GET')) {
      const res = await h.s.viewer[r.method === 'POST' ? 'post' : r.method === 'PATCH' ? 'patch' : 'delete'](concrete(r.path), {} as any)
      expect(res.status, `${r.method} ${r.path}`).toBe(403)
    }
    const imp = await h.s.planner.post('/api/import/areas?filename=a.geojson', areasFile)
    expect(imp.status).toBe(403)
    expect(imp.body.error.message).toBe('POST /import/:kind needs role admin; the token "test-planner" has role planner')
    expect((await h.s.planner.get('/api/tokens')).status).toBe(403)
    expect((await h.s.planner.get('/api/audit')).status).toBe(403)
    expect((await h.s.planner.post('/api/import/projects?mode=replace&filename=p.csv', 'id,name,domain,investment\nP1,x,health,1\n')).status).toBe(403)
  })

  it("an admin's import and a planner's scenario edit succeed, each audited with the token's name; x-actor is ignored", async () => {
    const imp = await h.s.admin.post('/api/import/areas?filename=a.geojson', areasFile, { 'x-actor': 'mayor' })
    expect(imp.status).toBe(200)
    const sc = await h.s.planner.post('/api/scenarios', { name: '审计' }, { 'x-actor': 'mayor' })
    expect(sc.status).toBe(201)
    const change = await h.s.planner.post(`/api/scenarios/${sc.body.id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng: 121.5, lat: 29.9, name: '新园' } })
    expect(change.status).toBe(200)
    const rename = await h.s.planner.patch(`/api/scenarios/${sc.body.id}`, { name: '审计 2' })
    expect(rename.status).toBe(200)
    const projects = await h.s.planner.post('/api/import/projects?filename=p.csv', 'id,name,domain,investment\nP1,新建幼儿园,education,1.5\n')
    expect(projects.status).toBe(200)

    expect((await h.s.get('/api/import-batches')).body.map((b: any) => b.actor)).toEqual(['test-planner', 'test-admin'])
    const detail = (await h.s.get(`/api/scenarios/${sc.body.id}`)).body
    expect(detail.actor).toBe('test-planner')
    expect(detail.changes[0].actor).toBe('test-planner')

    const rows = await auditRows(h)
    for (const r of rows) AuditEntry.parse(r)
    const mine = rows.filter((r) => r.actor !== 'mayor').reverse()
    expect(rows.some((r) => r.actor === 'mayor')).toBe(false)
    expect(mine.map((r) => [r.actor, r.route, r.object])).toEqual([
      ['test-admin', 'POST /api/import/:kind', 'areas layer'],
      ['test-planner', 'POST /api/scenarios', `scenario ${sc.body.id}`],
      ['test-planner', 'POST /api/scenarios/:id/changes', `scenario ${sc.body.id}`],
      ['test-planner', 'PATCH /api/scenarios/:id', `scenario ${sc.body.id}`],
      ['test-planner', 'POST /api/import/:kind', 'projects layer'],
    ])
    expect(mine[0]).toMatchObject({ role: 'admin', status: 200, before: { rows: 0 }, after: { rows: 1, imported: 1, mode: 'append', file: 'a.geojson' } })
    expect(mine[2].after).toMatchObject({ change: change.body.change.id, op: 'add', type: 'kindergarten', lng: 121.5, lat: 29.9 })
    expect(mine[3]).toMatchObject({ before: { name: '审计' }, after: { name: '审计 2' } })
  })

  it('a refused or failing write leaves no audit row', async () => {
    const before = (await auditRows(h)).length
    expect((await h.s.post('/api/scenarios', { name: 'anonymous' })).status).toBe(401)
    expect((await h.s.viewer.post('/api/scenarios', { name: 'viewer' })).status).toBe(403)
    expect((await h.s.planner.post('/api/scenarios', { name: '' })).status).toBe(400)
    expect((await h.s.planner.post('/api/scenarios/999999/changes', { op: 'remove', facility: { id: 'X' } })).status).toBe(404)
    expect((await h.s.admin.post('/api/import/facilities?filename=f.csv', fixture('invalid/facilities-bad-capacity.csv'))).status).toBe(400)
    expect((await auditRows(h)).length).toBe(before)
  })

  it('tokens: an admin creates one (shown once), it works at once; revoked, it is refused', async () => {
    const created = await h.s.admin.post('/api/tokens', { name: '规划科 王工', role: 'planner' })
    expect(created.status).toBe(201)
    expect(created.body.token).toMatch(/^c15_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/)
    const wang = testClient(h.s.url, async () => created.body.token)
    expect((await wang.get('/api/auth/me')).body).toEqual({ name: '规划科 王工', role: 'planner', readAccess: 'anonymous' })
    expect((await wang.post('/api/scenarios', { name: '王工的情景' })).status).toBe(201)
    expect((await h.s.admin.post('/api/tokens', { name: '规划科 王工', role: 'viewer' })).status).toBe(409)

    const list = (await h.s.admin.get('/api/tokens')).body as TokenSummary[]
    for (const t of list) TokenSummary.parse(t)
    expect(JSON.stringify(list)).not.toContain(created.body.token.slice(-43))
    const row = list.find((t) => t.name === '规划科 王工')!
    expect(row.lastUsedAt).not.toBeNull()

    expect((await h.s.admin.delete(`/api/tokens/${row.id}`)).status).toBe(200)
    const refused = await wang.post('/api/scenarios', { name: 'after revocation' })
    expect(refused.status).toBe(401)
    expect(refused.body.error.message).toBe('this token was revoked')
    // The secret is stored only as a salted scrypt hash.
    const [stored] = await h.t.db.query('SELECT * FROM api_tokens WHERE id = $1', [row.id])
    expect(JSON.stringify(stored)).not.toContain(created.body.token.slice(-43))
    const audit = (await auditRows(h)).filter((r) => r.route.includes('/tokens'))
    expect(audit.map((r) => [r.route, r.object])).toEqual([['DELETE /api/tokens/:id', `token ${row.id}`], ['POST /api/tokens', `token ${row.id}`]])
    expect(JSON.stringify(audit)).not.toContain(created.body.token.slice(-43))
  })

  it('a malformed, unknown or tampered token is a 401 even on a read', async () => {
    const good = await h.s.tokenOf('viewer')
    const tampered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A')
    for (const header of ['Bearer nope', 'Basic dXNlcjpwdw==', `Bearer ${tampered}`, `Bearer c15_0123456789abcdef_${'x'.repeat(43)}`]) {
      const r = await h.s.get('/api/facility-types', { authorization: header })
      expect(r.status, header).toBe(401)
    }
    expect((await h.s.get('/api/facility-types', { authorization: `Bearer ${good}` })).status).toBe(200)
    expect((await h.s.get('/api/auth/me')).body).toEqual({ name: null, role: null, readAccess: 'anonymous' })
  })
})

describeEachBackend('AUTH_READ=token', (backend) => {
  const h = useServer(backend, { AUTH_READ: 'token' })
  it('reads need a token of any role; health and whoami stay public', async () => {
    const r = await h.s.get('/api/facility-types')
    expect(r.status).toBe(401)
    expect(r.body.error.message).toContain('AUTH_READ=token')
    expect((await h.s.get('/api/tiles/cells.json?type=kindergarten')).status).toBe(401)
    expect((await h.s.viewer.get('/api/facility-types')).status).toBe(200)
    expect((await h.s.get('/api/health')).status).toBe(200)
    expect((await h.s.get('/api/auth/me')).body.readAccess).toBe('token')
  })
})

describeEachBackend('failed authentication is rate limited per IP', (backend) => {
  const h = useServer(backend, { RATE_AUTH_FAILURES_PER_MIN: '5' })
  it('after 5 wrong tokens in a minute, even a good token from that IP waits (429, Retry-After)', async () => {
    for (let i = 0; i < 5; i++) expect((await h.s.get('/api/facility-types', { authorization: 'Bearer wrong' })).status).toBe(401)
    const blocked = await h.s.viewer.get('/api/facility-types')
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await h.s.get('/api/facility-types')).status).toBe(200) // no token: not an authentication attempt
  })
})
