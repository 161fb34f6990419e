/**
 * CSV writer (RFC 4180): fields separated by commas, records by CRLF, a field quoted when it holds
 * a comma, a double quote, CR or LF (quotes doubled inside). Numbers are written as JavaScript
 * prints them (shortest round-trip form, so they parse back to the same value); null is an empty
 * field. Report files start with a UTF-8 BOM so that Excel reads the Chinese headers as UTF-8.
 * A report of one table is one CSV file; a report of several is a zip of one file per table.
 */
import type { CellValue, ReportData, ReportTable } from '../tables'
import { zipFiles } from './zip'

const BOM = '\uFEFF'

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (default true: Excel needs it for non-ASCII text). */
  bom?: boolean
  /** Header line from the column keys instead of the labels (machine-readable files, e.g. /api/cells). */
  keysAsHeader?: boolean
}

/** One field, quoted when RFC 4180 requires it. */
export function csvField(v: CellValue): string {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * One table as CSV text: a header line, then one line per row, every line ending in CRLF.
 * @example tableCsv({ id: 't', title: 'T', columns: [{ key: 'a', label: '名称', kind: 'text' }], rows: [{ a: 'x,y' }] })
 * // '\uFEFF名称\r\n"x,y"\r\n'
 */
export function tableCsv(table: ReportTable, opts: CsvOptions = {}): string {
  const lines: string[] = [table.columns.map((c) => csvField(opts.keysAsHeader ? c.key : c.label)).join(',')]
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.key] ?? null)).join(','))
  return (opts.bom === false ? '' : BOM) + lines.join('\r\n') + '\r\n'
}

/** The file name of a table inside a multi-table zip (the table id, made safe for file systems). */
export const tableFileName = (t: ReportTable) => `${t.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv`

/**
 * A report as CSV: one table → that table's CSV; several → a zip with one CSV per table.
 * @example await writeCsv(data) // Buffer (text/csv or application/zip, see `csvIsZip`)
 */
export async function writeCsv(data: ReportData): Promise<Buffer> {
  if (data.tables.length === 1) return Buffer.from(tableCsv(data.tables[0]), 'utf8')
  return zipFiles(data.tables.map((t) => ({ name: tableFileName(t), content: Buffer.from(tableCsv(t), 'utf8') })))
}

/** Whether `writeCsv` answers a zip for this report (several tables, or none). */
export const csvIsZip = (data: ReportData) => data.tables.length !== 1
