import { populationWeightedGini, theilDecomposition } from '../../engine'
import type { EquityQuery } from '../../contract/analysis'
import type { EquityResponse } from '../../contract/responses'
import type { Analysis } from '.'
import { accessibilityScores } from './accessibility'
import { breakdown, resolveScope } from './scope'


/**
 * `GET /api/equity`: how evenly access is shared. The measure is the 2SFCA score (default) or the
 * minutes to the nearest facility; weights are the type's target population; the Theil index is
 * split into inequality between the areas of `level` (default districts) and within them.
 */
export async function equity(a: Analysis, q: EquityQuery): Promise<EquityResponse> {
  const r = await a.resolve(q)
  const cells = await a.inputs.cells()
  const scope = await resolveScope(a.inputs, q.area)
  const weights = cells.target(r.type.targetGroup)
  let values: Float64Array
  if (q.measure === 'score') values = (await accessibilityScores(a, r, q.method, q.scenario)).score
  else values = a.minutes(await a.field(r, { scenario: q.scenario }), r.speedKmh)
  let excluded = 0
  for (const i of scope.cells) if (weights[i] > 0 && !Number.isFinite(values[i])) excluded += weights[i]
  const gini = populationWeightedGini(values, weights, scope.cells)
  const { groups, cellGroup } = await breakdown(a.inputs, scope, q.level ?? 'district', { defaulted: q.level === undefined })
  const theil = theilDecomposition(values, weights, cellGroup, groups.length)
  return {
    type: r.type.code,
    measure: q.measure,
    method: q.measure === 'score' ? q.method : null,
    level: q.level ?? 'district',
    gini: gini.population > 0 ? gini.gini : null,
    lorenz: gini.lorenz,
    theil: { total: theil.theil, between: theil.between, within: theil.within },
    groups: groups.map((g, k) => ({ code: g.code, name: g.name, population: theil.groups[k].population, mean: theil.groups[k].mean, theil: theil.groups[k].theil })),
    excludedPopulation: excluded,
  }
}
