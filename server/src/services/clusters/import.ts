import { assignPointsToAreas, bestHub, adjacencyFromPairs } from '../../engine'
import { badRequest } from '../../errors'
import { insertPlan, findPlan } from '../../db/clusters'
import type { UnitLevel } from '../../contract/clusters'
import { geometryToWgs84, parseFile, type RawRecord } from '../../formats'
import type { Analysis } from '../analysis'
import { validatePlan } from './plans'
import { hubTier, resolveMode, ruralTiers } from './tiers'
import { loadUnits, unitMinutes, type Units } from './units'

type Detail = { record?: number; id?: string; field?: string; message: string }
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim())
const pick = (p: Record<string, unknown>, ...names: string[]) => {
  for (const n of names) for (const k of Object.keys(p)) if (k.toLowerCase() === n) return text(p[k])
  return ''
}

/**
 * `POST /api/import/clusters`: a cluster plan from a file. CSV/XLSX rows `cluster, member_code,
 * hub` (optional `name`); or polygons (GeoJSON, zipped Shapefile) with `code`/`cluster`, `name`,
 * `hub` properties, whose members are the units whose centre lies inside. A missing hub is the
 * member with the least population-weighted travel time to it. Every fault is listed and nothing
 * is stored.
 */
export async function importClusterPlan(
  a: Analysis,
  req: { area: string; plan: string; unitLevel: UnitLevel; crs: 'wgs84' | 'gcj02' | 'bd09'; bytes: Uint8Array; fileName?: string; contentType?: string; actor: string; maxRecords: number },
) {
  const parsed = await parseFile(req.bytes, { fileName: req.fileName, contentType: req.contentType, expect: 'features', maxRecords: req.maxRecords })
  const records = parsed.records ?? []
  if (!records.length) throw badRequest('the file holds no records', [], 'empty_file')
  const units = await loadUnits(a, req.area, req.unitLevel)
  const polygons = records.some((r) => r.geometry)
  const problems: Detail[] = []
  const groups = polygons ? fromPolygons(records, units, req.crs, problems) : fromRows(records, problems)
  if (problems.length) throw badRequest(`${problems.length} problem(s) in the file; nothing was imported. First: record ${problems[0].record}: ${problems[0].message}`, problems.slice(0, 50), 'invalid_records')
  // default hubs: the most central member by the cluster tier's mode
  if (groups.some((g) => !g.hub)) {
    const tier = hubTier(await ruralTiers(a))
    const travel = await resolveMode(a, tier?.mode ?? 'ebike')
    const { minutes } = await unitMinutes(a, units.list, travel)
    const p = { population: Float64Array.from(units.list, (u) => u.population), minutes, adjacency: adjacencyFromPairs(units.list.length, []) }
    for (const g of groups) if (!g.hub) g.hub = units.list[bestHub(p, g.members.map((m) => units.index.get(m)!).filter((x) => x !== undefined)).hub]?.code ?? g.members[0]
  }
  const clusters = await validatePlan(a, units, groups.map((g) => ({ code: g.code, name: g.name || undefined, hub: g.hub!, members: g.members })))
  clusters.forEach((c, i) => (c.geometry = groups[i].geometry ?? null))
  const id = await a.db().transaction((tx) => insertPlan(tx, { name: req.plan, area: req.area, unitLevel: req.unitLevel, source: `import:${parsed.format}`, actor: req.actor }, clusters))
  return { plan: await findPlan(a.db(), { id }), format: parsed.format, clusters: clusters.length, members: clusters.reduce((s, c) => s + c.members.length, 0), warnings: parsed.warnings }
}

interface Group { code: string; name: string; hub?: string; members: string[]; geometry?: GeoJSON.MultiPolygon }

function fromRows(records: RawRecord[], problems: Detail[]): Group[] {
  const by = new Map<string, Group>()
  for (const r of records) {
    const p = r.properties
    const code = pick(p, 'cluster', 'cluster_code', '片区')
    const member = pick(p, 'member_code', 'member', '成员')
    const hub = pick(p, 'hub', '中心')
    if (!code) problems.push({ record: r.index, field: 'cluster', message: 'missing cluster code' })
    if (!member) problems.push({ record: r.index, field: 'member_code', message: 'missing member code' })
    if (!code || !member) continue
    const g = by.get(code) ?? { code, name: pick(p, 'name', 'cluster_name', '名称'), members: [] }
    if (hub && g.hub && hub !== g.hub) problems.push({ record: r.index, id: code, field: 'hub', message: `cluster ${code} has hub ${g.hub} in an earlier row and ${hub} here` })
    if (hub) g.hub = hub
    g.members.push(member)
    by.set(code, g)
  }
  return [...by.values()]
}

function fromPolygons(records: RawRecord[], units: Units, crs: 'wgs84' | 'gcj02' | 'bd09', problems: Detail[]): Group[] {
  const geoms: GeoJSON.MultiPolygon[] = []
  const groups: Group[] = []
  for (const r of records) {
    const g = r.geometry
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      problems.push({ record: r.index, field: 'geometry', message: `a cluster needs a (Multi)Polygon, got ${g?.type ?? 'no geometry'}` })
      continue
    }
    const w = (crs === 'wgs84' ? g : geometryToWgs84(g, crs)) as GeoJSON.Polygon | GeoJSON.MultiPolygon
    const multi: GeoJSON.MultiPolygon = w.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [w.coordinates] } : w
    const code = pick(r.properties, 'code', 'cluster', 'cluster_code') || `C${String(r.index).padStart(3, '0')}`
    geoms.push(multi)
    groups.push({ code, name: pick(r.properties, 'name', '名称'), hub: pick(r.properties, 'hub', '中心') || undefined, members: [], geometry: multi })
  }
  if (problems.length) return groups
  const at = assignPointsToAreas(Float64Array.from(units.list, (u) => u.lng), Float64Array.from(units.list, (u) => u.lat), geoms)
  at.forEach((g, u) => { if (g >= 0) groups[g].members.push(units.list[u].code) })
  groups.forEach((g, i) => { if (!g.members.length) problems.push({ record: records.findIndex((r) => r.geometry) + i + 1, id: g.code, field: 'geometry', message: `polygon ${g.code} contains the centre of no ${units.level} unit of ${units.area.code}` }) })
  return groups
}
