import type { AppContext } from '../context'
import { compliance } from '../analysis/compliance'
import { clusterAnalysis } from '../clusters/analysis'
import type { ComplianceSection, Lang } from '../../reports/model'
import { tr } from '../../reports/i18n'

/**
 * GB 50180 life-circle compliance of the area and its child areas (compliance service): the share
 * of residents whose 5-, 10- and 15-minute circles are complete.
 */
export async function lifeCircleCompliance(ctx: AppContext, area: string | undefined, childLevel: string | null, lang: Lang, mode?: string, scenario?: number): Promise<ComplianceSection> {
  const base = { area, mode, scenario }
  const total = await compliance(ctx.analysis, base)
  const byChild = childLevel ? await compliance(ctx.analysis, { ...base, level: childLevel as never }) : null
  const names = await typeNames(ctx, lang)
  const tiers = total.tiers.map((t) => ({ code: String(t.minutes), name: tr(lang, 'tierMinutes', { minutes: t.minutes }), minutes: t.minutes, types: t.types, typeNames: t.types.map(names) }))
  const shares = (x: { tiers: { minutes: number; share: number | null }[] }) => total.tiers.map((t) => x.tiers.find((y) => y.minutes === t.minutes)?.share ?? null)
  return {
    standard: 'gb50180',
    tiers,
    rows: (byChild?.areas ?? []).map((x) => ({ code: x.code, name: x.name, population: x.population, shares: shares(x) })),
    total: { population: total.total.population, shares: shares(total.total) },
  }
}

/**
 * TD/T 1062 rural tiers of a cluster plan (cluster analysis service): per cluster, the share of
 * residents reaching every type of each tier (anywhere), and the plan against the status quo.
 */
export async function clusterCompliance(ctx: AppContext, area: string, planId: number, lang: Lang, mode?: string): Promise<ComplianceSection> {
  const c = await clusterAnalysis(ctx.analysis, { area, plan: String(planId), mode, overUsed: 1, underUsed: 0.5 })
  const names = await typeNames(ctx, lang)
  const tiers = c.tiers.map((t) => ({ code: t.code, name: t.name[lang], minutes: t.minutes, types: t.types, typeNames: t.types.map(names) }))
  const share = (list: { tier: string; anywhere: number }[]) => tiers.map((t) => list.find((x) => x.tier === t.code)?.anywhere ?? null)
  const rows = c.clusters.map((k) => ({ code: k.code, name: k.name, population: k.population, shares: share(k.tiers) }))
  const summary = (label: string, s: typeof c.comparison.plan) => ({
    label, clusters: s.clusters, shares: tiers.map((t) => s.tiers.find((x) => x.tier === t.code)?.anywhere ?? 0), meanMinutesToHub: s.meanMinutesToHub, sitesNeeded: s.sitesNeeded,
  })
  return {
    standard: 'tdt1062',
    tiers,
    rows,
    total: { population: c.comparison.plan.population, shares: share(c.comparison.plan.tiers) },
    comparison: [summary(tr(lang, 'thePlan'), c.comparison.plan), summary(c.comparison.statusQuo.description[lang], c.comparison.statusQuo)],
    plan: { id: c.plan.id, name: c.plan.name, reachMinutes: c.reachMinutes, mode: c.mode },
  }
}

/** Catalogue names of facility types in the report's language (the code where unknown). */
async function typeNames(ctx: AppContext, lang: Lang): Promise<(code: string) => string> {
  const cat = await ctx.analysis.inputs.catalogue()
  return (code) => cat.type(code)?.name[lang] ?? code
}
