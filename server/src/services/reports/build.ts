import type { AppContext } from '../context'
import type { ReportQuery } from '../../contract/reports'
import { AGE_GROUPS } from '../../contract/catalogue'
import { planClusters } from '../../db/clusters'
import { latestSnapshots, recordSnapshots } from '../../db/reports'
import { badRequest } from '../../errors'
import { log } from '../../log'
import type { ResolvedRequest } from '../analysis'
import { coverage } from '../analysis/coverage'
import { equity } from '../analysis/equity'
import { resolveScope } from '../analysis/scope'
import { compareScenario } from '../planning/compare'
import { resolvePlan } from '../clusters/plans'
import { circleIndex } from '../analysis/circle-index'
import { tr } from '../../reports/i18n'
import type { ChildCoverage, IndexRow, IndexSection, ReportModel, TypeSection } from '../../reports/model'
import type { IndexResponse } from '../../contract/circle-index'
import { clusterCompliance, lifeCircleCompliance } from './compliance'
import { areaProjects, domainIndicators, facilityPoints, mapCells, outlines, provenance, topGaps, type Travel } from './sections'

/** Points kept of a Lorenz curve for drawing (the equity service gives one per cell). */
const LORENZ_POINTS = 120

/**
 * The report model of a query, from the same service functions the API routes call (coverage,
 * equity, compliance or the cluster analysis, gaps, siting, projects, indicators): a report's
 * figures equal the API's for the same query. Records the headline figures as a snapshot so that
 * the next report of the same subject shows the change since this one.
 */
export async function buildReport(ctx: AppContext, q: ReportQuery, opts: { record?: boolean } = {}): Promise<ReportModel> {
  const t0 = Date.now()
  const steps: string[] = []
  // Each step first lets other requests (and the report's time limit) have their turn: a report
  // runs for seconds and must not hold the event loop all that time.
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    await new Promise((ok) => setImmediate(ok))
    const t = Date.now()
    const v = await run()
    steps.push(`${label} ${Date.now() - t} ms`)
    return v
  }
  const a = ctx.analysis
  const lang = q.lang
  const [cat, areas] = await Promise.all([a.inputs.catalogue(), a.inputs.areas()])
  const types = q.type ? [cat.type(q.type)].filter((t) => t !== undefined) : cat.types.filter((t) => t.domain === q.domain)
  if (!types.length) {
    throw badRequest('invalid query parameters', [q.type ? { field: 'type', message: `unknown facility type ${q.type}` } : { field: 'domain', message: `unknown domain ${q.domain} or no types in it (known: ${cat.domains.map((d) => d.code).join(', ')})` }], 'invalid_request')
  }
  const scope = await resolveScope(a.inputs, q.area) // 404 for an unknown area
  const plan = q.plan !== undefined ? await resolvePlan(a, q.area, q.plan) : null
  if (plan && !q.area) throw badRequest('invalid query parameters', [{ field: 'area', message: 'a cluster plan report needs area= (the plan\'s area)' }], 'invalid_request')
  const scenario = q.scenario ? await ctx.scenarios.get(q.scenario) : null
  const childLevel = plan ? 'cluster' : nextLevel(areas.list, q.area ?? null)
  const travel: Travel = { mode: q.mode, scenario: q.scenario }
  const resolved: ResolvedRequest[] = await Promise.all(types.map((t) => a.resolve({ type: t.code, mode: q.mode })))
  const clusters = plan ? await planClusters(ctx.db, plan.id, false) : null

  const subjectKey = [q.area ?? '*', q.mode ?? '-', q.scenario ?? 0, plan?.id ?? '-'].join('|')
  const previous = await latestSnapshots(ctx.db, subjectKey, types.map((t) => t.code))
  const sections: TypeSection[] = []
  for (const r of resolved) sections.push(await step(r.type.code, () => typeSection(ctx, r, q, travel, childLevel, plan?.unitLevel ?? null, clusters, previous.get(r.type.code) ?? null)))
  if (opts.record !== false) {
    await recordSnapshots(ctx.db, subjectKey, sections.map((s) => ({ type: s.code, target: s.total.targetPopulation, covered: s.total.coveredPopulation, rate: s.total.rate })))
  }

  const cells = await a.inputs.cells()
  const groups = AGE_GROUPS.map((g) => ({ group: g, population: sum(scope.cells, cells.rows.columns[g]) }))
  const domain = types[0].domain
  const subject = q.type
    ? { kind: 'type' as const, code: types[0].code, name: types[0].name[lang] }
    : { kind: 'domain' as const, code: domain, name: cat.domains.find((d) => d.code === domain)!.name[lang] }
  const projects = await step('projects', () => areaProjects(ctx, domain, q.area, q.year))
  const compliance = await step('compliance', () => plan
    ? clusterCompliance(ctx, q.area!, plan.id, lang, q.mode)
    : lifeCircleCompliance(ctx, q.area, childLevel, lang, q.mode, q.scenario))
  const method = [...new Set(sections.map((s) => s.method))].join(', ')
  const { provenance: prov, dataDate } = await provenance(ctx, resolved[0], resolved, method, lang)
  const areaName = scope.area?.name ?? tr(lang, 'wholeDataSet')
  const extent = scope.area?.level === 'city' || !scope.area ? 0.002 : scope.area.level === 'district' ? 0.0008 : 0.0002
  const index = await step('index', () => indexSection(ctx, q, plan ? null : childLevel))
  const indicatorRows = await step('indicators', () => domainIndicators(ctx, domain, lang, q.area, projects.year))
  const outlineList = await step('outlines', () => outlines(ctx, scope.area?.code ?? null, plan ? null : childLevel, extent, plan?.id))
  log.info(`report ${q.area ?? '*'} ${q.type ?? q.domain}: model in ${Date.now() - t0} ms (${steps.join(', ')})`)
  return {
    query: q,
    lang,
    title: tr(lang, plan ? 'titleCluster' : 'title', { area: areaName, subject: subject.name }),
    generatedAt: new Date().toISOString(),
    dataDate,
    area: { code: scope.area?.code ?? null, name: areaName, level: scope.area?.level ?? null },
    childLevel,
    subject,
    scenario: scenario ? { id: scenario.id, name: scenario.name } : null,
    population: { total: sum(scope.cells, cells.rows.columns.population), groups },
    types: sections,
    compliance,
    index,
    projects,
    indicators: indicatorRows,
    provenance: prov,
    outlines: outlineList,
    previousAt: [...previous.values()].map((p) => p.createdAt).sort().at(-1) ?? null,
  }
}

async function typeSection(
  ctx: AppContext, r: ResolvedRequest, q: ReportQuery, t: Travel, childLevel: string | null, unitLevel: string | null,
  clusters: { code: string; name: string; members: string[] }[] | null, previous: { createdAt: string; covered: number; rate: number | null } | null,
): Promise<TypeSection> {
  const a = ctx.analysis
  const base = { type: r.type.code, area: q.area, mode: q.mode, scenario: q.scenario }
  const total = await coverage(a, base)
  const byChild = childLevel ? await coverage(a, { ...base, level: (unitLevel ?? childLevel) as never }) : null
  const children = byChild ? rankChildren(clusters ? perCluster(byChild.areas, clusters) : byChild.areas.map(toChild)) : []
  const eq = await equity(a, { ...base, level: (childLevel && childLevel !== 'cluster' ? childLevel : 'district') as never, measure: 'score', method: '2sfca' })
  let baseline: TypeSection['baseline'] = null
  if (q.scenario) {
    const c = await compareScenario(a, ctx.scenarios, q.scenario, { type: r.type.code, area: q.area, mode: q.mode, level: 'district' })
    baseline = { coveredPopulation: c.total.baselineCovered, rate: c.total.targetPopulation > 0 ? c.total.baselineCovered / c.total.targetPopulation : null }
  }
  const [gapList, map, facilities] = await Promise.all([topGaps(ctx, r, q.area, t), mapCells(ctx, r, q.area, t), facilityPoints(ctx, r.type.code, q.area, q.scenario)])
  const tot = total.total
  const lang = q.lang
  return {
    code: r.type.code,
    name: r.type.name[lang],
    targetGroup: r.type.targetGroup,
    thresholdMinutes: r.thresholdMinutes,
    mode: r.mode,
    speedKmh: r.speedKmh,
    method: total.method,
    total: { targetPopulation: tot.targetPopulation, coveredPopulation: tot.coveredPopulation, uncoveredPopulation: tot.targetPopulation - tot.coveredPopulation, rate: tot.rate },
    within: tot.within,
    planTarget: null,
    baseline,
    previous: previous ? { at: previous.createdAt, coveredPopulation: previous.covered, rate: previous.rate } : null,
    children,
    equity: { gini: eq.gini, theil: eq.theil, lorenz: thin(eq.lorenz, LORENZ_POINTS), measure: '2sfca' },
    gaps: gapList.items,
    gapTotal: gapList.total,
    facilities,
    cells: map.cells,
    cellResolution: map.resolution,
  }
}

/** The 均衡可及优质 index of the area and of its child areas (circle-index service, same query). */
async function indexSection(ctx: AppContext, q: ReportQuery, childLevel: string | null): Promise<IndexSection> {
  const base = { area: q.area, mode: q.mode, scenario: q.scenario, ...(q.type ? { type: q.type } : { domain: q.domain }) }
  const whole = await circleIndex(ctx.analysis, base)
  const byChild = childLevel ? await circleIndex(ctx.analysis, { ...base, level: childLevel as never }) : null
  const row = (x: IndexResponse['areas'][number]): IndexRow => ({ code: x.code, name: x.name, index: x.index, accessible: x.accessible, balanced: x.balanced, quality: x.quality })
  return { weights: whole.weights, balancedMeasure: whole.balancedMeasure, verify: whole.verify, area: whole.areas[0] ? row(whole.areas[0]) : null, children: (byChild?.areas ?? []).map(row) }
}

type ApiArea = { code: string | null; name: string; targetPopulation: number; coveredPopulation: number; rate: number | null; within: { minutes: number; population: number; share: number | null }[] }

function toChild(x: ApiArea): ChildCoverage {
  return {
    code: x.code, name: x.name, targetPopulation: x.targetPopulation, coveredPopulation: x.coveredPopulation,
    uncoveredPopulation: x.targetPopulation - x.coveredPopulation, rate: x.rate, rank: null,
    within: x.within.map((w) => ({ minutes: w.minutes, share: w.share })),
  }
}

/** Clusters of a plan: the coverage service's figures of their member units, added up. */
function perCluster(units: ApiArea[], clusters: { code: string; name: string; members: string[] }[]): ChildCoverage[] {
  const byCode = new Map(units.map((u) => [u.code, u]))
  return clusters.map((c) => {
    const members = c.members.map((m) => byCode.get(m)).filter((u): u is ApiArea => !!u)
    const target = members.reduce((s, u) => s + u.targetPopulation, 0)
    const covered = members.reduce((s, u) => s + u.coveredPopulation, 0)
    const minutes = members[0]?.within.map((w) => w.minutes) ?? [5, 10, 15, 20, 30]
    return {
      code: c.code, name: c.name, targetPopulation: target, coveredPopulation: covered, uncoveredPopulation: target - covered,
      rate: target > 0 ? covered / target : null, rank: null,
      within: minutes.map((m, k) => ({ minutes: m, share: target > 0 ? members.reduce((s, u) => s + u.within[k].population, 0) / target : null })),
    }
  })
}

/** Rank 1 = highest rate; equal rates share a rank; areas without target residents get none. */
export function rankChildren(rows: ChildCoverage[]): ChildCoverage[] {
  const rated = rows.filter((r) => r.rate !== null).sort((x, y) => y.rate! - x.rate!)
  rated.forEach((r, i) => (r.rank = i > 0 && rated[i - 1].rate === r.rate ? rated[i - 1].rank : i + 1))
  return rows
}

/** The level of an area's children (the whole data set: the level below its top areas). */
function nextLevel(list: { code: string; level: string; parent: string | null }[], area: string | null): string | null {
  if (area) return list.find((x) => x.parent === area)?.level ?? null
  const top = list.filter((x) => !x.parent)
  if (top.length === 1) return list.find((x) => x.parent === top[0].code)?.level ?? null
  return top[0]?.level ?? null
}

function sum(cells: Int32Array, column: Float64Array | number[]): number {
  let s = 0
  for (const i of cells) s += column[i] || 0
  return s
}

function thin<T>(list: T[], n: number): T[] {
  if (list.length <= n) return list
  const step = (list.length - 1) / (n - 1)
  return Array.from({ length: n }, (_, k) => list[Math.round(k * step)])
}
