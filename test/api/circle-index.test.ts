import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { IndexResponse } from '../../server/src/contract/circle-index'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// A city C of two districts (D1 south, D2 north), each of two 1 km-square townships, laid out in
// metres around (121.5 E, 29.9 N). One res-10 cell of children aged 3–5 per point below; the
// kindergartens sit on cell centroids. No streets: 5 minutes at 4 km/h × 1.3 reach 256 m, so a
// kindergarten covers only its own cell (the cells are ≥ 500 m apart).
const M = (6_371_008.8 * Math.PI) / 180
const at = (x: number, y: number): [number, number] => [121.5 + x / (M * Math.cos((29.9 * Math.PI) / 180)), 29.9 + y / M]
const square = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)]] })
const area = (code: string, level: string, parent: string | null, geometry: object) => ({ type: 'Feature', properties: { code, name: code, level, parent }, geometry })
const areas = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    area('C', 'city', null, square(0, 0, 2000, 2000)),
    area('D1', 'district', 'C', square(0, 0, 2000, 1000)),
    area('D2', 'district', 'C', square(0, 1000, 2000, 2000)),
    area('T1a', 'township', 'D1', square(0, 0, 1000, 1000)),
    area('T1b', 'township', 'D1', square(1000, 0, 2000, 1000)),
    area('T2a', 'township', 'D2', square(0, 1000, 1000, 2000)),
    area('T2b', 'township', 'D2', square(1000, 1000, 2000, 2000)),
  ],
})
const cell = (x: number, y: number) => h3.latLngToCell(at(x, y)[1], at(x, y)[0], 10)
const centroid = (c: string) => [h3.cellToLatLng(c)[1], h3.cellToLatLng(c)[0]]
// T1a: A1 10 children (covered, capacity 5), A2 30 (uncovered); T1b: B1 20 (covered, capacity 40);
// T2a: C1 40 (covered, capacity 20); T2b: E1 10 (uncovered).
const A1 = cell(250, 500), A2 = cell(750, 500), B1 = cell(1500, 500), C1 = cell(500, 1500), E1 = cell(1500, 1500)
const kids: [string, number][] = [[A1, 10], [A2, 30], [B1, 20], [C1, 40], [E1, 10]]
const popCsv = 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' + kids.map(([c, k]) => `${c},${2 * k},0,${k},0,0,${k},0`).join('\n') + '\n'
const facilities = JSON.stringify({
  type: 'FeatureCollection',
  features: [[A1, 5], [B1, 40], [C1, 20]].map(([c, capacity], k) => ({ type: 'Feature', properties: { id: `K${k}`, type: 'kindergarten', capacity }, geometry: { type: 'Point', coordinates: centroid(c as string) } })),
})
/** Target-weighted Gini by its definition: Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ). */
const gini = (xs: number[], ws: number[]) => {
  const W = ws.reduce((s, w) => s + w, 0)
  const mu = xs.reduce((s, x, i) => s + x * ws[i], 0) / W
  let d = 0
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < xs.length; j++) d += ws[i] * ws[j] * Math.abs(xs[i] - xs[j])
  return d / (2 * W * W * mu)
}

describeEachBackend('the 均衡可及优质 index (GET /api/index)', (backend) => {
  const h = useServer(backend)
  beforeAll(async () => {
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', areas)).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv)).status).toBe(200)
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', facilities)).status).toBe(200)
  })

  it('per district, by hand: accessible, balanced between townships, quality against 1 place per child', async () => {
    const r = await h.s.get('/api/index?type=kindergarten&area=C&level=district')
    expect(r.status).toBe(200)
    expect(IndexResponse.safeParse(r.body).error).toBeUndefined()
    expect(r.body.weights).toEqual({ accessible: 1 / 3, balanced: 1 / 3, quality: 1 / 3 }) // geodata/index.json: equal
    const [d1, d2] = r.body.areas
    // D1: covered 10 + 20 of 60 = 0.5; township rates 0.25 (40) and 1 (20) → Gini 1/3 → 2/3;
    // 2SFCA: R = 5/10 at A1, 40/20 at B1 → mean score (10·0.5 + 20·2) / 60 = 0.75 places per child.
    expect(d1).toMatchObject({ code: 'D1', accessible: 0.5 })
    expect(d1.balanced).toBeCloseTo(2 / 3, 12)
    expect(d1.quality).toBeCloseTo(0.75, 12)
    expect(d1.index).toBeCloseTo((0.5 + 2 / 3 + 0.75) / 3, 12)
    // D2: 40 of 50 = 0.8; rates 1 (40) and 0 (10) → Gini 0.2 → 0.8; R = 20/40 → 40·0.5 / 50 = 0.4.
    expect(d2.accessible).toBeCloseTo(0.8, 12)
    expect(d2.balanced).toBeCloseTo(0.8, 12)
    expect(d2.quality).toBeCloseTo(0.4, 12)
    expect(d2.index).toBeCloseTo(2 / 3, 12)
    expect(d1.types[0]).toMatchObject({ type: 'kindergarten', childLevel: 'township', childAreas: 2, reference: 1, referenceSource: 'catalogue' })
  })

  it('a domain averages its types: education = kindergarten here (no school-age children: their parts are unknown)', async () => {
    const byType = (await h.s.get('/api/index?type=kindergarten&area=C&level=district')).body
    const domain = (await h.s.get('/api/index?domain=education&area=C&level=district')).body
    expect(domain.types).toEqual(['kindergarten', 'primary_school', 'middle_school'])
    domain.areas.forEach((a: any, k: number) => {
      for (const part of ['index', 'accessible', 'balanced', 'quality']) expect(a[part]).toBeCloseTo(byType.areas[k][part], 12)
      expect(a.types[1]).toMatchObject({ type: 'primary_school', accessible: null, balanced: null, quality: null })
    })
  })

  it("its parts equal the coverage, 2SFCA and equity routes' figures", async () => {
    const idx = (await h.s.get('/api/index?domain=education&area=C&level=district')).body
    const cov = (await h.s.get('/api/coverage?type=kindergarten&area=C&level=district')).body
    const acc = (await h.s.get('/api/accessibility?type=kindergarten&area=C&level=district&cells=0')).body
    const theil = (await h.s.get('/api/index?domain=education&area=C&level=district&balanced=theil')).body
    expect(theil.balancedMeasure).toBe('theil')
    for (const [k, a] of idx.areas.entries()) {
      expect(a.code).toBe(cov.areas[k].code)
      expect(a.accessible).toBe(cov.areas[k].rate)
      expect(a.quality).toBe(Math.min(1, acc.areas.find((x: any) => x.code === a.code).meanScore / 1))
      const towns = (await h.s.get(`/api/coverage?type=kindergarten&area=${a.code}&level=township`)).body.areas
      expect(a.balanced).toBeCloseTo(1 - gini(towns.map((t: any) => t.rate), towns.map((t: any) => t.targetPopulation)), 12)
      const eq = (await h.s.get(`/api/equity?type=kindergarten&area=${a.code}&level=township&measure=score`)).body
      expect(theil.areas[k].types[0].theilBetween).toBe(eq.theil.between)
      expect(theil.areas[k].balanced).toBeCloseTo(Math.exp(-eq.theil.between), 12)
      expect(theil.areas[k].accessible).toBe(a.accessible)
    }
  })

  it('the whole data set compares the districts; a township has no child areas, so its index leaves balance out', async () => {
    const all = (await h.s.get('/api/index?type=kindergarten')).body.areas[0]
    expect(all).toMatchObject({ code: null })
    expect(all.accessible).toBeCloseTo(70 / 110, 12)
    expect(all.balanced).toBeCloseTo(1 - gini([0.5, 0.8], [60, 50]), 12)
    expect(all.types[0].childLevel).toBe('district')
    const towns = (await h.s.get('/api/index?type=kindergarten&area=D1&level=township')).body.areas
    expect(towns.map((t: any) => [t.code, t.accessible, t.balanced])).toEqual([['T1a', 0.25, null], ['T1b', 1, null]])
    // T1a: quality = (10 · 0.5) / 40 = 0.125; index = (0.25 + 0.125) / 2.
    expect(towns[0].quality).toBeCloseTo(0.125, 12)
    expect(towns[0].index).toBeCloseTo(0.1875, 12)
  })

  it('a scenario’s index: a kindergarten for A2 (capacity 30) evens out D1 and leaves D2 alone (by hand)', async () => {
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: 'A2' })
    const [lng, lat] = centroid(A2)
    expect((await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng, lat, capacity: 30 } })).status).toBe(200)
    const r = (await h.s.get(`/api/index?type=kindergarten&area=C&level=district&scenario=${id}`)).body
    expect(r.scenario).toBe(id)
    const [d1, d2] = r.areas
    // D1: all 60 covered, both townships at rate 1 → balanced 1; mean score (10·0.5 + 30·1 + 20·2)/60 = 1.25 → quality 1.
    expect([d1.accessible, d1.balanced, d1.quality, d1.index]).toEqual([1, 1, 1, 1])
    expect(d2.index).toBeCloseTo(2 / 3, 12)
    // The baseline is as it was.
    expect((await h.s.get('/api/index?type=kindergarten&area=C&level=district')).body.areas[0].index).toBeCloseTo((0.5 + 2 / 3 + 0.75) / 3, 12)
  })

  it('answers 400 without a domain or type, or for an unknown one', async () => {
    expect((await h.s.get('/api/index')).status).toBe(400)
    expect((await h.s.get('/api/index?domain=education&type=kindergarten')).status).toBe(400)
    const unknown = await h.s.get('/api/index?domain=nothing')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.details[0].field).toBe('domain')
    expect((await h.s.get('/api/index?type=kindergarten&area=nowhere')).status).toBe(404)
  })
})
