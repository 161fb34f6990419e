/**
 * XLSX writer (exceljs): one worksheet per table, named by its title; a bold header row frozen at
 * the top with an auto-filter; numbers stay numbers, shown with a number format by column kind
 * (persons with thousands separators, percentages from fractions, minutes to one decimal), so a
 * planner can sort, sum and chart them. Column widths fit the longest value (CJK counted double).
 */
import type ExcelJS from 'exceljs'
import type { ColumnKind, ReportData, ReportTable } from '../tables'

/** Excel number format per column kind (`percent` values are fractions: 0.83 → 83.0%). */
export const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  integer: '#,##0',
  number: '#,##0.00',
  percent: '0.0%',
  minutes: '0.0',
}

/** Display width of a string in Excel's character units: CJK and full-width characters count 2. */
export function displayWidth(s: string): number {
  let w = 0
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1
  return w
}

/** A worksheet name Excel accepts: ≤ 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet'
  let name = base
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base.slice(0, 31 - String(k).length - 1)}-${k}`
  used.add(name.toLowerCase())
  return name
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })

/** The text Excel shows for a value with the column's format (for the column width). */
function shown(v: string | number | null, kind: ColumnKind): string {
  if (v === null) return ''
  if (typeof v === 'string') return v
  if (kind === 'percent') return `${(v * 100).toFixed(1)}%`
  if (kind === 'integer') return INTEGER.format(v)
  return kind === 'minutes' ? v.toFixed(1) : DECIMAL.format(v)
}

/** Rows read for the widths: enough to see the long values, bounded for city-sized tables. */
const WIDTH_SAMPLE = 5000

function addTable(workbook: ExcelJS.Workbook, table: ReportTable, used: Set<string>) {
  const sheet = workbook.addWorksheet(sheetName(table.title, used), { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.columns.map((c) => {
    let width = displayWidth(c.label)
    const step = Math.max(1, Math.ceil(table.rows.length / WIDTH_SAMPLE))
    for (let r = 0; r < table.rows.length; r += step) width = Math.max(width, displayWidth(shown(table.rows[r][c.key] ?? null, c.kind)))
    return { header: c.label, key: c.key, width: Math.min(60, Math.max(8, width + 2)), style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {} }
  })
  for (const row of table.rows) {
    const values: Record<string, string | number | null> = {}
    for (const c of table.columns) {
      const v = row[c.key] ?? null
      // A number that is not finite has no cell value in XLSX: leave the cell empty.
      values[c.key] = typeof v === 'number' && !Number.isFinite(v) ? null : v
    }
    sheet.addRow(values)
  }
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', wrapText: true }
  if (table.columns.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, table.rows.length + 1), column: table.columns.length } }
}

/**
 * A report as an XLSX workbook, one sheet per table in order.
 * @example const bytes = await writeXlsx(data) // open with exceljs: workbook.worksheets[k] ↔ data.tables[k]
 */
export async function writeXlsx(data: ReportData): Promise<Buffer> {
  // Loaded on first use: importing exceljs cost every server start ~1 s (http/negotiate.ts imports this).
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  workbook.creator = 'circle15'
  // A fixed date: the same report gives the same bytes (cache validators, tests).
  workbook.created = workbook.modified = new Date(Date.UTC(2020, 0, 1))
  const used = new Set<string>()
  for (const table of data.tables) addTable(workbook, table, used)
  if (!data.tables.length) workbook.addWorksheet(data.language === 'zh' ? '无数据' : 'No data')
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
