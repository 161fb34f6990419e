import type { IndicatorMeasure, MeasureName } from '../../contract/indicators'
import { facilityCapacity } from '../../db/indicators'
import { listProjects } from '../../db/projects'
import type { Analysis } from '../analysis'
import { resolveScope } from '../analysis/scope'

/** What a measure is computed for: an area (default: the whole data set) and the plan's year. */
export interface MeasureScope {
  area?: string
  year?: number
}

type MeasureOf<K extends MeasureName> = Extract<IndicatorMeasure, { measure: K }>
type MeasureFn<K extends MeasureName> = (a: Analysis, spec: MeasureOf<K>, scope: MeasureScope) => Promise<number | null>

/**
 * The registry of measures that compute indicators from the data, one per `measure` of
 * IndicatorMeasureSchema (contract/indicators.ts); the mapped type makes a missing one a compile error.
 */
export const MEASURES: { [K in MeasureName]: MeasureFn<K> } = {
  /** Σ capacity of the type's facilities in the area ÷ its resident population × `per`. */
  capacity_per_population: async (a, spec, scope) => {
    const [cells, cellScope] = await Promise.all([a.inputs.cells(), resolveScope(a.inputs, scope.area)])
    let population = 0
    for (const i of cellScope.cells) population += cells.rows.columns.population[i]
    if (!(population > 0)) return null
    const capacity = await facilityCapacity(a.db(), { type: spec.facilityType, statuses: spec.statuses, area: scope.area })
    return (capacity / population) * spec.per
  },
  /** Σ investment (亿元) of the year's projects, to 6 decimals (the sum of decimal inputs). */
  project_investment_sum: async (a, _spec, scope) => {
    const projects = await listProjects(a.db(), { year: scope.year })
    return Math.round(projects.reduce((s, p) => s + (p.investment ?? 0), 0) * 1e6) / 1e6
  },
}

/** The value of one indicator's measure, or null when the data cannot give it. */
export function computeMeasure(a: Analysis, spec: IndicatorMeasure, scope: MeasureScope): Promise<number | null> {
  return (MEASURES[spec.measure] as MeasureFn<MeasureName>)(a, spec as never, scope)
}
