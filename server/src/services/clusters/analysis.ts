import { bestHub, visitRoute, type ClusterProblem } from '../../engine'
import { planClusters } from '../../db/clusters'
import type { ClusterAnalysisQuery, UnitLevel } from '../../contract/clusters'
import type { ClusterAnalysisResponse } from '../../contract/cluster-responses'
import type { Analysis } from '../analysis'
import { evaluateClusters, type ClusterEvaluation, type EvalCluster } from './evaluate'
import { resolvePlan } from './plans'
import { hubTier, resolveMode, ruralTiers } from './tiers'
import { loadUnits, unitMinutes, type Units } from './units'

/** The service each kind of missing type calls for, when a village is beyond every hub's reach. */
const VISITING: Record<string, { zh: string; en: string }> = {
  education: { zh: '送教上门', en: 'home teaching visits' },
  childcare: { zh: '送教上门', en: 'home teaching visits' },
  health: { zh: '巡回医疗', en: 'mobile medical rounds' },
  other: { zh: '流动服务', en: 'mobile services' },
}

/**
 * `GET /api/clusters/analysis`: per cluster and member, tiers met (inside the cluster and
 * anywhere), hub facilities and their utilisation, villages beyond every hub's reach (mobile or
 * visiting services, with a weekly round per cluster), and the plan against the status quo
 * (one cluster per township): share of residents meeting each tier, mean and p90 minutes to the
 * hub, and the sites needed to complete every cluster.
 */
export async function clusterAnalysis(a: Analysis, q: ClusterAnalysisQuery & { metShare?: number; maxSites?: number }): Promise<ClusterAnalysisResponse> {
  const plan = await resolvePlan(a, q.area, q.plan)
  const [clusters, units, tiers, cat] = await Promise.all([
    planClusters(a.db(), plan.id, false), loadUnits(a, plan.area, plan.unitLevel as UnitLevel), ruralTiers(a), a.inputs.catalogue(),
  ])
  const tier = hubTier(tiers)
  const hubMode = await resolveMode(a, q.mode ?? tier?.mode ?? 'ebike', q.speedKmh)
  const reach = tier?.minutes ?? 20
  const opts = { metShare: q.metShare ?? 0.8, overUsed: q.overUsed, underUsed: q.underUsed, maxSites: q.maxSites ?? 10, hubMode }
  const facilities = await a.inputs.facilities()
  // Hub points: a member unit's point or a facility's location.
  const hubPoints = clusters.map((c) => {
    if (c.hubKind === 'unit') { const u = units.list[units.index.get(c.hub)!]; return { lng: u.lng, lat: u.lat } }
    const f = facilities.rows.ids.indexOf(c.hub)
    return { lng: facilities.rows.lng[f], lat: facilities.rows.lat[f] }
  })
  const n = units.list.length
  const { minutes, method } = await unitMinutes(a, [...units.list, ...hubPoints], hubMode)
  const m = n + hubPoints.length
  const toHub = (u: number, c: number) => minutes[u * m + n + c]
  const planClustersEval: EvalCluster[] = clusters.map((c) => ({ code: c.code, name: c.name, members: c.members.map((x) => units.index.get(x)!).filter((x) => x !== undefined) }))
  const statusQuo = townshipClusters(units, minutes, m)
  const [evalPlan, evalQuo] = await Promise.all([evaluateClusters(a, units, planClustersEval, tiers, opts), evaluateClusters(a, units, statusQuo.clusters, tiers, opts)])
  const nearestHub = (u: number) => Math.min(...clusters.map((_, c) => toHub(u, c)))
  const typeDomain = new Map(cat.types.map((t) => [t.code, t.domain]))
  const out = clusters.map((c, k) => {
    const e = evalPlan[k]
    const members = e.units.map((x) => ({
      code: units.list[x.index].code,
      name: units.list[x.index].name,
      township: units.list[x.index].township,
      population: x.population,
      minutesToHub: round2(toHub(x.index, k)),
      tiers: x.tiers,
    }))
    const candidates = e.units.filter((x) => !(nearestHub(x.index) <= reach)).map((x) => {
      const missing = [...new Set(x.tiers.flatMap((t) => t.missingInside))]
      const kinds = [...new Set(missing.map((t) => (VISITING[typeDomain.get(t) ?? ''] ? typeDomain.get(t)! : 'other')))]
      return { index: x.index, code: units.list[x.index].code, name: units.list[x.index].name, population: x.population, minutesToNearestHub: round2(nearestHub(x.index)), missing, services: [...new Map(kinds.map((d) => [VISITING[d].zh, VISITING[d]])).values()] }
    })
    // weekly round from the hub through the candidates, in minutes by the hub mode
    const pts = [n + k, ...candidates.map((x) => x.index)]
    const d = (i: number, j: number) => (minutes[pts[i] * m + pts[j]] + minutes[pts[j] * m + pts[i]]) / 2
    const route = candidates.length ? visitRoute(candidates.length, d) : null
    return {
      code: c.code,
      name: c.name,
      hub: { kind: c.hubKind, code: c.hub, name: c.hubKind === 'unit' ? units.list[units.index.get(c.hub)!].name : facilities.rows.names[facilities.rows.ids.indexOf(c.hub)] ?? c.hub },
      population: members.reduce((s, x) => s + x.population, 0),
      tiers: e.tiers,
      hubFacilities: e.hubFacilities,
      sitesNeeded: e.sitesNeeded,
      members,
      mobileCandidates: candidates.map(({ index: _i, ...rest }) => rest),
      visitRoute: route ? { order: route.order.map((s) => candidates[s - 1].code), minutes: round2(route.length) } : null,
    }
  })
  const planHubMinutes = clusters.flatMap((_, k) => evalPlan[k].units.map((x) => ({ w: x.population, t: toHub(x.index, k) })))
  const quoHubMinutes = statusQuo.clusters.flatMap((c, k) => c.members.map((u) => ({ w: units.list[u].population, t: minutes[u * m + statusQuo.hubs[k]] })))
  return {
    area: plan.area,
    plan: { id: plan.id, name: plan.name, unitLevel: plan.unitLevel },
    mode: hubMode.mode,
    speedKmh: hubMode.speedKmh,
    reachMinutes: reach,
    travelMethod: method,
    metShare: opts.metShare,
    tiers: tiers.map((t) => ({ code: t.code, name: t.name, mode: t.code === 'cluster' ? hubMode.mode : t.mode, minutes: t.minutes, types: t.types, verify: t.verify })),
    clusters: out,
    unassigned: units.list.filter((_, u) => !planClustersEval.some((c) => c.members.includes(u))).map((u) => u.code),
    comparison: {
      plan: summary(evalPlan, planHubMinutes, tiers.map((t) => t.code), clusters.length),
      statusQuo: { ...summary(evalQuo, quoHubMinutes, tiers.map((t) => t.code), statusQuo.clusters.length), description: { zh: '现状：按乡镇（街道）提供，每镇一个中心', en: 'status quo: provision per township, one hub each' } },
    },
  }
}

/** The status quo: one cluster per township, its hub the township's most central unit. */
function townshipClusters(units: Units, minutes: Float64Array, stride: number): { clusters: EvalCluster[]; hubs: number[] } {
  const by = new Map<string, number[]>()
  units.list.forEach((u, i) => { const t = u.township ?? u.code; by.set(t, [...(by.get(t) ?? []), i]) })
  const n = units.list.length
  const square = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) square[i * n + j] = minutes[i * stride + j]
  const p: ClusterProblem = { population: Float64Array.from(units.list, (u) => u.population), minutes: square, adjacency: { start: new Int32Array(n + 1), item: new Int32Array(0) } }
  const clusters: EvalCluster[] = []
  const hubs: number[] = []
  for (const [t, members] of [...by].sort()) {
    clusters.push({ code: t, name: t, members })
    hubs.push(bestHub(p, members).hub)
  }
  return { clusters, hubs }
}

function summary(e: ClusterEvaluation[], hub: { w: number; t: number }[], tierCodes: string[], count: number) {
  const total = e.reduce((s, c) => s + c.units.reduce((x, u) => x + u.population, 0), 0)
  const tierShare = (code: string, which: 'inside' | 'anywhere') =>
    total > 0 ? e.reduce((s, c) => s + c.units.reduce((x, u) => x + u.population * (u.tiers.find((t) => t.tier === code)?.[which] ?? 0), 0), 0) / total : 1
  const finite = hub.filter((h) => Number.isFinite(h.t)).sort((a, b) => a.t - b.t)
  const w = finite.reduce((s, h) => s + h.w, 0)
  let acc = 0
  const p90 = finite.find((h) => (acc += h.w) >= 0.9 * w)?.t ?? null
  return {
    clusters: count,
    population: total,
    tiers: tierCodes.map((code) => ({ tier: code, inside: round4(tierShare(code, 'inside')), anywhere: round4(tierShare(code, 'anywhere')) })),
    meanMinutesToHub: w > 0 ? round2(finite.reduce((s, h) => s + h.w * h.t, 0) / w) : null,
    p90MinutesToHub: p90 === null ? null : round2(p90),
    unreachablePopulation: hub.filter((h) => !Number.isFinite(h.t)).reduce((s, h) => s + h.w, 0),
    sitesNeeded: e.reduce((s, c) => s + c.sitesNeeded.reduce((x, y) => x + y.sites, 0), 0),
    sitesNeededCapped: e.some((c) => c.sitesNeeded.some((y) => y.capped)),
  }
}

const round2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null)
const round4 = (x: number) => Math.round(x * 10000) / 10000
