/**
 * Suggested sites (issue 4): greedy maximal covering location with lazy evaluation (CELF,
 * Leskovec et al. 2007). Existing facilities are fixed: cells they already cover bring no gain.
 * Each round picks the candidate that newly covers the most target population (or the most per
 * unit cost when costs and a budget are given). Coverage is monotone submodular, so greedy is
 * within (1 − 1/e) of the optimum; gains only shrink as sites are chosen, so a stale gain is an
 * upper bound and most candidates are never re-evaluated.
 *
 * With a per-site capacity, a site serves at most that many persons, nearest cells first (a
 * partly served cell keeps its remainder for other sites).
 */
import { type Catchments, facilityCatchments } from './catchments'
import { createFacilitySet } from './facility-set'
import type { TravelContext } from './travel-context'
import type { NearestFacilityField } from './travel-time'

/** Candidate c covers items item[start[c]] … item[start[c + 1] − 1], nearest first. */
export interface CoverageSets {
  start: Int32Array
  item: Int32Array
}

export interface GreedyCoverOptions {
  /** Number of sites to choose at most. */
  k: number
  /** Weight (persons not yet covered) per item; not modified. */
  weight: Float64Array
  /** Persons one site can serve: one number for all, one per candidate, or null (no limit). */
  capacity?: number | Float64Array | null
  /** Cost per candidate; with `budget`, sites are chosen by gain per cost while the budget lasts. */
  cost?: Float64Array | null
  budget?: number
}

export interface GreedyCoverResult {
  /** Candidates in order of choice, and the persons each newly covers. */
  chosen: number[]
  gains: number[]
  totalCost: number
  /** Weight left uncovered per item after the choice. */
  residual: Float64Array
}

/**
 * Greedy maximal covering with lazy (CELF) evaluation.
 * @example greedyMaximalCover({ start: Int32Array.of(0, 2, 3), item: Int32Array.of(0, 1, 1) }, { k: 1, weight: Float64Array.of(5, 7) })
 * // { chosen: [0], gains: [12], … }
 * Contract: weights ≥ 0 persons; gains are positive and never increase from one pick to the next
 * (without costs); stops early when nothing more can be covered; total cost ≤ budget; picks the
 * same sites as a plain greedy (ties to the lower candidate index).
 */
export function greedyMaximalCover(sets: CoverageSets, options: GreedyCoverOptions): GreedyCoverResult {
  const candidates = sets.start.length - 1
  const residual = Float64Array.from(options.weight)
  const cap = options.capacity ?? null
  const capacityOf = (c: number) => (cap === null ? Infinity : typeof cap === 'number' ? cap : cap[c])
  const cost = options.cost ?? null
  const budget = options.budget ?? Infinity
  const useRatio = cost !== null && budget < Infinity
  const gainOf = (c: number) => {
    let g = 0
    for (let p = sets.start[c]; p < sets.start[c + 1]; p++) g += residual[sets.item[p]]
    return Math.min(g, capacityOf(c))
  }
  const keyOf = (c: number, gain: number) => (useRatio ? gain / Math.max(cost![c], 1e-12) : gain)

  // Max-heap of candidates by (key desc, index asc) on plain arrays.
  const heapC: number[] = []
  const heapKey: number[] = []
  const heapGain: number[] = []
  const above = (a: number, b: number) => heapKey[a] > heapKey[b] || (heapKey[a] === heapKey[b] && heapC[a] < heapC[b])
  const swap = (a: number, b: number) => {
    ;[heapC[a], heapC[b]] = [heapC[b], heapC[a]]
    ;[heapKey[a], heapKey[b]] = [heapKey[b], heapKey[a]]
    ;[heapGain[a], heapGain[b]] = [heapGain[b], heapGain[a]]
  }
  const push = (c: number, gain: number) => {
    heapC.push(c)
    heapKey.push(keyOf(c, gain))
    heapGain.push(gain)
    for (let i = heapC.length - 1; i > 0 && above(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1)
  }
  const pop = (): [number, number] => {
    const top: [number, number] = [heapC[0], heapGain[0]]
    const last = heapC.length - 1
    swap(0, last)
    heapC.pop(); heapKey.pop(); heapGain.pop()
    for (let i = 0; ; ) {
      let best = i
      const l = 2 * i + 1, r = l + 1
      if (l < heapC.length && above(l, best)) best = l
      if (r < heapC.length && above(r, best)) best = r
      if (best === i) break
      swap(i, best)
      i = best
    }
    return top
  }

  const evaluatedAt = new Int32Array(candidates)
  for (let c = 0; c < candidates; c++) {
    const g = gainOf(c)
    if (g > 0) push(c, g)
  }
  const chosen: number[] = []
  const gains: number[] = []
  let spent = 0
  let round = 0
  while (chosen.length < options.k && heapC.length > 0) {
    const [c, gain] = pop()
    if (cost !== null && spent + cost[c] > budget) continue // can never fit again: the budget only shrinks
    if (evaluatedAt[c] !== round) {
      evaluatedAt[c] = round
      const fresh = gainOf(c)
      if (fresh > 0) push(c, fresh)
      continue
    }
    if (!(gain > 0)) break
    chosen.push(c)
    gains.push(gain)
    spent += cost !== null ? cost[c] : 0
    // Serve the nearest cells first, up to the capacity.
    let left = capacityOf(c)
    for (let p = sets.start[c]; p < sets.start[c + 1] && left > 0; p++) {
      const i = sets.item[p]
      const take = Math.min(residual[i], left)
      residual[i] -= take
      left -= take
    }
    round++
  }
  return { chosen, gains, totalCost: spent, residual }
}

export interface SuggestSitesInput {
  /** Candidate points; default: centroids of the cells with target population in `cells`. */
  candidateLng?: Float64Array
  candidateLat?: Float64Array
  targetPopulation: Float64Array
  thresholdMinutes: number
  k: number
  /** Cells of the area planned for (default all); only their target population counts. */
  cells?: Int32Array | null
  capacity?: number | Float64Array | null
  cost?: Float64Array | null
  budget?: number
}

export interface SuggestedSites {
  sites: { candidate: number; lng: number; lat: number; gain: number }[]
  /** Target population of the area covered before and after the suggested sites. */
  coveredBefore: number
  coveredAfter: number
}

/**
 * Suggests up to k new sites for a facility type given the current field (existing facilities).
 * @example suggestSites(ctx, field, { targetPopulation, thresholdMinutes: 10, k: 3 })
 * Contract: uses the field's speed; a cell counts as covered by a candidate iff its travel time
 * to it is ≤ thresholdMinutes (same rules as the field); coveredAfter = coveredBefore + Σ gains.
 */
export function suggestSites(ctx: TravelContext, field: NearestFacilityField, input: SuggestSitesInput): SuggestedSites {
  const n = ctx.cells.count
  const inArea = new Uint8Array(n)
  if (input.cells) for (const i of input.cells) inArea[i] = 1
  else inArea.fill(1)
  let lng = input.candidateLng
  let lat = input.candidateLat
  if (!lng || !lat) {
    const picks: number[] = []
    for (let i = 0; i < n; i++) if (inArea[i] && input.targetPopulation[i] > 0) picks.push(i)
    lng = Float64Array.from(picks, (i) => ctx.cells.lng[i])
    lat = Float64Array.from(picks, (i) => ctx.cells.lat[i])
  }
  const weight = new Float64Array(n)
  let coveredBefore = 0
  for (let i = 0; i < n; i++) {
    if (!inArea[i] || !(input.targetPopulation[i] > 0)) continue
    if (field.minutes[i] <= input.thresholdMinutes) coveredBefore += input.targetPopulation[i]
    else weight[i] = input.targetPopulation[i]
  }
  const candidates = createFacilitySet(ctx, lng, lat)
  const catchments = facilityCatchments(ctx, candidates, { speedKmh: field.speedKmh, maxMinutes: input.thresholdMinutes })
  const result = greedyMaximalCover(nearestFirst(catchments), {
    k: input.k, weight, capacity: input.capacity, cost: input.cost, budget: input.budget,
  })
  const sites = result.chosen.map((c, k) => ({ candidate: c, lng: lng![c], lat: lat![c], gain: result.gains[k] }))
  return { sites, coveredBefore, coveredAfter: coveredBefore + result.gains.reduce((a, b) => a + b, 0) }
}

/** Catchments as coverage sets, each ordered by travel time (then cell index). */
function nearestFirst(catchments: Catchments): CoverageSets {
  const item = new Int32Array(catchments.cell.length)
  const facilities = catchments.start.length - 1
  for (let j = 0; j < facilities; j++) {
    const from = catchments.start[j], to = catchments.start[j + 1]
    const order = Array.from({ length: to - from }, (_, k) => from + k)
    order.sort((a, b) => catchments.minutes[a] - catchments.minutes[b] || catchments.cell[a] - catchments.cell[b])
    for (let k = 0; k < order.length; k++) item[from + k] = catchments.cell[order[k]]
  }
  return { start: catchments.start, item }
}
