import type { z } from 'zod'
import { suggestSites } from '../../engine'
import type { SitingBody, SitingScenarioBody } from '../../contract/analysis'
import type { SitingResponse } from '../../contract/responses'
import type { Analysis } from '../analysis'
import { resolveScope } from '../analysis/scope'
import { limitExceeded } from '../../errors'
import type { Scenarios } from './scenarios'

/** Caps on one siting request (SITING_MAX_K, SITING_MAX_CANDIDATES). */
export interface SitingLimits {
  maxK: number
  maxCandidates: number
}


/**
 * `POST /api/siting`: greedy maximal covering (lazy evaluation) of up to k new sites for a type,
 * existing facilities (or the scenario's) fixed: each site is the candidate that newly covers the
 * most target residents of the area, given the sites chosen before it.
 */
export async function siting(a: Analysis, body: SitingBody, limits: SitingLimits = { maxK: 100, maxCandidates: 200_000 }): Promise<SitingResponse> {
  if (body.k > limits.maxK) throw limitExceeded('k', `k = ${body.k} sites asked; at most ${limits.maxK} per request`, 'SITING_MAX_K')
  if (body.candidates && body.candidates.length > limits.maxCandidates) {
    throw limitExceeded('candidates', `${body.candidates.length} candidate sites given; at most ${limits.maxCandidates}`, 'SITING_MAX_CANDIDATES')
  }
  const r = await a.resolve(body)
  const [cells, field, scope] = await Promise.all([
    a.inputs.cells(), a.field(r, { live: true, scenario: body.scenario }), resolveScope(a.inputs, body.area),
  ])
  const live = field.live!
  const target = cells.target(r.type.targetGroup)
  if (!body.candidates) {
    // The default candidates are the populated cells of the area: as many as the city's cells.
    let n = 0
    for (const i of scope.cells) if (target[i] > 0) n++
    if (n > limits.maxCandidates) {
      throw limitExceeded('area', `the area has ${n} populated cells to consider as sites; at most ${limits.maxCandidates}: choose a smaller area or give candidates`, 'SITING_MAX_CANDIDATES')
    }
  }
  // The engine reads minutes at the field's speed: hand it the field at the request's speed.
  const atSpeed = { ...live.field, speedKmh: r.speedKmh, minutes: a.minutes(field, r.speedKmh) }
  const c = body.candidates
  const result = suggestSites(live.ctx, atSpeed, {
    targetPopulation: target,
    thresholdMinutes: r.thresholdMinutes,
    k: body.k,
    cells: scope.cells,
    candidateLng: c ? Float64Array.from(c, (p) => p.lng) : undefined,
    candidateLat: c ? Float64Array.from(c, (p) => p.lat) : undefined,
    capacity: c?.some((p) => p.capacity !== undefined) ? Float64Array.from(c, (p) => p.capacity ?? body.capacity ?? Infinity) : (body.capacity ?? null),
    cost: c?.some((p) => p.cost !== undefined) ? Float64Array.from(c, (p) => p.cost ?? 1) : null,
    budget: body.budget,
  })
  let total = 0
  for (const i of scope.cells) total += target[i]
  let cumulative = 0
  return {
    type: r.type.code,
    mode: r.mode,
    minutes: r.thresholdMinutes,
    sites: result.sites.map((s) => ({ lng: s.lng, lat: s.lat, gain: s.gain, cumulativeGain: (cumulative += s.gain) })),
    coveredBefore: result.coveredBefore,
    coveredAfter: result.coveredAfter,
    targetPopulation: total,
  }
}

/**
 * `POST /api/siting/scenario`: the suggested sites as a new scenario, one `add` change per site
 * (named `siteName 1`, `siteName 2`, …); refused with 422 when they would not fit in one scenario.
 */
export async function sitingScenario(
  a: Analysis, scenarios: Scenarios, body: z.infer<typeof SitingScenarioBody>, limits: SitingLimits & { maxChanges: number }, actor: string,
): Promise<SitingResponse & { id: number }> {
  const result = await siting(a, body, limits)
  if (result.sites.length > limits.maxChanges) throw limitExceeded('k', `${result.sites.length} sites would not fit in one scenario (at most ${limits.maxChanges} changes)`, 'SCENARIO_MAX_CHANGES')
  const id = await scenarios.create(body.name, `${result.sites.length} suggested ${body.type} sites`, actor)
  for (const [k, s] of result.sites.entries()) {
    await scenarios.applyChange(id, { op: 'add', facility: { type: body.type, lng: s.lng, lat: s.lat, name: `${body.siteName} ${k + 1}` }, mode: body.mode, minutes: body.minutes, speedKmh: body.speedKmh }, actor)
  }
  return { id, ...result }
}
