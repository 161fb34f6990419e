import { lifeCircleCompliance, type LifeCircleType } from '../../engine'
import type { ComplianceQuery } from '../../contract/analysis'
import type { ComplianceResponse } from '../../contract/responses'
import type { Analysis } from '.'
import { breakdown, resolveScope } from './scope'


/**
 * `GET /api/compliance`: share of residents whose 5-, 10- and 15-minute life circles are complete
 * (every required type within its threshold; tiers are not inclusive: the 15-minute circle also
 * needs the 10- and 5-minute facilities), per area.
 */
export async function compliance(a: Analysis, q: ComplianceQuery): Promise<ComplianceResponse> {
  const cat = await a.inputs.catalogue()
  const cells = await a.inputs.cells()
  const tierTypes = cat.types.filter((t) => t.lifeCircle !== null)
  // The types' fields are independent: requested at once, they are computed on every core.
  const resolved = await Promise.all(tierTypes.map(async (t) => {
    const r = await a.resolve({ type: t.code, mode: q.mode, speedKmh: q.speedKmh })
    return { t, r, field: await a.field(r, { scenario: q.scenario }) }
  }))
  const mode = resolved.at(-1)?.r.mode ?? 'walk'
  const types: LifeCircleType[] = resolved.map(({ t, r, field }) =>
    ({ code: t.code, lifeCircle: t.lifeCircle!, minutes: a.minutes(field, r.speedKmh), thresholdMinutes: r.thresholdMinutes }))
  const scope = await resolveScope(a.inputs, q.area)
  const { groups, cellGroup } = await breakdown(a.inputs, scope, q.level)
  const result = lifeCircleCompliance({ types, population: cells.rows.columns.population, cellArea: cellGroup, areaCount: groups.length })
  return {
    mode,
    tiers: ([5, 10, 15] as const).map((m) => ({ minutes: m, types: tierTypes.filter((t) => t.lifeCircle === m).map((t) => t.code) })),
    areas: groups.map((g, k) => ({ code: g.code, name: g.name, ...result.areas[k] })),
    total: result.total,
  }
}
