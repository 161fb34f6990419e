import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as h3 from 'h3-js'
import { expect, it } from 'vitest'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')
const fixture = (rel: string) => fs.readFileSync(path.join(fixtures, rel))

describeEachBackend('valid imports', (backend) => {
  const h = useServer(backend)

  it('repairs a bow-tie polygon with ST_MakeValid and says so', async () => {
    const r = await h.s.admin.post('/api/import/areas?filename=areas-bowtie.geojson', fixture('valid/areas-bowtie.geojson'))
    expect(r.status).toBe(200)
    expect(r.body.imported).toBe(1)
    expect(r.body.warnings.join('\n')).toMatch(/record 1 .*ST_MakeValid.*Self-intersection/i)
    const [row] = await h.t.db.query<{ valid: boolean; type: string; area: number }>(
      `SELECT ST_IsValid(geom) AS valid, GeometryType(geom) AS type, ST_Area(geom) AS area FROM areas`,
    )
    expect(row).toMatchObject({ valid: true, type: 'MULTIPOLYGON' })
    expect(row.area).toBeGreaterThan(0)
  })

  it('reads a UTF-8 CSV with BOM, a GBK CSV and an XLSX sheet the same way', async () => {
    const csv = await h.s.admin.post('/api/import/facilities?filename=facilities.csv', fixture('valid/facilities.csv'))
    expect(csv.status).toBe(200)
    const gbk = await h.s.admin.post('/api/import/facilities?filename=facilities-gbk.csv', fixture('valid/facilities-gbk.csv'))
    expect(gbk.status).toBe(200)
    expect(gbk.body.warnings.join(' ')).toMatch(/GB18030|GBK/i)
    const xlsx = new FormData()
    xlsx.append('file', new Blob([fixture('valid/facilities.xlsx')]), 'facilities.xlsx')
    const x = await h.s.admin.post('/api/import/facilities', xlsx)
    expect(x.status).toBe(200)
    const names = await h.t.db.query<{ name: string }>('SELECT name FROM facilities ORDER BY external_id')
    expect(names.map((n) => n.name)).toContain('幼儿园, 东门')
    expect(names.every((n) => !/\uFFFD/.test(n.name ?? ''))).toBe(true) // no mojibake from GBK
  })

  it('splits a res-9 cell evenly into its 7 res-10 children and keeps a res-10 cell as is', async () => {
    const r = await h.s.admin.post('/api/import/population?filename=population.csv', fixture('valid/population.csv'))
    expect(r.status).toBe(200)
    expect(r.body.imported).toBe(8)
    const rows = await h.t.db.query<{ h3: string; population: number; age_0_2: number }>('SELECT h3, population, age_0_2 FROM population_cells ORDER BY h3')
    const children = h3.cellToChildren('894b3435007ffff', 10)
    const split = rows.filter((r) => children.includes(r.h3))
    expect(split).toHaveLength(7)
    expect(split.reduce((a, r) => a + r.population, 0)).toBe(860)
    // 860 = 7 × 122 + 6: six children get 123, one gets 122 — whole persons, same total
    expect(split.map((r) => r.population).sort()).toEqual([122, 123, 123, 123, 123, 123, 123])
    expect(split.reduce((a, r) => a + r.age_0_2, 0)).toBe(21)
    expect(rows.find((r) => r.h3 === '8a4b3435098ffff')).toMatchObject({ population: 120, age_0_2: 3 })
  })

  it('builds the same street segments from OSM XML and OSM PBF, and replaces the layer on mode=replace', async () => {
    const xml = await h.s.admin.post('/api/import/roads?filename=streets-grid.osm', fixture('valid/streets-grid.osm'))
    expect(xml.status).toBe(200)
    expect(xml.body.imported).toBe(9)
    const edges = async () => h.t.db.query<{ way_id: string; source: number; target: number; length_m: number }>(
      'SELECT way_id, source, target, round(length_m::numeric, 3)::float8 AS length_m FROM street_edges ORDER BY way_id, seq')
    const fromXml = await edges()
    const pbf = await h.s.admin.post('/api/import/roads?mode=replace&filename=streets-grid.osm.pbf', fixture('valid/streets-grid.osm.pbf'))
    expect(pbf.status).toBe(200)
    expect(await edges()).toEqual(fromXml)
    // 0.001° of longitude at 29.9° N is 96.4 m
    const w101 = fromXml.filter((e) => e.way_id === 'osm:101')
    expect(w101.map((e) => [e.source, e.target])).toEqual([[1, 2], [2, 3]])
    expect(w101[0].length_m).toBeCloseTo(96.4, 0)
  })

  it('joins GeoJSON lines only at shared vertices', async () => {
    const r = await h.s.admin.post('/api/import/roads?mode=replace&filename=streets-lines.geojson', fixture('valid/streets-lines.geojson'))
    expect(r.status).toBe(200)
    expect(r.body.imported).toBe(6)
    const [{ nodes }] = await h.t.db.query<{ nodes: number }>(
      'SELECT count(DISTINCT n)::int AS nodes FROM (SELECT source AS n FROM street_edges UNION ALL SELECT target FROM street_edges) x')
    expect(nodes).toBeGreaterThan(0)
    const again = await h.s.admin.post('/api/import/roads?filename=streets-lines.geojson', fixture('valid/streets-lines.geojson'))
    expect(again.body).toMatchObject({ imported: 0, updated: 6 })
  })

  it('imports projects from CSV with facility links and points', async () => {
    const csv = 'id,name,domain,investment,status,year,lng,lat,facility_ids\n' +
      'P1,新建学校,education,1.25,new,2024,121.55,29.87,\n' +
      'P2,卫生院改扩建,health,0.5,continuing,2024,,,"K01;K02"\n'
    const r = await h.s.admin.post('/api/import/projects?filename=projects.csv', csv)
    expect(r.status).toBe(200)
    const rows = await h.t.db.query('SELECT external_id, investment, facility_ids, ST_X(geom) AS lng FROM projects ORDER BY external_id')
    expect(rows).toEqual([
      { external_id: 'P1', investment: 1.25, facility_ids: [], lng: 121.55 },
      { external_id: 'P2', investment: 0.5, facility_ids: ['K01', 'K02'], lng: null },
    ])
    const bad = await h.s.admin.post('/api/import/projects?filename=p.csv', 'id,name,domain,investment\nP3,x,roads,1\nP4,y,health,-2\n')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.map((d: any) => [d.record, d.field])).toEqual([[1, 'domain'], [2, 'investment']])
  })
})
