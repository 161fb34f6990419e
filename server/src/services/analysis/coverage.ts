import { coverageByArea } from '../../engine'
import type { CoverageQuery } from '../../contract/analysis'
import type { CoverageResponse } from '../../contract/responses'
import type { Analysis } from '.'
import { breakdown, resolveScope } from './scope'


/**
 * `GET /api/coverage`: per area, the target population within the type's threshold and the
 * cumulative share within 5/10/15/20/30 minutes. `area` = the area summarised (default: all
 * cells), `level` = break it down by the areas of that level.
 */
export async function coverage(a: Analysis, q: CoverageQuery): Promise<CoverageResponse> {
  const r = await a.resolve(q)
  const [cells, field, scope] = await Promise.all([a.inputs.cells(), a.field(r, { scenario: q.scenario }), resolveScope(a.inputs, q.area)])
  const { groups, cellGroup } = await breakdown(a.inputs, scope, q.level)
  const result = coverageByArea({
    minutes: a.minutes(field, r.speedKmh),
    targetPopulation: cells.target(r.type.targetGroup),
    thresholdMinutes: r.thresholdMinutes,
    cellArea: cellGroup,
    areaCount: groups.length,
  })
  return {
    type: r.type.code,
    mode: r.mode,
    speedKmh: r.speedKmh,
    minutes: r.thresholdMinutes,
    method: field.method,
    scenario: q.scenario ?? null,
    targetGroup: r.type.targetGroup,
    areas: groups.map((g, k) => ({ code: g.code, name: g.name, ...result.areas[k] })),
    total: result.total,
  }
}
