import { createFacilitySet, createTravelContext, suggestSites, travelTimeToNearest, type TravelContext } from '../../engine'
import type { RuralTier } from '../../contract/catalogue'
import type { Analysis } from '../analysis'
import { facilityUnit } from './facilities'
import { resolveMode, type ModeTravel } from './tiers'
import type { Units } from './units'

/** A cluster as the evaluation sees it: member unit indexes. */
export interface EvalCluster {
  code: string
  name: string
  members: number[]
}

export interface TierShare {
  tier: string
  /** Share of residents reaching every required type of the tier (inside the cluster / anywhere). */
  inside: number
  anywhere: number
  /** Required types whose target group is below `metShare` covered (inside / anywhere). */
  missingInside: string[]
  missingAnywhere: string[]
}

export interface ClusterEvaluation {
  units: { index: number; population: number; tiers: TierShare[] }[]
  tiers: TierShare[]
  hubFacilities: { id: string; name: string | null; type: string; villagesServed: number; targetPopulation: number; capacity: number | null; utilisation: number | null; flag: 'over' | 'under' | 'ok' | 'unknown' }[]
  /**
   * New sites per cluster-tier type (greedy maximal covering inside the cluster, candidates at the
   * member villages' centres) until `metShare` of the target group is covered; `capped` when the
   * candidates or the limit ran out first.
   */
  sitesNeeded: { type: string; tier: string; sites: number; capped: boolean }[]
}

export interface EvalOptions {
  metShare: number
  overUsed: number
  underUsed: number
  /** Most sites suggested per cluster and type. */
  maxSites: number
  /** Mode override for the cluster tier. */
  hubMode?: ModeTravel
}

/**
 * Tiers met per unit and cluster, inside the cluster (only facilities located in its units) and
 * anywhere (every facility), hub facilities with their utilisation, and the sites that would
 * complete each cluster — the figures of `GET /api/clusters/analysis`.
 */
export async function evaluateClusters(a: Analysis, units: Units, clusters: EvalCluster[], tiers: RuralTier[], opts: EvalOptions): Promise<ClusterEvaluation[]> {
  const [cells, facilities, where, cat] = await Promise.all([a.inputs.cells(), a.inputs.facilities(), facilityUnit(a, units), a.inputs.catalogue()])
  const unitCluster = new Int32Array(units.list.length).fill(-1)
  clusters.forEach((c, k) => c.members.forEach((u) => (unitCluster[u] = k)))
  const travels = await Promise.all(tiers.map((t) => (t.code === 'cluster' && opts.hubMode ? opts.hubMode : resolveMode(a, t.mode))))
  // Anywhere: the analysis service's cached fields (minutes per cell, nearest facility per cell).
  const anywhere = new Map<string, { minutes: Float64Array; nearest: Int32Array; ids: (string | null)[] }>()
  for (const [ti, t] of tiers.entries()) {
    for (const type of t.types) {
      const r = await a.resolve({ type, mode: travels[ti].mode, speedKmh: travels[ti].speedKmh, minutes: t.minutes })
      const field = await a.field(r)
      anywhere.set(`${t.code}|${type}`, { minutes: a.minutes(field, r.speedKmh), nearest: field.nearest, ids: field.facilities.map((f) => f?.id ?? null) })
    }
  }
  const out: ClusterEvaluation[] = []
  for (const [k, c] of clusters.entries()) {
    const cellList = c.members.flatMap((u) => [...units.cells[u]])
    const cellUnit = c.members.flatMap((u) => Array.from(units.cells[u], () => u))
    const lng = Float64Array.from(cellList, (i) => cells.rows.lng[i])
    const lat = Float64Array.from(cellList, (i) => cells.rows.lat[i])
    const pop = Float64Array.from(cellList, (i) => cells.rows.columns.population[i])
    const ctxs = new Map<string, TravelContext>()
    const ctxOf = async (profile: string) => {
      let ctx = ctxs.get(profile)
      if (!ctx) {
        const { network, legFactor } = await a.inputs.network(profile)
        ctx = createTravelContext({ network, cellLng: lng, cellLat: lat, maxSnapDistanceM: a.inputs.settings.maxSnapDistanceM, detourFactor: a.inputs.settings.detourFactor, legFactor })
        ctxs.set(profile, ctx)
      }
      return ctx
    }
    const unitTiers: TierShare[][] = c.members.map(() => [])
    const clusterTiers: TierShare[] = []
    const hubFacilities: ClusterEvaluation['hubFacilities'] = []
    const sitesNeeded: ClusterEvaluation['sitesNeeded'] = []
    for (const [ti, t] of tiers.entries()) {
      const ctx = await ctxOf(travels[ti].profile)
      const allIn = new Uint8Array(cellList.length).fill(1)
      const allAny = new Uint8Array(cellList.length).fill(1)
      const typeIn: Float64Array[] = []
      const typeAny: Float64Array[] = []
      const targets: Float64Array[] = []
      for (const type of t.types) {
        const target = cells.target(cat.type(type)!.targetGroup)
        const local = Float64Array.from(cellList, (i) => target[i])
        targets.push(local)
        const inside = (facilities.byType.get(type) ?? []).filter((f) => facilities.rows.status[f] === 'existing' && where[f] >= 0 && unitCluster[where[f]] === k)
        const set = createFacilitySet(ctx, Float64Array.from(inside, (f) => facilities.rows.lng[f]), Float64Array.from(inside, (f) => facilities.rows.lat[f]))
        const field = travelTimeToNearest(ctx, set, { speedKmh: travels[ti].speedKmh, maxMinutes: t.minutes })
        const any = anywhere.get(`${t.code}|${type}`)!
        const mIn = new Float64Array(cellList.length)
        const mAny = new Float64Array(cellList.length)
        for (let j = 0; j < cellList.length; j++) {
          mIn[j] = field.minutes[j]
          mAny[j] = any.minutes[cellList[j]]
          if (!(mIn[j] <= t.minutes)) allIn[j] = 0
          if (!(mAny[j] <= t.minutes)) allAny[j] = 0
        }
        typeIn.push(mIn)
        typeAny.push(mAny)
        hubFacilities.push(...servedBy(inside, field.nearest, field.minutes, t.minutes, cellUnit, local, facilities, type, opts, perPerson(cat.type(type)!.capacityUnit?.en)))
        // sites that would complete the cluster for this type (inside only)
        const covered = share(local, (j) => mIn[j] <= t.minutes)
        if (t.code === 'cluster' && covered < opts.metShare && local.some((x) => x > 0)) {
          // candidates: the member villages' centres (where a cluster would put a shared site)
          const candidateLng = Float64Array.from(c.members, (u) => units.list[u].lng)
          const candidateLat = Float64Array.from(c.members, (u) => units.list[u].lat)
          const s = suggestSites(ctx, field, { targetPopulation: local, thresholdMinutes: t.minutes, k: opts.maxSites, candidateLng, candidateLat })
          const total = local.reduce((x, y) => x + y, 0)
          let reached = s.coveredBefore
          let n = 0
          for (const site of s.sites) { if (reached / total >= opts.metShare) break; reached += site.gain; n++ }
          sitesNeeded.push({ type, tier: t.code, sites: n, capped: reached / total < opts.metShare })
        }
      }
      const missing = (inUnit: (j: number) => boolean, m: Float64Array[]) =>
        t.types.filter((_, x) => share(targets[x], (j) => inUnit(j) && m[x][j] <= t.minutes, inUnit) < opts.metShare)
      for (const [j, u] of c.members.entries()) {
        const inUnit = (q: number) => cellUnit[q] === u
        unitTiers[j].push({
          tier: t.code,
          inside: share(pop, (q) => inUnit(q) && allIn[q] === 1, inUnit),
          anywhere: share(pop, (q) => inUnit(q) && allAny[q] === 1, inUnit),
          missingInside: missing(inUnit, typeIn),
          missingAnywhere: missing(inUnit, typeAny),
        })
      }
      clusterTiers.push({
        tier: t.code,
        inside: share(pop, (q) => allIn[q] === 1),
        anywhere: share(pop, (q) => allAny[q] === 1),
        missingInside: missing(() => true, typeIn),
        missingAnywhere: missing(() => true, typeAny),
      })
    }
    out.push({ units: c.members.map((u, j) => ({ index: u, population: units.list[u].population, tiers: unitTiers[j] })), tiers: clusterTiers, hubFacilities, sitesNeeded })
  }
  return out
}

/** Σ weight where `pick`, ÷ Σ weight where `within` (1 when the denominator is 0: nobody lacks anything). */
function share(w: Float64Array, pick: (j: number) => boolean, within: (j: number) => boolean = () => true): number {
  let num = 0, den = 0
  for (let j = 0; j < w.length; j++) if (within(j)) { den += w[j]; if (pick(j)) num += w[j] }
  return den > 0 ? num / den : 1
}

/** Facilities of the cluster that are the nearest within reach for residents of ≥ 2 of its units, with utilisation. */
function servedBy(
  inside: number[], nearest: Int32Array, minutes: Float64Array, reach: number, cellUnit: number[], target: Float64Array,
  facilities: Awaited<ReturnType<Analysis['inputs']['facilities']>>, type: string, opts: EvalOptions, placesPerPerson: boolean,
): ClusterEvaluation['hubFacilities'] {
  const villages = inside.map(() => new Set<number>())
  const demand = new Float64Array(inside.length)
  for (let j = 0; j < nearest.length; j++) {
    const f = nearest[j]
    if (f < 0 || !(minutes[j] <= reach)) continue
    villages[f].add(cellUnit[j])
    demand[f] += target[j]
  }
  return inside.flatMap((f, x) => {
    if (villages[x].size < 2) return []
    const cap = facilities.rows.capacity[f]
    const capacity = Number.isNaN(cap) ? null : cap
    // utilisation only where capacity counts persons (places, beds, meals); not m² or visits
    const utilisation = capacity && placesPerPerson ? demand[x] / capacity : null
    const flag = utilisation === null ? 'unknown' : utilisation > opts.overUsed ? 'over' : utilisation < opts.underUsed ? 'under' : 'ok'
    return [{ id: facilities.rows.ids[f], name: facilities.rows.names[f], type, villagesServed: villages[x].size, targetPopulation: Math.round(demand[x]), capacity, utilisation: utilisation === null ? null : Math.round(utilisation * 1000) / 1000, flag }]
  })
}

/** Capacity units that count persons served at once, so that target population ÷ capacity is a utilisation. */
const PERSON_UNITS = new Set(['childcare places', 'school places', 'places', 'beds', 'meals per day'])
const perPerson = (unit: string | undefined) => unit !== undefined && PERSON_UNITS.has(unit)
