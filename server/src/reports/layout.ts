// The order and wording of a coverage report's pages, shared by the HTML and the PDF writers: a
// list of blocks (headings, paragraphs, key figures, tables, figures, page breaks) built from the
// report model. The writers only draw blocks.
import type { ReportModel, TypeSection } from './model'
import type { ReportTable } from './tables'
import { childTable, complianceTable, gapsTable, indexTable, weight, indicatorsTable, minutesTable, projectsTable, sourcesTable } from './data'
import { fmt, tr } from './i18n'
import { coverageMap } from './svg/map'
import { barChart, indicatorChart, lorenzChart, minutesCurve } from './svg/charts'

export type Block =
  | { kind: 'title'; text: string; subtitle: string[] }
  | { kind: 'h1' | 'h2' | 'p' | 'note'; text: string }
  | { kind: 'figures'; items: { label: string; value: string; sub?: string }[] }
  | { kind: 'table'; table: ReportTable; compact?: boolean }
  | { kind: 'figure'; svg: string; caption: string }
  | { kind: 'pageBreak' }

export function reportBlocks(m: ReportModel): Block[] {
  const L = m.lang
  const t = (k: string, v: Record<string, string | number> = {}) => tr(L, k, v)
  const out: Block[] = []
  const sub = [
    t('subtitleSubject', { subject: m.subject.name, kind: t(m.subject.kind === 'domain' ? 'kindDomain' : 'kindType') }),
    m.scenario ? t('subtitleScenario', { name: m.scenario.name, id: m.scenario.id }) : t('subtitleBaseline'),
    ...(m.compliance?.plan ? [t('subtitlePlan', { name: m.compliance.plan.name })] : []),
    t('subtitleGenerated', { at: m.generatedAt.slice(0, 16).replace('T', ' '), date: m.dataDate ?? '—' }),
  ]
  out.push({ kind: 'title', text: m.title, subtitle: sub })

  // Summary
  out.push({ kind: 'h1', text: t('secSummary') })
  out.push({ kind: 'figures', items: [
    { label: t('figPopulation'), value: fmt.int(L, m.population.total) },
    ...m.population.groups.map((g) => ({ label: t(`group_${g.group}`), value: fmt.int(L, g.population) })),
  ] })
  for (const s of m.types) out.push({ kind: 'figures', items: typeFigures(m, s) })
  if (m.index?.area) {
    const x = m.index
    out.push({ kind: 'figures', items: [
      { label: t('figIndex'), value: fmt.num(L, x.area!.index, 3), sub: t('figIndexScale') },
      { label: t('figAccessible'), value: fmt.num(L, x.area!.accessible, 3), sub: t('figWeight', { w: weight(x.weights.accessible) }) },
      { label: t('figBalanced'), value: fmt.num(L, x.area!.balanced, 3), sub: t('figWeight', { w: weight(x.weights.balanced) }) },
      { label: t('figQuality'), value: fmt.num(L, x.area!.quality, 3), sub: t('figWeight', { w: weight(x.weights.quality) }) },
    ] })
  }
  if (m.previousAt) out.push({ kind: 'note', text: t('notePrevious', { at: m.previousAt.slice(0, 16).replace('T', ' ') }) })
  else out.push({ kind: 'note', text: t('noteNoPrevious') })
  out.push({ kind: 'note', text: t('notePlanTarget') })
  out.push({ kind: 'figure', svg: minutesCurve(L, t('chartMinutes'), m.types.map((s) => ({ name: s.name, threshold: s.thresholdMinutes, within: s.within }))), caption: t('captionMinutes') })

  // One part per type
  for (const s of m.types) {
    out.push({ kind: 'pageBreak' })
    out.push({ kind: 'h1', text: t('secType', { type: s.name, minutes: s.thresholdMinutes }) })
    out.push({ kind: 'p', text: t('typeIntro', { group: t(`group_${s.targetGroup}`, {}), minutes: s.thresholdMinutes, mode: m.provenance.mode.name, speed: fmt.num(L, s.speedKmh, 1), method: t(`method_${s.method}`) }) })
    out.push({ kind: 'figure', svg: coverageMap({ lang: L, title: t('mapTitle', { type: s.name }), kind: 'coverage', outlines: m.outlines, cells: s.cells, gaps: s.gaps, facilities: s.facilities, dataDate: m.dataDate }), caption: t('captionMap', { type: s.name, res: s.cellResolution }) })
    if (m.scenario) {
      out.push({ kind: 'figure', svg: coverageMap({ lang: L, title: t('mapDiffTitle', { type: s.name }), kind: 'difference', outlines: m.outlines, cells: s.cells, gaps: [], facilities: s.facilities, dataDate: m.dataDate }), caption: t('captionDiff', { name: m.scenario.name }) })
    }
    if (s.children.length) {
      out.push({ kind: 'table', table: childTable(m, s) })
      const sorted = [...s.children].sort((x, y) => (x.rank ?? 1e9) - (y.rank ?? 1e9))
      out.push({ kind: 'figure', svg: barChart(L, t('chartChildren', { type: s.name }), sorted.map((c) => ({ label: c.name, share: c.rate })), s.total.rate !== null ? { share: s.total.rate, label: t('areaRate') } : undefined), caption: t('captionChildren') })
      out.push({ kind: 'table', table: minutesTable(m, s), compact: true })
    }
    out.push({ kind: 'h2', text: t('secEquity') })
    out.push({ kind: 'p', text: t('equityText', { gini: fmt.num(L, s.equity.gini, 3), theil: fmt.num(L, s.equity.theil.total, 3), between: fmt.num(L, s.equity.theil.between, 3), within: fmt.num(L, s.equity.theil.within, 3) }) })
    out.push({ kind: 'h2', text: t('secGaps', { type: s.name }) })
    out.push({ kind: 'p', text: s.gaps.length ? t('gapsText', { total: s.gapTotal, shown: s.gaps.length }) : t('gapsNone') })
    for (const g of s.gaps) {
      out.push({ kind: 'p', text: t('gapItem', {
        rank: g.rank, target: fmt.int(L, g.targetPopulation), area: fmt.num(L, g.areaKm2, 2), township: g.township ?? '—',
        site: g.site ? `${g.site.lng.toFixed(5)}, ${g.site.lat.toFixed(5)}` : '—', gain: fmt.int(L, g.site?.gain ?? null),
        pieces: g.pieces.length, piecesCovered: fmt.int(L, g.pieces.reduce((x, y) => x + y.targetPopulation, 0)),
      }) })
    }
  }
  if (m.types.length) {
    out.push({ kind: 'pageBreak' })
    out.push({ kind: 'h1', text: t('secEquityAll') })
    out.push({ kind: 'figure', svg: lorenzChart(L, t('chartLorenz'), m.types.map((s) => ({ name: s.name, gini: s.equity.gini, lorenz: s.equity.lorenz }))), caption: t('captionLorenz') })
    const idx = indexTable(m)
    if (idx && idx.rows.length > 1) {
      out.push({ kind: 'h2', text: t('secIndex') })
      out.push({ kind: 'p', text: t(m.index!.verify ? 'indexNoteVerify' : 'indexNote', { measure: m.index!.balancedMeasure }) })
      out.push({ kind: 'table', table: idx, compact: true })
    }
    const gaps = gapsTable(m)
    if (gaps.rows.length) out.push({ kind: 'table', table: gaps, compact: true })
  }

  // Life circles / rural tiers
  const comp = complianceTable(m)
  if (comp && m.compliance) {
    out.push({ kind: 'pageBreak' })
    out.push({ kind: 'h1', text: t(m.compliance.standard === 'gb50180' ? 'secComplianceGb' : 'secComplianceTdt') })
    out.push({ kind: 'p', text: m.compliance.tiers.map((x) => `${x.name}：${x.typeNames.join('、')}`).join('；') })
    out.push({ kind: 'table', table: comp, compact: true })
    for (const c of m.compliance.comparison ?? []) {
      out.push({ kind: 'p', text: t('comparisonLine', { label: c.label, clusters: c.clusters, shares: m.compliance.tiers.map((x, k) => `${x.name} ${fmt.pct(L, c.shares[k])}`).join('，'), mean: fmt.num(L, c.meanMinutesToHub, 1), sites: c.sitesNeeded }) })
    }
  }

  // Projects and indicators
  out.push({ kind: 'pageBreak' })
  out.push({ kind: 'h1', text: t('secProjects') })
  out.push(m.projects.rows.length ? { kind: 'table', table: projectsTable(m), compact: true } : { kind: 'p', text: t('projectsNone') })
  out.push({ kind: 'h1', text: t('secIndicators') })
  if (m.indicators.length) {
    out.push({ kind: 'table', table: indicatorsTable(m), compact: true })
    out.push({ kind: 'figure', svg: indicatorChart(L, t('chartIndicators'), m.indicators), caption: t('captionIndicators') })
  } else out.push({ kind: 'p', text: t('indicatorsNone') })

  // Methodology
  out.push({ kind: 'pageBreak' })
  out.push({ kind: 'h1', text: t('secMethod') })
  const p = m.provenance
  out.push({ kind: 'p', text: t('methodTravel', { mode: p.mode.name, code: p.mode.code, speed: fmt.num(L, p.mode.speedKmh, 1), access: fmt.num(L, p.mode.accessSpeedKmh ?? p.mode.speedKmh, 1), network: p.mode.network, method: p.method.split(', ').map((x) => t(`method_${x}`)).join('，') }) })
  if (p.mode.roadClasses.length) out.push({ kind: 'p', text: t('methodRoads', { classes: p.mode.roadClasses.map(([k, v]) => `${k} ${v}`).join('，') }) })
  out.push({ kind: 'p', text: t('methodSnap', { snap: p.snapLimitM, detour: p.detourFactor }) })
  out.push({ kind: 'p', text: t('methodThresholds', { list: p.thresholds.map((x) => `${x.name} ${x.minutes}′ (${t(`group_${x.targetGroup}`)})`).join('，') }) })
  out.push({ kind: 'p', text: t('methodCrs', { crs: p.crs }) })
  for (const k of ['formulaCoverage', 'formulaWithin', 'formula2sfca', 'formulaGini', 'formulaTheil', 'formulaGaps', 'formulaSite', 'formulaProjects', m.compliance?.standard === 'tdt1062' ? 'formulaTdt' : 'formulaGb']) out.push({ kind: 'p', text: t(k) })
  out.push({ kind: 'table', table: sourcesTable(m), compact: true })
  out.push({ kind: 'note', text: t('attributionLong') })
  return out
}

function typeFigures(m: ReportModel, s: TypeSection) {
  const L = m.lang
  const items = [
    { label: tr(L, 'figType'), value: s.name, sub: tr(L, 'figThreshold', { minutes: s.thresholdMinutes }) },
    { label: tr(L, 'figTarget', { group: tr(L, `group_${s.targetGroup}`) }), value: fmt.int(L, s.total.targetPopulation) },
    { label: tr(L, 'figCovered'), value: fmt.int(L, s.total.coveredPopulation), sub: `${tr(L, 'figUncovered')} ${fmt.int(L, s.total.uncoveredPopulation)}` },
    { label: tr(L, 'figRate'), value: fmt.pct(L, s.total.rate), sub: s.planTarget !== null ? `${tr(L, 'figPlanTarget')} ${fmt.pct(L, s.planTarget)}` : tr(L, 'figNoPlanTarget') },
  ]
  if (s.baseline) items.push({ label: tr(L, 'figVsBaseline'), value: fmt.pp(L, s.total.rate !== null && s.baseline.rate !== null ? s.total.rate - s.baseline.rate : null), sub: `${fmt.signedInt(L, s.total.coveredPopulation - s.baseline.coveredPopulation)} ${tr(L, 'persons')}` })
  items.push({
    label: tr(L, 'figVsPrevious'),
    value: s.previous ? fmt.pp(L, s.total.rate !== null && s.previous.rate !== null ? s.total.rate - s.previous.rate : null) : '—',
    sub: s.previous ? `${fmt.signedInt(L, s.total.coveredPopulation - s.previous.coveredPopulation)} ${tr(L, 'persons')}` : tr(L, 'figFirstReport'),
  })
  return items
}
