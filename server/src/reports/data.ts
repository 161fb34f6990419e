import * as h3 from 'h3-js'
import type { Feature, Geometry } from 'geojson'
import type { CellValue, ColumnKind, ReportColumn, ReportData, ReportLayer, ReportTable } from './tables'
import type { ReportModel, TypeSection } from './model'
import { tr } from './i18n'

type Row = Record<string, CellValue>
const col = (m: ReportModel, key: string, labelKey: string, kind: ColumnKind, vars: Record<string, string | number> = {}): ReportColumn => ({ key, label: tr(m.lang, labelKey, vars), kind })
const MINUTES = [5, 10, 15, 20, 30]

/** ASCII file name stem of a report: coverage-<area>-<subject>[-s<scenario>][-p<plan>]-<lang>. */
export function reportName(m: ReportModel): string {
  const parts = ['coverage', m.area.code ?? 'all', m.subject.code]
  if (m.scenario) parts.push(`s${m.scenario.id}`)
  if (m.compliance?.plan) parts.push(`p${m.compliance.plan.id}`)
  parts.push(m.lang)
  return parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_')
}

/** One row per type: the headline figures. */
function summaryTable(m: ReportModel): ReportTable {
  const rows: Row[] = m.types.map((t) => ({
    type: t.name, code: t.code, threshold: t.thresholdMinutes, target: t.total.targetPopulation, covered: t.total.coveredPopulation,
    uncovered: t.total.uncoveredPopulation, rate: t.total.rate, planTarget: t.planTarget,
    baselineRate: t.baseline?.rate ?? null, previousRate: t.previous?.rate ?? null, gini: t.equity.gini, theil: t.equity.theil.total,
  }))
  const columns = [
    col(m, 'type', 'colType', 'text'), col(m, 'code', 'colCode', 'text'), col(m, 'threshold', 'colThreshold', 'minutes'),
    col(m, 'target', 'colTarget', 'integer'), col(m, 'covered', 'colCovered', 'integer'), col(m, 'uncovered', 'colUncovered', 'integer'),
    col(m, 'rate', 'colRate', 'percent'), col(m, 'planTarget', 'colPlanTarget', 'percent'),
    ...(m.scenario ? [col(m, 'baselineRate', 'colBaselineRate', 'percent')] : []),
    col(m, 'previousRate', 'colPreviousRate', 'percent'), col(m, 'gini', 'colGini', 'number'), col(m, 'theil', 'colTheil', 'number'),
  ]
  return { id: 'summary', title: tr(m.lang, 'tableSummary'), columns, rows }
}

export function childTable(m: ReportModel, t: TypeSection): ReportTable {
  return {
    id: `children_${t.code}`,
    title: tr(m.lang, 'tableChildren', { type: t.name, level: tr(m.lang, `level_${m.childLevel ?? 'none'}`) }),
    columns: [
      col(m, 'name', 'colArea', 'text'), col(m, 'code', 'colCode', 'text'), col(m, 'target', 'colTarget', 'integer'), col(m, 'covered', 'colCovered', 'integer'),
      col(m, 'uncovered', 'colUncovered', 'integer'), col(m, 'rate', 'colRate', 'percent'), col(m, 'rank', 'colRank', 'integer'),
    ],
    rows: t.children.map((c) => ({ name: c.name, code: c.code, target: c.targetPopulation, covered: c.coveredPopulation, uncovered: c.uncoveredPopulation, rate: c.rate, rank: c.rank })),
  }
}

export function minutesTable(m: ReportModel, t: TypeSection): ReportTable {
  const share = (w: { minutes: number; share: number | null }[], x: number) => w.find((y) => y.minutes === x)?.share ?? null
  const rows: Row[] = t.children.map((c) => ({ name: c.name, ...Object.fromEntries(MINUTES.map((x) => [`m${x}`, share(c.within, x)])) }))
  rows.push({ name: tr(m.lang, 'total'), ...Object.fromEntries(MINUTES.map((x) => [`m${x}`, share(t.within, x)])) })
  return {
    id: `minutes_${t.code}`,
    title: tr(m.lang, 'tableMinutes', { type: t.name }),
    columns: [col(m, 'name', 'colArea', 'text'), ...MINUTES.map((x) => col(m, `m${x}`, 'colWithin', 'percent', { minutes: x }))],
    rows,
  }
}

export function complianceTable(m: ReportModel): ReportTable | null {
  const c = m.compliance
  if (!c) return null
  const rows: Row[] = c.rows.map((r) => ({ name: r.name, code: r.code, population: r.population, ...Object.fromEntries(c.tiers.map((t, k) => [`t_${t.code}`, r.shares[k]])) }))
  rows.push({ name: tr(m.lang, 'total'), code: m.area.code, population: c.total.population, ...Object.fromEntries(c.tiers.map((t, k) => [`t_${t.code}`, c.total.shares[k]])) })
  return {
    id: 'compliance',
    title: tr(m.lang, c.standard === 'gb50180' ? 'tableComplianceGb' : 'tableComplianceTdt'),
    columns: [col(m, 'name', 'colArea', 'text'), col(m, 'code', 'colCode', 'text'), col(m, 'population', 'colPopulation', 'integer'), ...c.tiers.map((t) => ({ key: `t_${t.code}`, label: t.name, kind: 'percent' as const }))],
    rows,
  }
}

/** A weight as printed: two decimals (an equal third is 0.33). */
export const weight = (w: number) => String(Math.round(w * 100) / 100)

export function indexTable(m: ReportModel): ReportTable | null {
  const x = m.index
  if (!x) return null
  const rows: Row[] = [...x.children, ...(x.area ? [{ ...x.area, name: x.area.name }] : [])].map((r) => ({ name: r.name, code: r.code, index: r.index, accessible: r.accessible, balanced: r.balanced, quality: r.quality }))
  return {
    id: 'index',
    title: tr(m.lang, 'tableIndex'),
    columns: [
      col(m, 'name', 'colArea', 'text'), col(m, 'code', 'colCode', 'text'), col(m, 'index', 'colIndex', 'number'),
      col(m, 'accessible', 'colAccessible', 'number', { w: weight(x.weights.accessible) }), col(m, 'balanced', 'colBalanced', 'number', { w: weight(x.weights.balanced) }), col(m, 'quality', 'colQuality', 'number', { w: weight(x.weights.quality) }),
    ],
    rows,
  }
}

export function gapsTable(m: ReportModel): ReportTable {
  const rows: Row[] = m.types.flatMap((t) => t.gaps.map((g) => ({
    type: t.name, rank: g.rank, target: g.targetPopulation, population: g.population, areaKm2: g.areaKm2, township: g.township,
    nearest: g.nearestMinutes, siteLng: g.site?.lng ?? null, siteLat: g.site?.lat ?? null, siteGain: g.site?.gain ?? null, pieces: g.pieces.length,
  })))
  return {
    id: 'gaps',
    title: tr(m.lang, 'tableGaps'),
    columns: [
      col(m, 'type', 'colType', 'text'), col(m, 'rank', 'colRank', 'integer'), col(m, 'target', 'colGapTarget', 'integer'), col(m, 'population', 'colPopulation', 'integer'),
      col(m, 'areaKm2', 'colAreaKm2', 'number'), col(m, 'township', 'colTownship', 'text'), col(m, 'nearest', 'colNearest', 'minutes'),
      col(m, 'siteLng', 'colSiteLng', 'number'), col(m, 'siteLat', 'colSiteLat', 'number'), col(m, 'siteGain', 'colSiteGain', 'integer'), col(m, 'pieces', 'colPieces', 'integer'),
    ],
    rows,
  }
}

export function projectsTable(m: ReportModel): ReportTable {
  return {
    id: 'projects',
    title: tr(m.lang, 'tableProjects', { year: m.projects.year ?? '—' }),
    columns: [
      col(m, 'id', 'colId', 'text'), col(m, 'name', 'colProject', 'text'), col(m, 'status', 'colStatus', 'text'), col(m, 'investment', 'colInvestment', 'number'),
      col(m, 'newlyCovered', 'colNewlyCovered', 'integer'), col(m, 'yuanPerResident', 'colYuanPerResident', 'integer'),
    ],
    rows: m.projects.rows.map((p) => ({ id: p.id, name: p.name, status: p.status, investment: p.investment, newlyCovered: p.newlyCovered, yuanPerResident: p.yuanPerResident })),
  }
}

export function indicatorsTable(m: ReportModel): ReportTable {
  return {
    id: 'indicators',
    title: tr(m.lang, 'tableIndicators'),
    columns: [col(m, 'code', 'colCode', 'text'), col(m, 'name', 'colIndicator', 'text'), col(m, 'unit', 'colUnit', 'text'), col(m, 'target', 'colTargetValue', 'text'), col(m, 'value', 'colValue', 'number'), col(m, 'status', 'colStatus', 'text')],
    rows: m.indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit, target: i.target, value: i.value, status: tr(m.lang, `status_${i.status}`) })),
  }
}

export function sourcesTable(m: ReportModel): ReportTable {
  return {
    id: 'sources',
    title: tr(m.lang, 'tableSources'),
    columns: [col(m, 'kind', 'colKind', 'text'), col(m, 'file', 'colFile', 'text'), col(m, 'format', 'colFormat', 'text'), col(m, 'crs', 'colSourceCrs', 'text'), col(m, 'records', 'colRecords', 'integer'), col(m, 'at', 'colImportedAt', 'text')],
    rows: m.provenance.sources.map((s) => ({ kind: s.kind, file: s.fileName, format: s.format, crs: s.sourceCrs, records: s.records, at: s.at.slice(0, 16).replace('T', ' ') })),
  }
}

function layers(m: ReportModel): ReportLayer[] {
  const cells: ReportLayer = { id: 'cells', title: tr(m.lang, 'layerCells'), features: [] }
  const gaps: ReportLayer = { id: 'gaps', title: tr(m.lang, 'layerGaps'), features: [] }
  const facilities: ReportLayer = { id: 'facilities', title: tr(m.lang, 'layerFacilities'), features: [] }
  for (const t of m.types) {
    for (const c of t.cells) {
      cells.features.push(feature({ type: 'Polygon', coordinates: [h3.cellToBoundary(c.h3, true)] }, {
        type: t.code, h3: c.h3, resolution: t.cellResolution, targetPopulation: c.targetPopulation, coveredPopulation: c.coveredPopulation,
        rate: c.targetPopulation > 0 ? c.coveredPopulation / c.targetPopulation : null, meanMinutes: c.meanMinutes, ...(c.change !== undefined ? { change: c.change } : {}),
      }))
    }
    for (const g of t.gaps) {
      gaps.features.push(feature(g.geometry, { type: t.code, rank: g.rank, targetPopulation: g.targetPopulation, population: g.population, areaKm2: g.areaKm2, township: g.township, siteLng: g.site?.lng ?? null, siteLat: g.site?.lat ?? null, siteGain: g.site?.gain ?? null }))
    }
    for (const f of t.facilities) facilities.features.push(feature({ type: 'Point', coordinates: [f.lng, f.lat] }, { type: t.code, id: f.id, name: f.name, status: f.status }))
  }
  const byCode = new Map(m.types.flatMap((t) => t.children.map((c) => [`${t.code}|${c.code}`, c] as const)))
  const areas: ReportLayer = {
    id: 'areas',
    title: tr(m.lang, 'layerAreas'),
    features: m.outlines.map((o) => feature(o.geometry, {
      code: o.code, name: o.name, role: o.child ? 'child' : 'area',
      ...Object.fromEntries(m.types.flatMap((t) => {
        const c = o.child ? byCode.get(`${t.code}|${o.code}`) : { targetPopulation: t.total.targetPopulation, coveredPopulation: t.total.coveredPopulation, rate: t.total.rate }
        return [[`${t.code}_target`, c?.targetPopulation ?? null], [`${t.code}_covered`, c?.coveredPopulation ?? null], [`${t.code}_rate`, c?.rate ?? null]]
      })),
    })),
  }
  return [areas, cells, gaps, facilities]
}

const feature = (geometry: Geometry, properties: Record<string, CellValue>): Feature<Geometry, Record<string, CellValue>> => ({ type: 'Feature', properties, geometry })

/** The report as tables and layers, for the data writers (reports/write/*) and the page formats alike. */
export function toReportData(m: ReportModel): ReportData {
  const tables = [summaryTable(m), ...m.types.flatMap((t) => [childTable(m, t), minutesTable(m, t)]), complianceTable(m), indexTable(m), gapsTable(m), projectsTable(m), indicatorsTable(m), sourcesTable(m)]
  return { name: reportName(m), language: m.lang, tables: tables.filter((t): t is ReportTable => t !== null), layers: layers(m) }
}
