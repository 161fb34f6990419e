import * as h3 from 'h3-js'
// The one Turf module used, not the @turf/turf bundle (~1 s of every server start to import).
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { MultiPolygon, Polygon } from 'geojson'
import type { AppContext } from '../context'
import { listAreas } from '../../db/areas'
import { listBatches } from '../../db/batches'
import { listFacilities } from '../../db/facilities'
import type { ResolvedRequest } from '../analysis'
import { cellRows } from '../analysis/cells'
import { gaps } from '../planning/gaps'
import { projectImpacts } from '../planning/projects'
import { indicators } from '../planning/indicators'
import { clustersFeatureCollection } from '../clusters/plans'
import type { FacilityPoint, GapItem, IndicatorRow, Lang, MapCell, ProjectRow, Provenance } from '../../reports/model'

/** Travel settings of a report request, as every analysis service takes them. */
export interface Travel {
  mode?: string
  scenario?: number
}

/**
 * The largest gaps of a type (gaps service), each split into facility-sized pieces (gap pieces:
 * greedy siting inside the gap): the first piece's site is the suggested site, its residents what
 * one new facility there would cover; the piece count says how many facilities close the gap.
 */
export async function topGaps(ctx: AppContext, r: ResolvedRequest, area: string | undefined, t: Travel, limit = 5): Promise<{ items: GapItem[]; total: number }> {
  const g = await gaps(ctx.analysis, { type: r.type.code, area, mode: t.mode, scenario: t.scenario, minPopulation: 0, limit, pieces: true })
  const items: GapItem[] = g.features.map((f) => {
    const p = f.properties
    const pieces = (p.pieces ?? []).map((x) => ({ targetPopulation: x.targetPopulation, site: x.site as [number, number] }))
    return {
      rank: p.rank, targetPopulation: p.targetPopulation, population: p.population, cells: p.cells, areaKm2: p.area,
      township: p.township?.name ?? null, centroid: p.centroid as [number, number], nearestMinutes: p.nearestMinutes.min,
      geometry: f.geometry as MultiPolygon,
      site: pieces[0] ? { lng: pieces[0].site[0], lat: pieces[0].site[1], gain: pieces[0].targetPopulation } : null,
      pieces, piecesUncovered: p.piecesUncovered ?? null,
    }
  })
  return { items, total: g.total }
}

/** Target residents per page map cell: the cells service's rows, summed into coarser H3 parents. */
export async function mapCells(ctx: AppContext, r: ResolvedRequest, area: string | undefined, t: Travel): Promise<{ cells: MapCell[]; resolution: number }> {
  const a = ctx.analysis
  const q = { type: r.type.code, area, mode: t.mode, format: 'json' as const }
  const rows = (await cellRows(a, { ...q, scenario: t.scenario })).rows
  const base = t.scenario ? (await cellRows(a, q)).rows : null
  // Resolution for the page: a cell at least ~4 points wide on a 500-point map, and ~2,500 drawn
  // cells at most (each level up merges ~7 cells).
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const row of rows) {
    const [lat, lng] = h3.cellToLatLng(row.h3)
    x0 = Math.min(x0, lng); x1 = Math.max(x1, lng); y0 = Math.min(y0, lat); y1 = Math.max(y1, lat)
  }
  const extentKm = Math.max((x1 - x0) * 111.32 * Math.cos((((y0 + y1) / 2) * Math.PI) / 180), (y1 - y0) * 111.32, 0)
  let resolution = 10
  while (resolution > 6 && (rows.length / 7 ** (10 - resolution) > 2500 || h3.getHexagonEdgeLengthAvg(resolution, "km") * 2 < extentKm / 120)) resolution--
  const out = new Map<string, MapCell & { wMinutes: number; wReach: number }>()
  const covered = (m: number | null) => m !== null && m <= r.thresholdMinutes
  rows.forEach((row, i) => {
    if (!(row.targetPopulation > 0)) return
    const key = resolution === 10 ? row.h3 : h3.cellToParent(row.h3, resolution)
    let c = out.get(key)
    if (!c) out.set(key, (c = { h3: key, targetPopulation: 0, coveredPopulation: 0, meanMinutes: null, wMinutes: 0, wReach: 0, ...(base ? { change: 0 } : {}) }))
    c.targetPopulation += row.targetPopulation
    if (covered(row.minutes)) c.coveredPopulation += row.targetPopulation
    if (row.minutes !== null) { c.wMinutes += row.minutes * row.targetPopulation; c.wReach += row.targetPopulation }
    if (base) c.change! += (covered(row.minutes) ? row.targetPopulation : 0) - (covered(base[i].minutes) ? base[i].targetPopulation : 0)
  })
  const cells = [...out.values()].map(({ wMinutes, wReach, ...c }) => ({ ...c, meanMinutes: wReach > 0 ? wMinutes / wReach : null }))
  return { cells, resolution }
}

/** Facilities of a type in the area, by status (a scenario's as the scenario has them). */
export async function facilityPoints(ctx: AppContext, type: string, area: string | undefined, scenario?: number): Promise<FacilityPoint[]> {
  const base = await listFacilities(ctx.db, { types: [type], area })
  const rows = scenario ? await ctx.scenarios.facilityRecords(scenario, base, { types: [type], area }) : base
  return rows.map((f) => ({ id: f.id, name: f.name, lng: f.lng, lat: f.lat, status: f.status, ...((f as { scenarioChange?: number }).scenarioChange !== undefined ? { scenarioChange: true } : {}) }))
}

/**
 * The year's projects of the domain located in the area (by the project's point or one of its
 * facilities), with the residents they newly cover and the cost per resident (projects service).
 */
export async function areaProjects(ctx: AppContext, domain: string, area: string | undefined, year?: number): Promise<{ year: number | null; rows: ProjectRow[] }> {
  const all = await projectImpacts(ctx.analysis, { domain, year })
  const years = all.projects.map((p) => p.year).filter((y): y is number => y !== null)
  const chosen = year ?? (years.length ? Math.max(...years) : null)
  let list = all.projects.filter((p) => chosen === null || p.year === chosen)
  if (area) {
    const [outline] = await listAreas(ctx.db, { codes: [area] })
    const inside = new Set((await listFacilities(ctx.db, { area })).map((f) => f.id))
    list = list.filter((p) => p.facilityIds.some((id) => inside.has(id)) || (outline && p.lng !== null && p.lat !== null && booleanPointInPolygon([p.lng, p.lat], outline.geometry)))
  }
  return {
    year: chosen,
    rows: list.map((p) => ({ id: p.id, name: p.name, domain: p.domain, status: p.status, year: p.year, investment: p.investment, newlyCovered: p.newlyCovered?.total ?? null, yuanPerResident: p.yuanPerResident })),
  }
}

/** The plan's indicators of a domain with their targets and values (indicators service). */
export async function domainIndicators(ctx: AppContext, domain: string, lang: Lang, area: string | undefined, year: number | null): Promise<IndicatorRow[]> {
  const list = await indicators(ctx.analysis, { area, year: year ?? undefined })
  return list.filter((i) => i.domain.code === domain).map((i) => ({
    code: i.code, name: i.name[lang], unit: i.unit?.[lang] ?? null, target: i.target.raw, targetValue: i.target.value,
    value: i.value, source: i.valueSource, status: i.status,
  }))
}

/** Where the figures come from and how they are computed (import batches, catalogue, settings). */
export async function provenance(ctx: AppContext, r: ResolvedRequest, types: ResolvedRequest[], method: string, lang: Lang): Promise<{ provenance: Provenance; dataDate: string | null }> {
  const [batches, cat] = await Promise.all([listBatches(ctx.db, 200), ctx.analysis.inputs.catalogue()])
  const mode = cat.modes.find((m) => m.code === r.mode)!
  const sources = batches.map((b: any) => ({ kind: b.kind, fileName: b.fileName, format: b.format, sourceCrs: b.sourceCrs, records: Number(b.imported) + Number(b.updated), at: new Date(b.createdAt).toISOString() }))
  const dataDate = sources.length ? sources.map((s) => s.at).sort().at(-1)!.slice(0, 10) : null
  return {
    dataDate,
    provenance: {
      sources,
      crs: 'WGS 84 (EPSG:4326)',
      method,
      mode: {
        code: mode.code, name: mode.name[lang], speedKmh: r.speedKmh, accessSpeedKmh: mode.accessSpeedKmh ?? null, network: mode.network,
        roadClasses: Object.entries(mode.roads?.speedKmh ?? {}).sort((x, y) => y[1] - x[1]),
      },
      thresholds: types.map((t) => ({ type: t.type.code, name: t.type.name[lang], minutes: t.thresholdMinutes, targetGroup: t.type.targetGroup })),
      snapLimitM: ctx.analysis.inputs.settings.maxSnapDistanceM,
      detourFactor: ctx.analysis.inputs.settings.detourFactor,
    },
  }
}

/**
 * Outline of the area and its child areas (or the clusters of a plan: drawn, imported or the union
 * of their members), simplified for a page (tolerance in degrees).
 */
export async function outlines(ctx: AppContext, area: string | null, childLevel: string | null, tolerance: number, plan?: number) {
  const own = area ? await listAreas(ctx.db, { codes: [area], simplify: tolerance }) : []
  const children = childLevel && childLevel !== 'cluster' ? await listAreas(ctx.db, { level: childLevel, parent: area ?? undefined, simplify: tolerance }) : []
  const clusters = plan !== undefined && area ? (await clustersFeatureCollection(ctx.analysis, area, String(plan))).features.filter((f) => f.geometry) : []
  return [
    ...own.map((o) => ({ code: o.code, name: o.name, child: false, geometry: o.geometry as Polygon | MultiPolygon })),
    ...children.map((o) => ({ code: o.code, name: o.name, child: true, geometry: o.geometry as Polygon | MultiPolygon })),
    ...clusters.map((f) => ({ code: f.properties.code, name: f.properties.name, child: true, geometry: f.geometry as Polygon | MultiPolygon })),
  ]
}
