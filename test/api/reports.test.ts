import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import * as h3 from 'h3-js'
import { HtmlValidate } from 'html-validate'
import { extractText } from 'unpdf'
import { beforeAll, expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { batchReports } from '../../server/src/services/reports/batch'

// A district of two townships along a line east of 121.3° E 30.0° N, five populated cells, a
// kindergarten and a primary school at the first cell, no streets: walking at 4 km/h along the
// straight line × 1.3, 5 minutes reach 256 m and 10 minutes 513 m. So the kindergarten covers only
// cell 0 and the primary school cells 0 and 1 (500 m: 9.75 min).
const LNG0 = 121.3
const LAT0 = 30.0
const M = (6_371_008.8 * Math.PI) / 180
const at = (xKm: number, yKm: number): [number, number] => [LNG0 + (xKm * 1000) / (M * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + (yKm * 1000) / M]
const rect = (x0: number, x1: number) => ({ type: 'Polygon', coordinates: [[at(x0, -1), at(x1, -1), at(x1, 2), at(x0, 2), at(x0, -1)]] })
const CELLS = [
  { x: 0, kids: 37, pupils: 41 },
  { x: 0.5, kids: 52, pupils: 58 },
  { x: 2.5, kids: 61, pupils: 66 },
  { x: 6, kids: 73, pupils: 79 },
  { x: 9, kids: 89, pupils: 97 },
]
const h3s = CELLS.map((c) => h3.latLngToCell(at(c.x, 0.5)[1], at(c.x, 0.5)[0], 10))
const centre = (i: number): [number, number] => { const [lat, lng] = h3.cellToLatLng(h3s[i]); return [lng, lat] }
const int = (v: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(Math.round(v))
const pct = (v: number) => `${(v * 100).toFixed(1)}%`

async function pdfText(body: ArrayBuffer): Promise<string> {
  const { text } = await extractText(new Uint8Array(body), { mergePages: true })
  return (text as string).replace(/\s+/g, ' ')
}

describeEachBackend('coverage reports (PDF, HTML) on a two-township district', (backend) => {
  const h = useServer(backend)
  const fetchReport = async (query: string) => {
    const r = await fetch(`${h.s.url}/api/reports/coverage?${query}`)
    return { status: r.status, headers: r.headers, body: await r.arrayBuffer() }
  }
  beforeAll(async () => {
    const areas = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'D1', name: '试验区', level: 'district' }, geometry: rect(-1, 12) },
        { type: 'Feature', properties: { code: 'T1', name: '甲镇', level: 'township', parent: 'D1' }, geometry: rect(-1, 4) },
        { type: 'Feature', properties: { code: 'T2', name: '乙镇', level: 'township', parent: 'D1' }, geometry: rect(4, 12) },
      ],
    }
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', JSON.stringify(areas))).status).toBe(200)
    const csv = 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' +
      CELLS.map((c, i) => [h3s[i], 1000 + i, 20, c.kids, c.pupils, 30, 700, 1000 + i - 20 - c.kids - c.pupils - 30 - 700].join(',')).join('\n')
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', csv)).status).toBe(200)
    const fac = {
      type: 'FeatureCollection',
      features: [['K1', 'kindergarten', '甲镇幼儿园'], ['P1', 'primary_school', '甲镇小学']].map(([id, type, name]) => ({ type: 'Feature', properties: { id, type, name, capacity: 100 }, geometry: { type: 'Point', coordinates: centre(0) } })),
    }
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', JSON.stringify(fac))).status).toBe(200)
  })

  it('the PDF holds the figures of /api/coverage for the district and each township (hand-checked: the kindergarten covers 37 of 312)', async () => {
    const r = await fetchReport('area=D1&domain=education&format=pdf')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/pdf')
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?coverage-D1-education-zh\.pdf"?$/)
    const text = await pdfText(r.body)
    const total = (await h.s.get('/api/coverage?type=kindergarten&area=D1')).body.total
    expect([total.targetPopulation, total.coveredPopulation]).toEqual([312, 37])
    for (const type of ['kindergarten', 'primary_school']) {
      const cov = (await h.s.get(`/api/coverage?type=${type}&area=D1`)).body.total
      expect(text).toContain(int(cov.targetPopulation))
      expect(text).toContain(int(cov.coveredPopulation))
      expect(text).toContain(pct(cov.rate))
      for (const a of (await h.s.get(`/api/coverage?type=${type}&area=D1&level=township`)).body.areas) {
        expect(text).toContain(a.name)
        expect(text).toContain(pct(a.rate))
      }
    }
    // the primary school covers cells 0 and 1: 99 of 341 pupils
    expect(text).toContain(pct(99 / 341))
    // the 均衡可及优质 index of the district and of each township, as /api/index gives it
    const idx = (await h.s.get('/api/index?area=D1&domain=education')).body.areas[0]
    for (const part of ['index', 'accessible', 'balanced', 'quality']) expect(text).toContain(idx[part].toFixed(3))
    for (const a of (await h.s.get('/api/index?area=D1&level=township&domain=education')).body.areas) expect(text).toContain(a.index.toFixed(3))
    expect(text).toContain('试验区学有优教15分钟服务圈覆盖报告')
    expect(text).toContain('OpenStreetMap')
  })

  it('the HTML report passes html-validate and shows the same figures; English on lang=en', async () => {
    const r = await fetchReport('area=D1&type=kindergarten&format=html&lang=en')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = Buffer.from(r.body).toString('utf8')
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(html)
    const messages = report.results.flatMap((x) => x.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))
    expect(messages.slice(0, 10)).toEqual([])
    expect(html).toContain('Coverage rate')
    expect(html).toContain(pct(37 / 312))
    expect(html).not.toMatch(/<(script|link|img)\b/) // self-contained: nothing fetched
  })

  it('a scenario report shows the change against the baseline that /api/scenarios/:id/compare gives', async () => {
    const id = (await h.s.planner.post('/api/scenarios', { name: '新增幼儿园' })).body.id
    const [lng, lat] = centre(4)
    expect((await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng, lat, name: '乙镇幼儿园' } })).status).toBe(200)
    const cmp = (await h.s.get(`/api/scenarios/${id}/compare?type=kindergarten&area=D1`)).body.total
    expect(cmp.coveredGain).toBe(89)
    const text = await pdfText((await fetchReport(`area=D1&type=kindergarten&scenario=${id}`)).body)
    expect(text).toContain(`+${cmp.coveredGain} 人`)
    expect(text).toContain(pct((37 + 89) / 312))
    expect(text).toContain('新增幼儿园')
  })

  it('the next report of the same subject shows the change since the previous one', async () => {
    await fetchReport('area=T2&type=primary_school&format=html')
    const [lng, lat] = centre(3)
    const fac = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'P2', type: 'primary_school', name: '乙镇小学' }, geometry: { type: 'Point', coordinates: [lng, lat] } }] }
    expect((await h.s.admin.post('/api/import/facilities?filename=g.geojson', JSON.stringify(fac))).status).toBe(200)
    const html = Buffer.from((await fetchReport('area=T2&type=primary_school&format=html')).body).toString('utf8')
    // T2 holds cells 3 and 4: 79 of 176 pupils newly covered by P2
    expect(html).toContain(`+${int(79)} 人`)
    expect(html).toContain(`+${(79 / 176 * 100).toFixed(1)} 个百分点`)
  })

  it('a cluster plan report (plan=) lists its clusters with the TD/T 1062 tier shares of /api/clusters/analysis', async () => {
    const plan = await h.s.planner.post('/api/clusters/plans', { name: '试验方案', area: 'D1', unitLevel: 'township', clusters: [{ name: '甲片区', hub: 'T1', members: ['T1'] }, { name: '乙片区', hub: 'T2', members: ['T2'] }] })
    expect(plan.status).toBe(201)
    const id = plan.body.plan.id ?? plan.body.plan
    const analysis = (await h.s.get(`/api/clusters/analysis?area=D1&plan=${id}`)).body
    const r = await fetchReport(`area=D1&type=kindergarten&plan=${id}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toContain(`coverage-D1-kindergarten-p${id}-zh.pdf`)
    const text = await pdfText(r.body)
    expect(text).toContain('TD/T 1062')
    for (const c of analysis.clusters) {
      expect(text).toContain(c.name)
      for (const tier of c.tiers) expect(text).toContain(pct(tier.anywhere))
    }
    // per-cluster coverage = the coverage service's figures of the member townships
    for (const a of (await h.s.get('/api/coverage?type=kindergarten&area=D1&level=township')).body.areas) expect(text).toContain(pct(a.rate))
  })

  it('the data formats come from the same model: XLSX summary numbers equal /api/coverage; Accept picks the format', async () => {
    const r = await fetch(`${h.s.url}/api/reports/coverage?area=D1&type=kindergarten`, { headers: { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toContain('coverage-D1-kindergarten-zh.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as never)
    const sheet = wb.worksheets[0]
    const header = (sheet.getRow(1).values as unknown[]).map(String)
    const row = sheet.getRow(2).values as unknown[]
    const cov = (await h.s.get('/api/coverage?type=kindergarten&area=D1')).body.total
    expect(row[header.indexOf('服务对象')]).toBe(cov.targetPopulation)
    expect(row[header.indexOf('已覆盖')]).toBe(cov.coveredPopulation)
    expect(row[header.indexOf('覆盖率')]).toBeCloseTo(cov.rate, 12)
    const gj = await fetchReport('area=D1&type=kindergarten&format=geojson')
    expect(gj.headers.get('content-type')).toBe('application/zip')
  })

  it('the batch writes one report per district and domain into a zip whose index carries /api/coverage figures', async () => {
    const file = path.join(os.tmpdir(), `c15-batch-${process.pid}.zip`)
    const seen: number[] = []
    const r = await batchReports(h.s.services, { file, format: 'html', lang: 'zh', onProgress: (n) => seen.push(n) })
    const cat = (await h.s.get('/api/domains')).body as { code: string }[]
    const types = (await h.s.get('/api/facility-types')).body as { code: string; domain: string }[]
    const domains = cat.filter((d) => types.some((t) => t.domain === d.code))
    expect(r.items.map((i) => i.domain.code)).toEqual(domains.map((d) => d.code)) // one district (D1) × every domain with types
    expect(r.items.every((i) => i.error === undefined)).toBe(true)
    expect(seen).toEqual(domains.map((_, k) => k + 1))
    const zip = await JSZip.loadAsync(fs.readFileSync(file))
    const csv = (await zip.file('index.csv')!.async('string')).replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(','))
    const kg = csv.find((l) => l[5] === 'kindergarten')!
    const cov = (await h.s.get('/api/coverage?type=kindergarten&area=D1')).body.total
    expect([Number(kg[7]), Number(kg[8]), Number(kg[9])]).toEqual([cov.targetPopulation, cov.coveredPopulation, cov.rate])
    expect(zip.file(kg[0])).not.toBeNull()
    expect(await zip.file('index.html')!.async('string')).toContain(`href="${kg[0]}"`)
    fs.rmSync(file)
  })

  it('refuses bad queries with a clear 4xx', async () => {
    const none = await h.s.get('/api/reports/coverage?area=D1')
    expect(none.status).toBe(400)
    expect(none.body.error.details.map((d: any) => d.field)).toContain('type')
    expect((await h.s.get('/api/reports/coverage?area=D1&type=kindergarten&format=docx')).status).toBe(400)
    expect((await h.s.get('/api/reports/coverage?area=D1&type=kindergarten&domain=education')).status).toBe(400)
    expect((await h.s.get('/api/reports/coverage?area=NOPE&type=kindergarten')).status).toBe(404)
    expect((await h.s.get('/api/reports/coverage?type=no_such_type')).status).toBe(400)
    expect((await h.s.get('/api/reports/coverage?area=D1&type=kindergarten&scenario=999')).status).toBe(404)
  })
})
