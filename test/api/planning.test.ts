import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { z } from 'zod'
import {
  AccessibilityResponse, AreasResponse, CellInfo, CellsResponse, CellTileJson, ComplianceResponse, ChangeResponse, CompareResponse, CoverageResponse, EquityResponse, FacilitiesResponse, GapsResponse, IndicatorsResponse,
  IsochroneResponse, ProjectsResponse, ScenarioDetail, ScenarioSummary, SitingResponse, StreetTileJson,
} from '../../server/src/contract/responses'
import { describeEachBackend } from '../support/db'
import { startTestServer, useServer } from '../support/server'
import { loadIndicatorsFile } from '../../server/src/services/planning/indicators'

// Hand-made planning case, straight-line travel (no streets: distance × 1.3 at 4 km/h, so the
// 5-minute kindergarten threshold is 256 m of straight line). Neighbouring res-10 centroids are
// ~130 m apart; the clusters below are kilometres apart.
const LAT0 = 29.9
const LNG0 = 121.5
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180
const cellAt = (eastM: number, northM: number) =>
  h3.latLngToCell(LAT0 + northM / M_PER_DEG, LNG0 + eastM / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)), 10)
const centroid = (cell: string): [number, number] => {
  const [lat, lng] = h3.cellToLatLng(cell)
  return [lng, lat]
}

const c0 = cellAt(0, 0) // served by kindergarten K at its centroid
const a0 = cellAt(2000, 0) // cluster A: a0 and two cells adjacent to it and to each other
const a1 = h3.gridDisk(a0, 1).find((c) => c !== a0)!
const a2 = h3.gridDisk(a0, 1).find((c) => c !== a0 && c !== a1 && h3.gridDisk(a1, 1).includes(c))!
const b0 = cellAt(0, 4000) // cluster B: one cell
const kids: Record<string, number> = { [c0]: 40, [a0]: 10, [a1]: 20, [a2]: 30, [b0]: 5 }

describeEachBackend('the planning loop on a hand-made case', (backend) => {
  const h = useServer(backend)
  beforeAll(async () => {
    const ring = [[121.45, 29.85], [121.6, 29.85], [121.6, 29.97], [121.45, 29.97], [121.45, 29.85]]
    const areas = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'D1', name: '试验区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    const csv = 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' +
      Object.entries(kids).map(([c, k]) => `${c},${k * 3},0,${k},0,0,${k * 2},0`).join('\n')
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', csv)).status).toBe(200)
    const fac = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'K', type: 'kindergarten', capacity: 100 }, geometry: { type: 'Point', coordinates: centroid(c0) } },
        { type: 'Feature', properties: { id: 'PLAN-B', type: 'kindergarten', capacity: 60, status: 'planned' }, geometry: { type: 'Point', coordinates: centroid(b0) } },
        { type: 'Feature', properties: { id: 'TY', type: 'childcare', capacity: 12 }, geometry: { type: 'Point', coordinates: centroid(c0) } },
      ],
    }
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify(fac))).status).toBe(200)
    const projects = 'id,name,domain,investment,status,year,facility_ids\nP1,北片幼儿园,education,0.5,new,2024,PLAN-B\nP2,无设施项目,health,1.2,new,2024,\n'
    expect((await h.s.admin.post('/api/import/projects?filename=p.csv', projects)).status).toBe(200)
  })

  it('finds the two gap clusters, ranked by unserved children, and drops the small one on request', async () => {
    const r = await h.s.get('/api/gaps?type=kindergarten')
    expect(r.status).toBe(200)
    expect(r.body.features.map((f: any) => [f.properties.rank, f.properties.targetPopulation, f.properties.cells])).toEqual([[1, 60, 3], [2, 5, 1]])
    const a = r.body.features[0].properties
    expect(a.population).toBe(180)
    expect(a.district).toEqual({ code: 'D1', name: '试验区' })
    expect(a.area).toBeCloseTo(h3.cellArea(a0, 'km2') + h3.cellArea(a1, 'km2') + h3.cellArea(a2, 'km2'), 9)
    // The nearest kindergarten is K, ~2 km west: about 2,000 × 1.3 / 66.7 ≈ 39 minutes.
    expect(a.nearestMinutes.min).toBeGreaterThan(35)
    expect(a.nearestMinutes.min).toBeLessThan(42)
    expect(r.body.features[0].geometry.type).toBe('MultiPolygon')
    const big = await h.s.get('/api/gaps?type=kindergarten&minPopulation=10')
    expect(big.body.features).toHaveLength(1)
  })

  it('suggests the two sites a planner would pick, in order, and turns them into a scenario', async () => {
    const r = await h.s.planner.post('/api/siting', { type: 'kindergarten', k: 3 })
    expect(r.status).toBe(200)
    expect(r.body.coveredBefore).toBe(40)
    expect(r.body.sites.map((x: any) => x.gain)).toEqual([60, 5])
    expect(r.body.coveredAfter).toBe(105)
    const sc = await h.s.planner.post('/api/siting/scenario', { type: 'kindergarten', k: 2, name: '选址方案' })
    expect(sc.status).toBe(201)
    const cmp = await h.s.get(`/api/scenarios/${sc.body.id}/compare?type=kindergarten`)
    expect(cmp.body.total).toMatchObject({ targetPopulation: 105, baselineCovered: 40, scenarioCovered: 105, coveredGain: 65 })
    expect((await h.s.get('/api/coverage?type=kindergarten')).body.total.coveredPopulation).toBe(40) // the baseline is untouched
  })

  it("a scenario's equity and accessibility answer in a server that never edited it, equal to the editing server's", async () => {
    // The editing server: its own process state, closed (pending results flushed) before the next.
    const editor = await startTestServer(h.t.db)
    const { body: { id } } = await editor.planner.post('/api/scenarios', { name: '另一进程读取' })
    const add = await editor.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'FRESH', type: 'kindergarten', lng: centroid(a0)[0], lat: centroid(a0)[1], capacity: 90 } })
    expect(add.status).toBe(200)
    const routes = [`/api/coverage?type=kindergarten&scenario=${id}`, `/api/equity?type=kindergarten&scenario=${id}`, `/api/accessibility?type=kindergarten&scenario=${id}`]
    const edited = []
    for (const r of routes) edited.push(await editor.get(r))
    await editor.close()
    // A restart: no field of the scenario in memory, so every route rebuilds it from the stored
    // changes. (This does not reproduce the reports track's "needs a live field" failure, which
    // needed a process that had read the scenario without a live field first; see the issue note.)
    const fresh = await startTestServer(h.t.db)
    try {
      for (const [k, r] of routes.entries()) {
        const answer = await fresh.get(r)
        expect(answer.status, r).toBe(200)
        expect(answer.body, r).toEqual(edited[k].body)
      }
    } finally {
      await fresh.close()
    }
    // The scenario is really applied: its 2SFCA scores differ from the baseline's.
    expect(edited[2].body).not.toEqual((await h.s.get('/api/accessibility?type=kindergarten')).body)
  })

  it('adds, moves and removes a facility with exact deltas, and add-then-remove returns to the baseline', async () => {
    const baseline = (await h.s.get('/api/cells?type=kindergarten')).body
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: '新增幼儿园' })
    const add = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'NEW', type: 'kindergarten', lng: centroid(a0)[0], lat: centroid(a0)[1], capacity: 90 } })
    expect(add.status).toBe(200)
    expect(add.body.delta).toEqual([{ type: 'kindergarten', coveredGain: 60, areas: [{ code: 'D1', name: '试验区', coveredGain: 60 }], mode: 'walk', minutes: 5 }])
    expect((await h.s.get(`/api/coverage?type=kindergarten&scenario=${id}`)).body.total.coveredPopulation).toBe(100)
    const scenarioCells = (await h.s.get(`/api/cells?type=kindergarten&scenario=${id}`)).body
    expect(scenarioCells.find((c: any) => c.h3 === a0)).toMatchObject({ minutes: 0, nearest: 'NEW' })

    const move = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'move', facility: { id: 'NEW', lng: centroid(b0)[0], lat: centroid(b0)[1] } })
    expect(move.body.delta[0].coveredGain).toBe(5 - 60)
    const remove = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'remove', facility: { id: 'NEW' } })
    expect(remove.body.delta[0].coveredGain).toBe(-5)
    // Every cell is back to its baseline minutes and nearest facility, exactly.
    expect((await h.s.get(`/api/cells?type=kindergarten&scenario=${id}`)).body).toEqual(baseline)
    const sc = await h.s.get(`/api/scenarios/${id}`)
    expect(sc.body.changes.map((c: any) => c.op)).toEqual(['add', 'move', 'remove'])
  })

  it('switches a planned facility on, removes an existing one, and undoes a change', async () => {
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: '规划启用' })
    const on = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'PLAN-B' } })
    expect(on.body.change).toMatchObject({ op: 'add', facilityId: 'PLAN-B', type: 'kindergarten', capacity: 60 })
    expect(on.body.delta[0].coveredGain).toBe(5)
    const off = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'remove', facility: { id: 'K' } })
    expect(off.body.delta[0].coveredGain).toBe(-40)
    expect((await h.s.get(`/api/coverage?type=kindergarten&scenario=${id}`)).body.total.coveredPopulation).toBe(5)
    const facilities = await h.s.get(`/api/facilities?type=kindergarten&scenario=${id}`)
    expect(facilities.body.features.map((f: any) => f.properties.id).sort()).toEqual(['PLAN-B'])
    expect((await h.s.planner.delete(`/api/scenarios/${id}/changes/${off.body.change.id}`)).status).toBe(204)
    expect((await h.s.get(`/api/coverage?type=kindergarten&scenario=${id}`)).body.total.coveredPopulation).toBe(45)
  })

  it('resizes capacity: coverage unchanged, 2SFCA scores follow', async () => {
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: '扩容' })
    const before = await h.s.get(`/api/accessibility?type=kindergarten&scenario=${id}`)
    expect(before.body.cells.find((c: any) => c.h3 === c0).score).toBeCloseTo(100 / 40, 12)
    const r = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'resize', facility: { id: 'K', capacity: 200 } })
    expect(r.body.delta[0].coveredGain).toBe(0)
    const after = await h.s.get(`/api/accessibility?type=kindergarten&scenario=${id}`)
    expect(after.body.cells.find((c: any) => c.h3 === c0).score).toBeCloseTo(200 / 40, 12)
    const base = await h.s.get('/api/accessibility?type=kindergarten')
    expect(base.body.cells.find((c: any) => c.h3 === c0).score).toBeCloseTo(100 / 40, 12)
  })

  it('refuses impossible changes with the field at fault', async () => {
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: '错误' })
    const noType = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { lng: 121.5, lat: 29.9 } })
    expect(noType.status).toBe(400)
    expect(noType.body.error.details[0].field).toBe('facility.type')
    const ghost = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'remove', facility: { id: 'NOPE' } })
    expect(ghost.status).toBe(404)
    const dup = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'K', type: 'kindergarten', lng: 121.5, lat: 29.9 } })
    expect(dup.status).toBe(409)
    const badOp = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'teleport', facility: {} })
    expect(badOp.status).toBe(400)
    expect(badOp.body.error.details[0].field).toBe('op')
    expect((await h.s.get('/api/scenarios/99999')).status).toBe(404)
    expect((await h.s.get('/api/coverage?type=kindergarten&scenario=99999')).status).toBe(404)
  })

  it('lists, renames and deletes scenarios', async () => {
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: '临时' })
    const renamed = await h.s.planner.patch(`/api/scenarios/${id}`, { name: '改名' })
    expect(renamed.body.name).toBe('改名')
    expect((await h.s.get('/api/scenarios')).body.map((x: any) => x.name)).toContain('改名')
    expect((await h.s.planner.delete(`/api/scenarios/${id}`)).status).toBe(204)
    expect((await h.s.get(`/api/scenarios/${id}`)).status).toBe(404)
  })

  it("reports each project's newly covered children and the cost per child", async () => {
    const r = await h.s.get('/api/projects')
    const p1 = r.body.projects.find((p: any) => p.id === 'P1')
    expect(p1.newlyCovered).toEqual({ total: 5, byType: [{ type: 'kindergarten', targetGroup: 'age_3_5', gain: 5 }] })
    expect(p1.yuanPerResident).toBeCloseTo((0.5 * 1e8) / 5, 6)
    const p2 = r.body.projects.find((p: any) => p.id === 'P2')
    expect(p2.newlyCovered).toBeNull()
    expect(r.body.total).toMatchObject({ count: 2, investment: 1.7, newlyCovered: 5 })
    expect(r.body.portfolio.map((l: any) => [l.domain, l.count])).toEqual([['education', 1], ['health', 1]])
    // Measuring a project leaves the baseline exactly as it was.
    expect((await h.s.get('/api/coverage?type=kindergarten')).body.total.coveredPopulation).toBe(40)
  })

  it("computes childcare places per 1,000 residents and keeps hand-entered values with their history", async () => {
    const list = (await h.s.get('/api/indicators')).body
    expect(list).toHaveLength(loadIndicatorsFile().indicators.length)
    const i3 = list.find((i: any) => i.number === 3)
    const residents = Object.values(kids).reduce((a, k) => a + k * 3, 0) // 315
    expect(i3.value).toBeCloseTo((12 / residents) * 1000, 10) // 38.1 places per 1,000: well above 4.4
    expect(i3).toMatchObject({ valueSource: 'computed', status: 'met' })
    const first = await h.s.planner.post('/api/indicators/I04/values', { value: 60, year: 2024, note: '一季度' })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ value: 60, valueSource: 'manual', status: 'not_met' }) // target ≥ 63
    const second = await h.s.planner.post('/api/indicators/I04/values', { value: 65, year: 2024 })
    expect(second.body).toMatchObject({ value: 65, status: 'met' })
    expect(second.body.history.map((h: any) => h.value)).toEqual([60, 65])
    expect((await h.s.planner.post('/api/indicators/I99/values', { value: 1 })).status).toBe(404)
  })

  it('answers in the shape of the response contract that the web app reads (server/src/contract/responses.ts)', async () => {
    const parse = (schema: z.ZodType, body: unknown, route: string) => {
      const r = schema.safeParse(body)
      expect(r.success, `${route}: ${r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe(true)
    }
    parse(CoverageResponse, (await h.s.get('/api/coverage?type=kindergarten&level=district')).body, 'coverage')
    parse(CoverageResponse, (await h.s.get('/api/coverage?type=kindergarten&minutes=30')).body, 'coverage, 30 min')
    parse(EquityResponse, (await h.s.get('/api/equity?type=kindergarten')).body, 'equity, score')
    parse(EquityResponse, (await h.s.get('/api/equity?type=kindergarten&measure=minutes')).body, 'equity, minutes')
    const cells = (await h.s.get('/api/cells?type=kindergarten')).body
    expect(cells).toHaveLength(Object.keys(kids).length)
    parse(CellsResponse, cells, 'cells')
    for (const method of ['2sfca', 'g2sfca']) parse(AccessibilityResponse, (await h.s.get(`/api/accessibility?type=kindergarten&method=${method}&level=district`)).body, `accessibility ${method}`)
    parse(ComplianceResponse, (await h.s.get('/api/compliance?level=district')).body, 'compliance')
    const indicators = (await h.s.get('/api/indicators')).body
    expect(indicators.find((i: any) => i.code === 'I04').history).toHaveLength(2) // entered above: dates on the wire
    parse(IndicatorsResponse, indicators, 'indicators')
    const projects = (await h.s.get('/api/projects')).body
    parse(ProjectsResponse, projects, 'projects')
    const gaps = (await h.s.get('/api/gaps?type=kindergarten')).body
    expect(gaps.features.length).toBeGreaterThan(0)
    parse(GapsResponse, gaps, 'gaps')
    const siting = await h.s.planner.post('/api/siting', { type: 'kindergarten', k: 2 })
    parse(SitingResponse, siting.body, 'siting')
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: '契约' })
    const add = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'C1', type: 'kindergarten', lng: centroid(b0)[0], lat: centroid(b0)[1] } })
    expect(add.body.delta).toHaveLength(1)
    parse(ChangeResponse, add.body, 'scenario change')
    parse(ScenarioDetail, (await h.s.get(`/api/scenarios/${id}`)).body, 'scenario')
    parse(z.array(ScenarioSummary), (await h.s.get('/api/scenarios')).body, 'scenario list')
    parse(ScenarioSummary, (await h.s.planner.patch(`/api/scenarios/${id}`, { name: '契约 2' })).body, 'renamed scenario')
    parse(CompareResponse, (await h.s.get(`/api/scenarios/${id}/compare?type=kindergarten`)).body, 'compare')
    const facilities = (await h.s.get(`/api/facilities?type=kindergarten&scenario=${id}`)).body
    expect(facilities.features.some((f: any) => f.properties.scenarioChange === add.body.change.id)).toBe(true)
    parse(FacilitiesResponse, facilities, 'facilities in a scenario')
    parse(AreasResponse, (await h.s.get('/api/areas?level=district')).body, 'areas')
    parse(AreasResponse, (await h.s.get('/api/tiles/areas.json?level=district&simplify=40')).body, 'areas for the map')
    const [lng, lat] = centroid(c0)
    parse(IsochroneResponse, (await h.s.get(`/api/isochrone?lng=${lng}&lat=${lat}`)).body, 'isochrone')
    for (const value of ['minutes', 'covered', 'score']) {
      parse(CellTileJson, (await h.s.get(`/api/tiles/cells.json?type=kindergarten&value=${value}&scenario=${id}`)).body, `cells.json ${value}`)
      parse(CellInfo, (await h.s.get(`/api/tiles/cell?type=kindergarten&value=${value}&h3=${c0}`)).body, `cell ${value}`)
    }
    parse(StreetTileJson, (await h.s.get('/api/tiles/streets.json')).body, 'streets.json')
    // The schemas are strict: a field only one side knows fails.
    expect(ProjectsResponse.safeParse({ ...projects, extra: 1 }).success).toBe(false)
    expect(IndicatorsResponse.safeParse([{ ...indicators[0], history: [{ value: 1, year: null, note: null, actor: 'x', recordedAt: 'yesterday' }] }]).success).toBe(false)
  })
})
