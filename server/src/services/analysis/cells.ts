import type { CellsQuery } from '../../contract/analysis'
import type { CellRow } from '../../contract/responses'
import { limitExceeded } from '../../errors'
import type { Analysis } from '.'
import { resolveScope } from './scope'
import { cellToBoundary } from 'h3-js'
import type { ReportData, ReportTable } from '../../reports/tables'
import { badRequest } from '../../errors'
import { tableCsv } from '../../reports/write/csv'

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

/** The rows as a table for the writers (reports/write): the JSON field names are the column keys. */
export function cellsTable(rows: CellRow[]): ReportTable {
  return {
    id: 'cells',
    title: 'cells',
    columns: [
      { key: 'h3', label: 'h3', kind: 'text' },
      { key: 'population', label: 'population', kind: 'number' },
      { key: 'targetPopulation', label: 'targetPopulation', kind: 'number' },
      { key: 'minutes', label: 'minutes', kind: 'minutes' },
      { key: 'nearest', label: 'nearest', kind: 'text' },
    ],
    rows: rows as unknown as ReportTable['rows'],
  }
}

/**
 * The same rows as CSV (RFC 4180, CRLF, no BOM: a machine-readable file whose header is the JSON
 * field names; an unreachable cell has an empty `minutes`).
 */
export function cellsCsv(rows: CellRow[]): string {
  return tableCsv(cellsTable(rows), { bom: false, keysAsHeader: true })
}

/** Most cells written to a file format other than JSON and CSV (XLSX, GeoJSON, GeoPackage) in one answer. */
export const CELLS_FILE_MAX = 100_000

/**
 * The rows as a report for the file writers: one table (XLSX) and one layer of cell outlines
 * (GeoJSON, GeoPackage), both holding the JSON answer's fields.
 */
export function cellsReport(rows: CellRow[], type: string): ReportData {
  if (rows.length > CELLS_FILE_MAX) {
    throw badRequest(`too many cells for one file: choose an area (at most ${CELLS_FILE_MAX} cells; JSON and CSV have no such limit)`, [{ field: 'area', message: `${rows.length} cells in scope` }], 'too_large')
  }
  const table = cellsTable(rows)
  return {
    name: `cells-${type}`,
    language: 'en',
    tables: [table],
    layers: [{
      id: 'cells',
      title: 'cells',
      features: rows.map((r) => ({ type: 'Feature', properties: { ...r }, geometry: { type: 'Polygon', coordinates: [cellToBoundary(r.h3, true)] } })),
    }],
  }
}
