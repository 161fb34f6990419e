import type { CellsQuery } from '../../contract/analysis'
import type { CellRow } from '../../contract/responses'
import { limitExceeded } from '../../errors'
import type { Analysis } from '.'
import { resolveScope } from './scope'

/**
 * `GET /api/cells`: every populated cell of the scope with its minutes to the nearest facility.
 * A scope of more than `maxRows` cells (CELLS_MAX_ROWS) is refused before any field is computed.
 */
export async function cellRows(a: Analysis, q: CellsQuery, limits: { maxRows: number } = { maxRows: Infinity }): Promise<{ method: string; rows: CellRow[] }> {
  const r = await a.resolve(q)
  const scope = await resolveScope(a.inputs, q.area)
  if (scope.cells.length > limits.maxRows) {
    throw limitExceeded('area', `${scope.cells.length} cells in ${q.area ? `area ${q.area}` : 'the whole data set'}; at most ${limits.maxRows} rows per answer (narrow it with area=)`, 'CELLS_MAX_ROWS')
  }
  const [cells, field] = await Promise.all([a.inputs.cells(), a.field(r, { scenario: q.scenario })])
  const minutes = a.minutes(field, r.speedKmh)
  const target = cells.target(r.type.targetGroup)
  const pop = cells.rows.columns.population
  const rows: CellRow[] = new Array(scope.cells.length)
  for (let k = 0; k < scope.cells.length; k++) {
    const i = scope.cells[k]
    const m = minutes[i]
    const j = field.nearest[i]
    rows[k] = {
      h3: cells.rows.h3[i],
      population: pop[i],
      targetPopulation: target[i],
      minutes: Number.isFinite(m) ? Math.round(m * 100) / 100 : null,
      nearest: j >= 0 ? (field.facilities[j]?.id ?? null) : null,
    }
  }
  return { method: field.method, rows }
}

/** The same rows as CSV (header line, then one line per cell). */
export function cellsCsv(rows: CellRow[]): string {
  const lines = ['h3,population,targetPopulation,minutes,nearest']
  for (const r of rows) lines.push(`${r.h3},${r.population},${r.targetPopulation},${r.minutes ?? ''},${r.nearest === null ? '' : csvField(r.nearest)}`)
  return lines.join('\n') + '\n'
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
