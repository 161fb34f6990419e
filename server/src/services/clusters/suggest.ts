import { badRequest } from '../../errors'
import { adjacencyFromPairs, clusterLowerBound, EXACT_MAX_UNITS, exactClusters, heuristicClusters, type ClusterProblem } from '../../engine'
import type { SuggestBody } from '../../contract/clusters'
import type { SuggestResponse } from '../../contract/cluster-responses'
import { listFacilitiesIn } from './facilities'
import type { Analysis } from '../analysis'
import { hubTier, resolveMode, ruralTiers } from './tiers'
import { loadUnits, unitMinutes, type Units } from './units'

/** Instances up to this size are solved exactly by default (`method: auto`); the DP holds 2^n states. */
export const AUTO_EXACT_UNITS = 16

export interface SuggestedCluster {
  code: string
  name: string
  hub: { code: string; name: string; why: { zh: string; en: string }; facilities: number; runnerUp: { code: string; name: string; extraPersonMinutes: number } | null }
  members: { code: string; name: string; population: number; minutesToHub: number; withinMinutes: boolean }[]
  population: number
  personMinutes: number
  meanMinutes: number
}

/**
 * `POST /api/clusters/suggest`: contiguous clusters of the area's units around hubs, minimising
 * Σ population × minutes to the hub by the chosen mode, within the population bounds, with the
 * given count or as many clusters as the bounds allow. Exact (subset DP) up to AUTO_EXACT_UNITS
 * units, else the heuristic, with a Lagrangian lower bound for the same number of clusters.
 */
export async function suggestClusters(a: Analysis, body: SuggestBody): Promise<SuggestResponse> {
  const t0 = Date.now()
  const { units, problem, travel, reach, travelMethod } = await clusterProblem(a, body)
  const n = units.list.length
  const useExact = body.method === 'exact' || (body.method === 'auto' && n <= AUTO_EXACT_UNITS)
  if (useExact && n > EXACT_MAX_UNITS) throw badRequest(`the exact method takes at most ${EXACT_MAX_UNITS} units; this area has ${n}`, [{ field: 'method', message: 'use heuristic' }], 'invalid_request')
  let solution
  let method: 'exact' | 'heuristic'
  if (useExact) {
    solution = exactClusters(problem)
    method = 'exact'
    if (!solution) throw badRequest('no partition into contiguous clusters meets the population bounds' + (body.count ? ` with ${body.count} clusters` : ''), [{ field: 'minPopulation', message: 'bounds cannot be met' }], 'infeasible')
  } else {
    solution = heuristicClusters(problem, { seed: body.seed ?? 1 })
    method = 'heuristic'
  }
  const solveMs = Date.now() - t0
  const k = solution.hubs.length
  const lowerBound = method === 'exact' ? solution.objective : clusterLowerBound(problem, { k, upperBound: solution.objective })
  const facilities = await listFacilitiesIn(a, units)
  const clusters = describe(units, problem, solution.cluster, solution.hubs, reach, facilities)
  return {
    area: units.area.code,
    unitLevel: units.level,
    mode: travel.mode,
    speedKmh: travel.speedKmh,
    minutes: reach,
    method,
    travelMethod,
    crossTownships: body.crossTownships,
    feasible: solution.feasible,
    clusters,
    objective: solution.objective,
    lowerBound,
    gap: solution.objective > 0 ? (solution.objective - lowerBound) / solution.objective : 0,
    elapsedMs: Date.now() - t0,
    solveMs,
  }
}

/** The problem of a suggestion request: units, travel minutes between them, adjacency, bounds. */
export async function clusterProblem(a: Analysis, body: SuggestBody) {
  const tier = hubTier(await ruralTiers(a))
  const travel = await resolveMode(a, body.mode ?? tier?.mode ?? 'ebike', body.speedKmh)
  const reach = body.minutes ?? tier?.minutes ?? 20
  const units = await loadUnits(a, body.area, body.unitLevel)
  const n = units.list.length
  const { minutes, method: travelMethod } = await unitMinutes(a, units.list, travel)
  const keep = (i: number, j: number) => body.crossTownships || units.list[i].township === units.list[j].township
  if (!body.crossTownships) for (let i = 0; i < n; i++) for (let h = 0; h < n; h++) if (!keep(i, h)) minutes[i * n + h] = Infinity
  const problem: ClusterProblem = {
    population: Float64Array.from(units.list, (u) => u.population),
    minutes,
    adjacency: adjacencyFromPairs(n, units.pairs.filter(([i, j]) => keep(i, j))),
    minPopulation: body.minPopulation,
    maxPopulation: body.maxPopulation,
    count: body.count,
  }
  const tooBig = units.list.filter((u) => u.population > (body.maxPopulation ?? Infinity))
  if (tooBig.length) {
    throw badRequest(`${tooBig.length} unit(s) alone exceed maxPopulation ${body.maxPopulation}`, tooBig.slice(0, 50).map((u) => ({ id: u.code, field: 'maxPopulation', message: `${u.name} has ${u.population} residents` })), 'infeasible')
  }
  if (body.count !== undefined && body.count > n) throw badRequest(`count ${body.count} exceeds the ${n} units`, [{ field: 'count', message: `at most ${n}` }], 'invalid_request')
  return { units, problem, travel, reach, travelMethod }
}

/** The explanation of each cluster: hub and why, members with their minutes, population. */
export function describe(units: Units, p: ClusterProblem, cluster: Int32Array, hubs: Int32Array, reach: number, facilities: number[]): SuggestedCluster[] {
  const n = units.list.length
  return [...hubs].map((hub, c) => {
    const members = [...cluster].flatMap((x, u) => (x === c ? [u] : []))
    const cost = (h: number) => members.reduce((s, i) => s + (p.population[i] > 0 ? p.population[i] * p.minutes[i * n + h] : 0), 0)
    const hubCost = cost(hub)
    let runner = -1
    let runnerCost = Infinity
    for (const h of members) if (h !== hub && cost(h) < runnerCost) { runner = h; runnerCost = cost(h) }
    const population = members.reduce((s, i) => s + p.population[i], 0)
    const u = units.list[hub]
    const f = facilities[hub]
    const extra = runner >= 0 ? Math.round(runnerCost - hubCost) : 0
    const why = {
      zh: `${u.name}居中：到该中心的人口加权出行时间最少（${runner >= 0 ? `比次优的${units.list[runner].name}少${extra.toLocaleString('en')}人·分钟` : '片区仅此一村'}）；已有设施${f}处`,
      en: `${u.name} is central: the least population-weighted travel time to it (${runner >= 0 ? `${extra.toLocaleString('en')} person-minutes less than ${units.list[runner].name}` : 'the only unit'}); ${f} facilities already there`,
    }
    return {
      code: `C${String(c + 1).padStart(3, '0')}`,
      name: `${u.name}片区`,
      hub: { code: u.code, name: u.name, why, facilities: f, runnerUp: runner >= 0 ? { code: units.list[runner].code, name: units.list[runner].name, extraPersonMinutes: extra } : null },
      members: members.map((i) => {
        const m = p.minutes[i * n + hub]
        return { code: units.list[i].code, name: units.list[i].name, population: p.population[i], minutesToHub: round2(m), withinMinutes: m <= reach }
      }),
      population,
      personMinutes: hubCost,
      meanMinutes: population > 0 ? round2(hubCost / population) : 0,
    }
  })
}

const round2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : x)
