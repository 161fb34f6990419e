import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// A report is bounded by its own setting: REPORT_TIMEOUT_S (other reads keep REQUEST_TIMEOUT_S).
// 0.001 s: no report (a catalogue read, the model, a PDF) can be done in time.
describeEachBackend('report time limit', (backend) => {
  const h = useServer(backend, { REPORT_TIMEOUT_S: '0.001', REQUEST_TIMEOUT_S: '60' })

  beforeAll(async () => {
    // Something to compute: one district, two populated cells, a kindergarten (the travel field
    // is computed off the main thread, so the time limit's timer gets its turn).
    const ring = [[121.3, 30], [121.32, 30], [121.32, 30.02], [121.3, 30.02], [121.3, 30]]
    const areas = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'D1', name: '试验区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    const cells = [h3.latLngToCell(30.005, 121.305, 10), h3.latLngToCell(30.015, 121.315, 10)]
    const csv = 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' + cells.map((c) => `${c},100,5,10,10,5,50,20`).join('\n')
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', csv)).status).toBe(200)
    const fac = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'K1', type: 'kindergarten' }, geometry: { type: 'Point', coordinates: [121.305, 30.005] } }] }
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify(fac))).status).toBe(200)
  })

  it('answers 503 timeout naming REPORT_TIMEOUT_S, with Retry-After; other routes are not cut', async () => {
    const r = await h.s.get('/api/reports/coverage?area=D1&domain=education&format=pdf')
    expect(r.status).toBe(503)
    expect(r.body.error.code).toBe('timeout')
    expect(r.body.error.message).toContain('REPORT_TIMEOUT_S')
    expect(r.headers.get('retry-after')).toBe('30')
    expect((await h.s.get('/api/facility-types')).status).toBe(200)
  })
})
