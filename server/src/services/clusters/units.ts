import { badRequest, notFound } from '../../errors'
import { createFacilitySet, createTravelContext, facilityCatchments } from '../../engine'
import { unitAdjacency, unitPoints } from '../../db/clusters'
import type { UnitLevel } from '../../contract/clusters'
import type { Analysis } from '../analysis'
import type { AreaInfo } from '../analysis/inputs'

/** The units (villages/communities or townships) of an area, as the cluster services see them. */
export interface Units {
  area: AreaInfo
  level: UnitLevel
  list: { code: string; name: string; township: string | null; population: number; lng: number; lat: number }[]
  index: Map<string, number>
  /** Cells of each unit (indexes into the cell table), by the cell-centroid rule. */
  cells: Int32Array[]
  /** Units whose outlines touch, as index pairs. */
  pairs: [number, number][]
}

/** Largest number of units one cluster computation takes (n × n travel times are held). */
export const MAX_CLUSTER_UNITS = 3000

/**
 * The units of `level` below `area` (by the parent chain), with their population (the cells whose
 * centroid they contain), a representative point (population-weighted centre of their cells, or
 * a point inside when they have none) and their adjacency.
 */
export async function loadUnits(a: Analysis, areaCode: string, level: UnitLevel): Promise<Units> {
  const [areas, cells] = await Promise.all([a.inputs.areas(), a.inputs.cells()])
  const area = areas.byCode.get(areaCode)
  if (!area) throw notFound(`no area with code ${areaCode}`, [{ field: 'area', message: `unknown area ${areaCode}` }])
  const children = new Map<string, AreaInfo[]>()
  for (const x of areas.list) if (x.parent) children.set(x.parent, [...(children.get(x.parent) ?? []), x])
  const found: AreaInfo[] = []
  const township = new Map<string, string | null>()
  const walk = (x: AreaInfo, t: string | null) => {
    for (const c of children.get(x.code) ?? []) {
      const tc = c.level === 'township' ? c.code : t
      if (c.level === level) { found.push(c); township.set(c.code, level === 'township' ? null : tc) }
      else walk(c, tc)
    }
  }
  walk(area, area.level === 'township' ? area.code : null)
  if (found.length === 0) throw badRequest(`area ${areaCode} has no ${level} units`, [{ field: 'unitLevel', message: `no areas of level ${level} below ${areaCode}` }], 'invalid_request')
  if (found.length > MAX_CLUSTER_UNITS) throw badRequest(`area ${areaCode} has ${found.length} ${level} units, at most ${MAX_CLUSTER_UNITS}`, [{ field: 'area', message: 'too many units' }], 'too_large')
  found.sort((x, y) => x.code.localeCompare(y.code))
  const levelList = areas.atLevel(level)
  const membership = await areas.membership(level)
  const slot = new Map(found.map((u, i) => [levelList.findIndex((x) => x.code === u.code), i]))
  const lists: number[][] = found.map(() => [])
  for (let i = 0; i < membership.length; i++) {
    const s = slot.get(membership[i])
    if (s !== undefined) lists[s].push(i)
  }
  const pop = cells.rows.columns.population
  const codes = found.map((u) => u.code)
  const [fallback, adjacency] = await Promise.all([unitPoints(a.db(), codes), unitAdjacency(a.db(), codes)])
  const index = new Map(codes.map((c, i) => [c, i]))
  const list = found.map((u, i) => {
    let p = 0, x = 0, y = 0
    for (const c of lists[i]) { const w = pop[c]; p += w; x += w * cells.rows.lng[c]; y += w * cells.rows.lat[c] }
    const [lng, lat] = p > 0 ? [x / p, y / p] : fallback.get(u.code)!
    return { code: u.code, name: u.name, township: township.get(u.code) ?? null, population: p, lng, lat }
  })
  return {
    area,
    level,
    list,
    index,
    cells: lists.map((l) => Int32Array.from(l)),
    pairs: adjacency.map(([x, y]) => [index.get(x)!, index.get(y)!]),
  }
}

/**
 * Minutes between every pair of unit points by a mode (row-major n × n, from row unit to column
 * unit; Infinity beyond `maxMinutes`), through the engine's travel times: over the mode's street
 * network where one is loaded (its access legs and road-class speeds), else straight line ×
 * detour factor.
 */
export async function unitMinutes(a: Analysis, points: { lng: number; lat: number }[], travel: { profile: string; speedKmh: number }, maxMinutes = 180): Promise<{ minutes: Float64Array; method: string }> {
  const n = points.length
  const { network, legFactor } = await a.inputs.network(travel.profile)
  const lng = Float64Array.from(points, (p) => p.lng)
  const lat = Float64Array.from(points, (p) => p.lat)
  const ctx = createTravelContext({ network, cellLng: lng, cellLat: lat, maxSnapDistanceM: a.inputs.settings.maxSnapDistanceM, detourFactor: a.inputs.settings.detourFactor, legFactor })
  const set = createFacilitySet(ctx, lng, lat)
  const c = facilityCatchments(ctx, set, { speedKmh: travel.speedKmh, maxMinutes })
  const minutes = new Float64Array(n * n).fill(Infinity)
  // catchments run from each facility (= hub unit h) over the cells (= member units i) that reach it
  for (let h = 0; h < n; h++) for (let k = c.start[h]; k < c.start[h + 1]; k++) minutes[c.cell[k] * n + h] = c.minutes[k]
  for (let i = 0; i < n; i++) minutes[i * n + i] = 0
  return { minutes, method: network ? 'network' : 'straight-line' }
}
