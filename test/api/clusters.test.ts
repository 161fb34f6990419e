import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { ClusterAnalysisResponse, ClustersResponse, SuggestResponse } from '../../server/src/contract/cluster-responses'
import { shapefileZip } from '../fixtures/shapefile'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { expectPublished } from '../support/published'

// Five villages in a row (km east of 121.3° E 30.0° N), one populated cell each near the west
// of its polygon; V1–V2 in township T1, V3–V5 in T2. No streets: walk + e-bike travels straight
// line × 1.3 at 18 km/h, so 1 km takes 1,300 / 300 = 4.33 minutes.
const LNG0 = 121.3
const LAT0 = 30.0
const M = (6_371_008.8 * Math.PI) / 180
const at = (xKm: number, yKm: number): [number, number] => [LNG0 + (xKm * 1000) / (M * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + (yKm * 1000) / M]
const rect = (x0: number, x1: number) => ({ type: 'Polygon', coordinates: [[at(x0, -1), at(x1, -1), at(x1, 2), at(x0, 2), at(x0, -1)]] })
const villages = [
  { code: 'V1', x: [-1, 1], cell: 0.5, pop: 100, township: 'T1' },
  { code: 'V2', x: [1, 2], cell: 1.5, pop: 100, township: 'T1' },
  { code: 'V3', x: [2, 3], cell: 2.5, pop: 100, township: 'T2' },
  { code: 'V4', x: [3, 11], cell: 3.5, pop: 100, township: 'T2' },
  { code: 'V5', x: [11, 13], cell: 11.5, pop: 50, township: 'T2' },
]
const cells = villages.map((v) => h3.latLngToCell(at(v.cell, 0.5)[1], at(v.cell, 0.5)[0], 10))
const centre = (i: number): [number, number] => { const [lat, lng] = h3.cellToLatLng(cells[i]); return [lng, lat] }
/** Independent travel time: haversine × 1.3 at 18 km/h. */
const t = (i: number, j: number) => {
  const [a, b] = [centre(i), centre(j)]
  const r = Math.PI / 180
  const h = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2
  return (2 * 6_371_008.8 * Math.asin(Math.sqrt(h)) * 1.3) / 300
}
const CLUSTER_TYPES = [['childcare', 10], ['kindergarten', 40], ['primary_school', 100], ['elderly_daycare', 40], ['integrated_service', 50]] as const

describeEachBackend('clusters (片区组团) on five villages in a row', (backend) => {
  const h = useServer(backend)
  beforeAll(async () => {
    const areas = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'D', name: '试验市', level: 'district' }, geometry: rect(-1, 13) },
        { type: 'Feature', properties: { code: 'T1', name: '甲镇', level: 'township', parent: 'D' }, geometry: rect(-1, 2) },
        { type: 'Feature', properties: { code: 'T2', name: '乙镇', level: 'township', parent: 'D' }, geometry: rect(2, 13) },
        ...villages.map((v) => ({ type: 'Feature', properties: { code: v.code, name: `${v.code}村`, level: 'community', parent: v.township }, geometry: rect(v.x[0], v.x[1]) })),
      ],
    }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    const csv = 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' +
      villages.map((v, i) => { const k = v.pop / 100; return [cells[i], v.pop, 10 * k, 10 * k, 10 * k, 10 * k, 40 * k, 20 * k].join(',') }).join('\n')
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', csv)).status).toBe(200)
    const fac = { type: 'FeatureCollection', features: CLUSTER_TYPES.map(([type, capacity]) => ({ type: 'Feature', properties: { id: `F-${type}`, type, capacity }, geometry: { type: 'Point', coordinates: centre(0) } })) }
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify(fac))).status).toBe(200)
  })

  it('lists the rural tiers with their modes and sources', async () => {
    const r = await h.s.get('/api/clusters/tiers')
    expect(r.body.map((x: any) => [x.code, x.mode, x.minutes])).toEqual([['village', 'walk', 15], ['cluster', 'walk_ebike', 20], ['town', 'walk_bus', 30]])
    expect(r.body.every((x: any) => x.verify === true && x.source.length > 20)).toBe(true)
  })

  it('every analysis route takes the rural modes (walk + e-bike: V4, 3 km from the kindergarten, is 13 min away)', async () => {
    const cov = await h.s.get('/api/coverage?type=kindergarten&mode=walk_ebike&minutes=13.1')
    expect(cov.status).toBe(200)
    expect(cov.body.mode).toBe('walk_ebike')
    // V1 0, V2 4.3, V3 8.7, V4 13.0 min ≤ 13.1; V5 47.7 min: 40 of 45 children
    expect(cov.body.areas[0].coveredPopulation).toBe(40)
    const cells = await h.s.get('/api/cells?type=kindergarten&mode=walk_bus')
    expect(cells.body.find((c: any) => c.h3 === cells.body.find((x: any) => x.minutes > 0 && x.minutes < 4).h3).minutes).toBeCloseTo((t(0, 1) * 18) / 20, 1)
    expect((await h.s.get(`/api/isochrone?lng=${centre(0)[0]}&lat=${centre(0)[1]}&minutes=10&mode=walk_car`)).status).toBe(200)
    expect((await h.s.get('/api/accessibility?type=kindergarten&mode=walk_ebike')).status).toBe(200)
  })

  it('suggests the hand-computed optimum: {V1,V2} and {V3,V4,V5} around V4, exact and explained', async () => {
    // 200–300 persons per cluster: {V1,V2} + {V3,V4,V5} is the only feasible split; V4 is the
    // best hub of the second (100·t34 + 50·t45 < 100·t34 + 50·t35).
    const r = await h.s.planner.post('/api/clusters/suggest', { area: 'D', minPopulation: 200, maxPopulation: 300 })
    expect(r.status).toBe(200)
    SuggestResponse.parse(r.body)
    expectPublished(SuggestResponse, r.body)
    expect(r.body.method).toBe('exact')
    expect(r.body.travelMethod).toBe('straight-line')
    expect(r.body.clusters.map((c: any) => c.members.map((m: any) => m.code))).toEqual([['V1', 'V2'], ['V3', 'V4', 'V5']])
    expect(['V1', 'V2']).toContain(r.body.clusters[0].hub.code)
    expect(r.body.clusters[1].hub.code).toBe('V4')
    expect(r.body.clusters.map((c: any) => c.population)).toEqual([200, 250])
    const expected = 100 * t(0, 1) + 100 * t(2, 3) + 50 * t(4, 3)
    expect(r.body.objective).toBeCloseTo(expected, 1)
    expect(r.body.lowerBound).toBe(r.body.objective)
    const v5 = r.body.clusters[1].members.find((m: any) => m.code === 'V5')
    expect(v5.minutesToHub).toBeCloseTo(t(4, 3), 1)
    expect(v5.withinMinutes).toBe(false) // 34.7 min > the cluster tier's 20
    expect(r.body.clusters[1].hub.runnerUp.code).toBe('V3')
    expect(r.body.clusters[1].hub.why.zh).toContain('V4村')
    // not crossing township lines: T1 = {V1,V2} and T2 = {V3,V4,V5} are forced
    const within = await h.s.planner.post('/api/clusters/suggest', { area: 'D', count: 2, crossTownships: false })
    expect(within.body.clusters.map((c: any) => c.members.map((m: any) => m.code))).toEqual([['V1', 'V2'], ['V3', 'V4', 'V5']])
  })

  it('refuses impossible bounds and bad fields by name', async () => {
    const r = await h.s.planner.post('/api/clusters/suggest', { area: 'D', minPopulation: 460 })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('infeasible')
    const big = await h.s.planner.post('/api/clusters/suggest', { area: 'D', maxPopulation: 80 })
    expect(big.body.error.details.map((d: any) => d.id)).toEqual(['V1', 'V2', 'V3', 'V4'])
    const bad = await h.s.planner.post('/api/clusters/suggest', { area: 'D', mode: 'rocket', minPopulation: -1 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: any) => d.field)).toContain('minPopulation')
    expect((await h.s.planner.post('/api/clusters/suggest', { area: 'D', mode: 'rocket' })).body.error.details[0].field).toBe('mode')
    expect((await h.s.planner.post('/api/clusters/suggest', { area: 'NOPE' })).status).toBe(404)
  })

  let planId = 0
  it('stores a plan, serves it as GeoJSON, and validates every member', async () => {
    const bad = await h.s.planner.post('/api/clusters/plans', { name: 'bad', area: 'D', clusters: [{ hub: 'V1', members: ['V1', 'V9'] }, { hub: 'V2', members: ['V2', 'V1'] }] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toEqual([
      { record: 1, id: 'C001', field: 'members', message: 'V9 is not a community unit of D' },
      { record: 2, id: 'C002', field: 'members', message: 'V1 is already in cluster 1' },
    ])
    expect((await h.s.get('/api/clusters/plans?area=D')).body).toEqual([])
    const r = await h.s.planner.post('/api/clusters/plans', { name: '草案', area: 'D', clusters: [{ code: 'A', hub: 'V2', members: ['V1', 'V2', 'V3'] }, { code: 'B', hub: 'V4', members: ['V4', 'V5'] }] })
    expect(r.status).toBe(201)
    planId = r.body.plan.id
    const g = await h.s.get('/api/clusters?area=D&plan=草案')
    ClustersResponse.parse(g.body)
    expectPublished(ClustersResponse, g.body)
    expect(g.body.features.map((f: any) => [f.properties.code, f.properties.hub.code, f.properties.members, f.properties.population])).toEqual([
      ['A', 'V2', ['V1', 'V2', 'V3'], 300], ['B', 'V4', ['V4', 'V5'], 150],
    ])
    expect(g.body.features[0].geometry.type).toBe('MultiPolygon')
  })

  it('analyses the plan: tiers inside and anywhere, hub facilities, utilisation, mobile services, vs the status quo', async () => {
    const r = await h.s.get(`/api/clusters/analysis?area=D&plan=${planId}`)
    expect(r.status).toBe(200)
    ClusterAnalysisResponse.parse(r.body)
    expectPublished(ClusterAnalysisResponse, r.body)
    const [a, b] = r.body.clusters
    const tier = (c: any, code: string) => c.tiers.find((x: any) => x.tier === code)
    // A: every cluster-tier type at V1, at most t13 = 8.7 min away → met inside
    expect(tier(a, 'cluster')).toMatchObject({ inside: 1, anywhere: 1, missingInside: [], missingAnywhere: [] })
    // B: nothing inside; anywhere V4 (13 min from V1) yes, V5 (47.7 min) no → 100/150
    expect(tier(b, 'cluster').inside).toBe(0)
    expect(tier(b, 'cluster').anywhere).toBeCloseTo(2 / 3, 9)
    expect(tier(b, 'cluster').missingInside).toEqual(CLUSTER_TYPES.map(([x]) => x))
    const v5 = b.members.find((m: any) => m.code === 'V5')
    expect(tier(v5, 'cluster')).toMatchObject({ inside: 0, anywhere: 0 })
    expect(tier(v5, 'village').missingInside).toEqual(['community_service', 'health_station', 'meal_point', 'sports'])
    // hub facilities: each serves V1, V2 and V3; utilisation = the cluster's target group ÷ capacity
    const hub = Object.fromEntries(a.hubFacilities.map((f: any) => [f.type, [f.villagesServed, f.targetPopulation, f.utilisation, f.flag]]))
    expect(hub).toEqual({
      childcare: [3, 30, 3, 'over'], kindergarten: [3, 30, 0.75, 'ok'], primary_school: [3, 30, 0.3, 'under'],
      elderly_daycare: [3, 60, 1.5, 'over'], integrated_service: [3, 120, null, 'unknown'],
    })
    // V5 is 34.7 min from the nearest hub (V4): a mobile-service candidate, round trip from V4
    expect(a.mobileCandidates).toEqual([])
    expect(b.mobileCandidates.map((m: any) => m.code)).toEqual(['V5'])
    expect(b.mobileCandidates[0].minutesToNearestHub).toBeCloseTo(t(4, 3), 1)
    expect(b.mobileCandidates[0].services.map((s: any) => s.zh).sort()).toEqual(['巡回医疗', '流动服务', '送教上门'])
    expect(b.visitRoute.order).toEqual(['V5'])
    expect(b.visitRoute.minutes).toBeCloseTo(2 * t(4, 3), 1)
    // kindergarten: one site covers V4 (10 of 15 children < 80 %), a second V5
    expect(b.sitesNeeded.find((s: any) => s.type === 'kindergarten')).toEqual({ type: 'kindergarten', tier: 'cluster', sites: 2, capped: false })
    expect(a.sitesNeeded.filter((s: any) => s.tier === 'cluster')).toEqual([])
    // plan vs status quo (T1 = {V1,V2}, T2 = {V3,V4,V5})
    const { plan, statusQuo } = r.body.comparison
    expect(plan.tiers.find((x: any) => x.tier === 'cluster')).toEqual({ tier: 'cluster', inside: round4(300 / 450), anywhere: round4(400 / 450) })
    expect(statusQuo.tiers.find((x: any) => x.tier === 'cluster')).toEqual({ tier: 'cluster', inside: round4(200 / 450), anywhere: round4(400 / 450) })
    expect(plan.meanMinutesToHub).toBeCloseTo((100 * t(0, 1) + 100 * t(2, 1) + 50 * t(4, 3)) / 450, 1)
    expect(statusQuo.meanMinutesToHub).toBeCloseTo((100 * t(0, 1) + 100 * t(2, 3) + 50 * t(4, 3)) / 450, 1)
    expect(plan.p90MinutesToHub).toBeCloseTo(t(4, 3), 1)
  })

  it('moves a village and changes a hub, and the analysis follows', async () => {
    expect((await h.s.planner.post(`/api/clusters/plans/${planId}/changes`, { op: 'move', member: 'V2', to: 'B' })).body.error.message).toMatch(/hub of A/)
    const moved = await h.s.planner.post(`/api/clusters/plans/${planId}/changes`, { op: 'move', member: 'V3', to: 'B' })
    expect(moved.status).toBe(200)
    expect(moved.body.clusters).toEqual(['A', 'B'])
    const r = await h.s.get(`/api/clusters/analysis?area=D&plan=${planId}`)
    expect(r.body.comparison.plan.tiers.find((x: any) => x.tier === 'cluster').inside).toBe(round4(200 / 450))
    expect((await h.s.planner.post(`/api/clusters/plans/${planId}/changes`, { op: 'hub', cluster: 'B', hub: 'NOPE' })).status).toBe(400)
    expect((await h.s.planner.post(`/api/clusters/plans/${planId}/changes`, { op: 'hub', cluster: 'B', hub: 'F-kindergarten' })).status).toBe(200)
    const g = await h.s.get(`/api/clusters?area=D&plan=${planId}`)
    expect(g.body.features[1].properties.hub).toMatchObject({ kind: 'facility', code: 'F-kindergarten' })
  })

  it('imports plans from CSV and from polygons (hubs computed where missing); a bad row stores nothing', async () => {
    const csv = 'cluster,member_code,hub\nA,V1,V1\nA,V2,\nB,V3,V4\nB,V4,\nB,V5,\n'
    const r = await h.s.planner.post('/api/import/clusters?area=D&plan=csv&filename=plan.csv', csv)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ clusters: 2, members: 5, format: 'csv' })
    const before = (await h.s.get('/api/clusters/plans?area=D')).body.length
    const bad = await h.s.planner.post('/api/import/clusters?area=D&plan=bad&filename=plan.csv', 'cluster,member_code,hub\nA,V1,V1\nA,V7,\nB,V3,V3\nB,V4,V5\n')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details).toEqual([{ record: 4, id: 'B', field: 'hub', message: 'cluster B has hub V3 in an earlier row and V5 here' }])
    const bad2 = await h.s.planner.post('/api/import/clusters?area=D&plan=bad&filename=plan.csv', 'cluster,member_code,hub\nA,V1,V1\nA,V7,\n')
    expect(bad2.body.error.details[0]).toMatchObject({ record: 1, field: 'members', message: 'V7 is not a community unit of D' })
    expect((await h.s.get('/api/clusters/plans?area=D')).body.length).toBe(before)
    const polygons = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: '西片', name: '西片区' }, geometry: rect(-1, 3) },
      { type: 'Feature', properties: { code: '东片' }, geometry: rect(3, 13) },
    ] }
    const p = await h.s.planner.post('/api/import/clusters?area=D&plan=drawn&filename=plan.geojson', JSON.stringify(polygons))
    expect(p.status).toBe(200)
    const g = await h.s.get('/api/clusters?area=D&plan=drawn')
    // the most central members: V2 of V1–V3; V4 (50·t45) rather than V5 (100·t45)
    expect(g.body.features.map((f: any) => [f.properties.code, f.properties.hub.code, f.properties.members])).toEqual([['西片', 'V2', ['V1', 'V2', 'V3']], ['东片', 'V4', ['V4', 'V5']]])
    // the same plan as a county bureau sends it: a zipped Shapefile, GBK names, hub given for one
    const zip = await shapefileZip({ encoding: 'gbk', ldid: 0x4d, features: [
      { geometry: rect(-1, 3) as any, properties: { code: '西片', name: '西片区', hub: 'V1' } },
      { geometry: rect(3, 13) as any, properties: { code: '东片', name: '东片区' } },
    ] })
    const z = await h.s.planner.post('/api/import/clusters?area=D&plan=shp&filename=plan.zip', zip)
    expect(z.status).toBe(200)
    expect(z.body.format).toBe('shapefile')
    const zs = await h.s.get('/api/clusters?area=D&plan=shp')
    expect(zs.body.features.map((f: any) => [f.properties.name, f.properties.hub.code, f.properties.members])).toEqual([['西片区', 'V1', ['V1', 'V2', 'V3']], ['东片区', 'V4', ['V4', 'V5']]])
  })
})

const round4 = (x: number) => Math.round(x * 10000) / 10000
