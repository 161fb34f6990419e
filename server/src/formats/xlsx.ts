/**
 * XLSX → RawRecord[] (exceljs). One worksheet, first non-empty row = header. Cell values keep their
 * type: numbers stay numbers, formulas give their cached result, dates become ISO strings, so the
 * importer sees what the planner saw in Excel.
 */
import type ExcelJS from 'exceljs'
import { IssueList, fileFault, tooManyRecords } from './issues'
import { checkZipUnpackedSize } from './unpack'
import type { ParsedRecords } from './geojson'
import type { RawRecord } from './types'

export interface XlsxOptions {
  /** Worksheet name; the first worksheet when absent. */
  sheet?: string
  /** Reject sheets with more data rows than this. */
  maxRecords?: number
  /** Most bytes the workbook's parts may unpack to (IMPORT_MAX_UNZIPPED_MB). */
  maxUnpackedBytes?: number
}

type CellValue = string | number | boolean | null

/**
 * Parses one worksheet. `index` = data row number (1-based, header and blank rows excluded),
 * `line` = sheet row number as Excel shows it. Throws a 400 naming the row and column for cells
 * holding an Excel error (#DIV/0!, #N/A…), formulas never calculated, values under no header,
 * and for empty or duplicate header names.
 *
 * @example await parseXlsx(bytes) // { records: [{ index: 1, line: 2, properties: { id: 'A1', capacity: 120 } }], warnings: [] }
 */
export async function parseXlsx(bytes: Uint8Array, opts: XlsxOptions = {}): Promise<ParsedRecords> {
  // exceljs unpacks the workbook without a limit: measure it first, bounded.
  await checkZipUnpackedSize(bytes, opts.maxUnpackedBytes)
  // Loaded on first use: exceljs takes ~1 s to import, which every server start paid.
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (e) {
    throw fileFault(`file is not a readable XLSX workbook (${e instanceof Error ? e.message : String(e)})`)
  }
  const sheets = workbook.worksheets
  const ws = opts.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === opts.sheet)
  if (!ws) {
    const names = sheets.map((s) => `"${s.name}"`).join(', ')
    throw fileFault(opts.sheet === undefined ? 'workbook has no worksheet' : `workbook has no worksheet "${opts.sheet}" (it has ${names || 'none'})`)
  }
  const warnings = sheets.length > 1 && opts.sheet === undefined
    ? [`workbook has ${sheets.length} worksheets; read the first, "${ws.name}"`]
    : []

  const rows: { line: number; cells: CellValue[]; errors: string[] }[] = []
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: CellValue[] = []
    const errors: string[] = []
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const read = readCell(cell.value)
      if (typeof read === 'object' && read !== null) errors[col - 1] = read.problem
      else cells[col - 1] = read
    })
    if (cells.some((v) => v !== null && v !== undefined && v !== '') || errors.length) rows.push({ line, cells, errors })
  })
  if (rows.length === 0) throw fileFault(`worksheet "${ws.name}" is empty`)
  if (opts.maxRecords !== undefined && rows.length - 1 > opts.maxRecords) throw tooManyRecords(opts.maxRecords, 'rows')

  const issues = new IssueList()
  const header = readHeader(rows[0], rows, issues)
  issues.throwIfAny(`XLSX sheet "${ws.name}" header`)

  const records: RawRecord[] = []
  for (let r = 1; r < rows.length && !issues.full; r++) {
    const { line, cells, errors } = rows[r]
    const at = `row ${r} (sheet row ${line})`
    const properties: Record<string, unknown> = {}
    const width = Math.max(cells.length, errors.length)
    for (let c = 0; c < width; c++) {
      const name = header[c]
      const address = `${columnLetter(c + 1)}${line}`
      if (errors[c] !== undefined) {
        issues.add({ record: r, field: name, message: `${at}: cell ${address}${name ? ` (${name})` : ''} ${errors[c]}` })
      } else if (name === undefined && cells[c] !== undefined && cells[c] !== null && cells[c] !== '') {
        issues.add({ record: r, message: `${at}: cell ${address} has a value but column ${columnLetter(c + 1)} has no header` })
      }
    }
    for (let c = 0; c < header.length; c++) {
      if (header[c] !== undefined) properties[header[c] as string] = cells[c] ?? null
    }
    records.push({ index: r, line, properties })
  }
  issues.throwIfAny(`XLSX sheet "${ws.name}"`)
  return { records, warnings }
}

/** Header names by column; undefined for unnamed columns that hold no data. */
function readHeader(first: { line: number; cells: CellValue[] }, rows: { cells: CellValue[] }[], issues: IssueList): (string | undefined)[] {
  const width = Math.max(...rows.map((r) => r.cells.length))
  const header: (string | undefined)[] = []
  const seen = new Map<string, string>()
  for (let c = 0; c < width; c++) {
    const raw = first.cells[c]
    const name = raw === null || raw === undefined ? '' : String(raw).trim()
    const address = `${columnLetter(c + 1)}${first.line}`
    if (name === '') {
      const used = rows.some((r, k) => k > 0 && r.cells[c] !== undefined && r.cells[c] !== null && r.cells[c] !== '')
      if (used) issues.add({ field: `column ${columnLetter(c + 1)}`, message: `header: cell ${address} is empty but its column holds data` })
      header.push(undefined)
      continue
    }
    const other = seen.get(name)
    if (other) issues.add({ field: name, message: `header: column name "${name}" appears twice (cells ${other} and ${address})` })
    else seen.set(name, address)
    header.push(name)
  }
  return header
}

/** A cell value as a plain value, or the problem that makes it unreadable. */
function readCell(v: ExcelJS.CellValue): CellValue | { problem: string } {
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'boolean') return v
  if (typeof v === 'string') return v.trim()
  if (v instanceof Date) return isoDate(v)
  if ('error' in v) return { problem: `contains the error ${v.error}` }
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result
    if (result === undefined) return { problem: 'has a formula that was never calculated (open and save the file in Excel)' }
    return readCell(result as ExcelJS.CellValue)
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim()
  if ('hyperlink' in v) return readCell((v as { text: ExcelJS.CellValue }).text)
  return { problem: 'holds a value of an unsupported kind' }
}

/**
 * Excel stores wall-clock dates without a time zone and exceljs returns them as UTC instants:
 * a date-only cell becomes "YYYY-MM-DD", one with a time "YYYY-MM-DDTHH:MM:SS" (no zone).
 */
function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  const iso = d.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19)
}

/** Excel column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s
  return s
}
