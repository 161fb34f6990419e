import { coverageByArea } from '../../engine'
import type { CompareQuery } from '../../contract/analysis'
import type { CompareResponse } from '../../contract/responses'
import type { Analysis } from '../analysis'
import { breakdown, resolveScope } from '../analysis/scope'
import type { Scenarios } from './scenarios'


/** `GET /api/scenarios/:id/compare`: coverage per area in the baseline and in the scenario. */
export async function compareScenario(a: Analysis, scenarios: Scenarios, id: number, q: CompareQuery): Promise<CompareResponse> {
  const r = await a.resolve(q)
  const [cells, scope] = await Promise.all([a.inputs.cells(), resolveScope(a.inputs, q.area)])
  const base = await a.field(r)
  const scen = await scenarios.field(id, r)
  const { groups, cellGroup } = await breakdown(a.inputs, scope, q.level ?? 'district', { defaulted: q.level === undefined })
  const target = cells.target(r.type.targetGroup)
  const run = (minutes: Float64Array) => coverageByArea({ minutes, targetPopulation: target, thresholdMinutes: r.thresholdMinutes, cellArea: cellGroup, areaCount: groups.length })
  const b = run(a.minutes(base, r.speedKmh))
  const s = run(a.minutes(scen, r.speedKmh))
  return {
    type: r.type.code,
    scenario: id,
    minutes: r.thresholdMinutes,
    mode: r.mode,
    areas: groups.map((g, k) => ({
      code: g.code,
      name: g.name,
      targetPopulation: b.areas[k].targetPopulation,
      baselineCovered: b.areas[k].coveredPopulation,
      scenarioCovered: s.areas[k].coveredPopulation,
      coveredGain: s.areas[k].coveredPopulation - b.areas[k].coveredPopulation,
      baselineRate: b.areas[k].rate,
      scenarioRate: s.areas[k].rate,
    })),
    total: {
      targetPopulation: b.total.targetPopulation,
      baselineCovered: b.total.coveredPopulation,
      scenarioCovered: s.total.coveredPopulation,
      coveredGain: s.total.coveredPopulation - b.total.coveredPopulation,
    },
  }
}
