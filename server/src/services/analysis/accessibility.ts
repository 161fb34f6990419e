import { facilityCatchments, populationWeightedGini, twoStepFca } from '../../engine'
import type { AccessibilityQuery } from '../../contract/analysis'
import type { AccessibilityResponse } from '../../contract/responses'
import { badRequest } from '../../errors'
import type { Analysis, ResolvedRequest } from '.'
import type { TypeField } from './travel'
import { breakdown, resolveScope } from './scope'

/**
 * 2SFCA / Gaussian 2SFCA scores for every cell (API.md formulas): demand = the type's target
 * population, supply = facility capacity (1 where unknown), catchment = the threshold d0.
 * Memoised per field state and parameters.
 */
const memo = new WeakMap<TypeField, Map<string, Float64Array>>()

export async function accessibilityScores(a: Analysis, r: ResolvedRequest, method: '2sfca' | 'g2sfca', scenario?: number): Promise<{ field: TypeField; score: Float64Array }> {
  const field = await a.field(r, { live: true, scenario })
  const live = field.live
  if (!live) throw new Error('accessibility needs a live field')
  const key = `${r.speedKmh}|${r.thresholdMinutes}|${method}|${live.set.count}|${live.version}`
  let byKey = memo.get(field)
  if (!byKey) memo.set(field, (byKey = new Map()))
  const hit = byKey.get(key)
  if (hit) return { field, score: hit }
  const cells = await a.inputs.cells()
  const catchments = facilityCatchments(live.ctx, live.set, { speedKmh: r.speedKmh, maxMinutes: r.thresholdMinutes })
  // Removed facilities are inactive in the set: the engine gives them no catchment.
  const supply = Float64Array.from(live.facilities, (f) => (f && f.capacity !== null && f.capacity >= 0 ? f.capacity : 1))
  const { score } = twoStepFca(catchments, cells.target(r.type.targetGroup), {
    thresholdMinutes: r.thresholdMinutes,
    decay: method === 'g2sfca' ? 'gaussian' : 'step',
    supply,
  })
  if (byKey.size > 8) byKey.clear()
  byKey.set(key, score)
  return { field, score }
}


/** `GET /api/accessibility`: mean score and Gini per area, and each cell's score. */
export async function accessibility(a: Analysis, q: AccessibilityQuery): Promise<AccessibilityResponse> {
  const r = await a.resolve(q)
  const cells = await a.inputs.cells()
  const scope = await resolveScope(a.inputs, q.area)
  if (q.cells && scope.cells.length > 300_000) {
    throw badRequest('too many cells for one answer: choose an area or add cells=0', [{ field: 'area', message: `${scope.cells.length} cells in scope` }], 'too_large')
  }
  const { score } = await accessibilityScores(a, r, q.method, q.scenario)
  const demand = cells.target(r.type.targetGroup)
  const { groups, cellGroup } = await breakdown(a.inputs, scope, q.level)
  const members: number[][] = groups.map(() => [])
  for (const i of scope.cells) if (cellGroup[i] >= 0) members[cellGroup[i]].push(i)
  const areas = groups.map((g, k) => {
    const idx = Int32Array.from(members[k])
    let p = 0
    let s = 0
    for (const i of idx) {
      p += demand[i]
      s += demand[i] * score[i]
    }
    const gini = p > 0 ? populationWeightedGini(score, demand, idx).gini : null
    return { code: g.code, name: g.name, meanScore: p > 0 ? s / p : null, gini, targetPopulation: p }
  })
  const out: AccessibilityResponse = { method: q.method, type: r.type.code, minutes: r.thresholdMinutes, mode: r.mode, speedKmh: r.speedKmh, areas }
  if (q.cells) {
    out.cells = []
    for (const i of scope.cells) if (demand[i] > 0) out.cells.push({ h3: cells.rows.h3[i], score: score[i] })
  }
  return out
}
