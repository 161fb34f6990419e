import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// Indicator I03 (childcare places per 1,000 residents) is the measure `capacity_per_population`
// of geodata/indicators.json: Σ capacity of existing childcare facilities in the area ÷ its residents × 1,000.
// Two districts side by side (west W, east E), 1 km squares; one populated cell in each.
const M = (6_371_008.8 * Math.PI) / 180
const at = (x: number, y: number): [number, number] => [121.5 + x / (M * Math.cos((29.9 * Math.PI) / 180)), 29.9 + y / M]
const square = (x0: number, x1: number) => ({ type: 'Polygon', coordinates: [[at(x0, 0), at(x1, 0), at(x1, 1000), at(x0, 1000), at(x0, 0)]] })
const areas = JSON.stringify({
  type: 'FeatureCollection',
  features: [['W', 0, 1000], ['E', 1000, 2000]].map(([code, x0, x1]) => ({ type: 'Feature', properties: { code, name: code, level: 'district' }, geometry: square(x0 as number, x1 as number) })),
})
const w = h3.latLngToCell(at(500, 500)[1], at(500, 500)[0], 10)
const e = h3.latLngToCell(at(1500, 500)[1], at(1500, 500)[0], 10)
const popCsv = `h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n${w},2000,40,0,0,0,1960,0\n${e},500,10,0,0,0,490,0\n`
const point = (id: string, x: number, capacity: number, status = 'existing') =>
  ({ type: 'Feature', properties: { id, type: 'childcare', capacity, status }, geometry: { type: 'Point', coordinates: at(x, 500) } })
const facilities = JSON.stringify({ type: 'FeatureCollection', features: [point('W1', 400, 6), point('W2', 600, 4), point('E1', 1500, 3), point('E-plan', 1600, 50, 'planned')] })

describeEachBackend('indicators computed by registered measures, per area', (backend) => {
  const h = useServer(backend)
  beforeAll(async () => {
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', areas)).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv)).status).toBe(200)
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', facilities)).status).toBe(200)
  })

  it('I03 = existing childcare places ÷ residents × 1,000 in each area (planned places left out)', async () => {
    const value = async (q: string) => (await h.s.get(`/api/indicators${q}`)).body.find((i: any) => i.code === 'I03')
    expect((await value('')).value).toBeCloseTo((13 / 2500) * 1000, 12) // 5.2
    expect((await value('?area=W')).value).toBeCloseTo((10 / 2000) * 1000, 12) // 5.0: met (≥ 4.4)
    const east = await value('?area=E')
    expect(east.value).toBeCloseTo((3 / 500) * 1000, 12) // 6.0
    expect(east).toMatchObject({ valueSource: 'computed', status: 'met', computed: { exact: true } })
    expect((await h.s.get('/api/indicators?area=nowhere')).status).toBe(404)
  })

  it('an unknown indicator code names the range of the loaded ones', async () => {
    const r = await h.s.planner.post('/api/indicators/I00/values', { value: 1 })
    expect(r.status).toBe(404)
    expect(r.body.error.details[0].message).toMatch(/^unknown indicator \(I01 … I\d\d\)$/)
  })
})
