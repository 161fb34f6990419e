/**
 * CSV → RawRecord[] (csv-parse). Written for files planners actually have: Excel exports in GBK or
 * UTF-8 with BOM, comma, semicolon or tab separated, trailing empty rows. Values stay strings;
 * the importer converts them field by field.
 */
import { type Info, parse } from 'csv-parse/sync'
import { IssueList, fileFault, tooManyRecords } from './issues'
import { decodeText } from './text'
import type { ParsedRecords } from './geojson'
import type { RawRecord } from './types'

export type CsvDelimiter = ',' | ';' | '\t'

export interface CsvOptions {
  /** Reject files with more data rows than this. */
  maxRecords?: number
  /** Field separator; detected from the first lines when absent. */
  delimiter?: CsvDelimiter
}

const DELIMITERS: CsvDelimiter[] = [',', ';', '\t']

/**
 * Parses CSV with a header row. `index` = data row number (1-based, header and blank rows
 * excluded), `line` = physical line where the row ends. Throws a 400 for empty or duplicate
 * header names (naming the column), rows with a different number of fields than the header
 * (naming the row), and quoting errors (naming the line).
 *
 * @example parseCsv('id;lng;lat\nA1;121.55;29.87\n').records
 * // [{ index: 1, line: 2, properties: { id: 'A1', lng: '121.55', lat: '29.87' } }]
 */
export function parseCsv(input: Uint8Array | string, opts: CsvOptions = {}): ParsedRecords {
  const warnings: string[] = []
  let text: string
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '')
  else {
    const decoded = decodeText(input)
    text = decoded.text
    if (decoded.encoding === 'gb18030') warnings.push('file is not UTF-8; it was read as GBK/GB18030 (Chinese Excel encoding)')
  }
  if (text.trim() === '') throw fileFault('file is empty')
  const delimiter = opts.delimiter ?? detectDelimiter(text)

  const issues = new IssueList()
  // With `info: true` csv-parse yields { record, info } per row; its typings only know string[][].
  const rows = parse(text, {
    delimiter,
    info: true,
    trim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err) issues.add({ message: `line ${(err as { lines?: number }).lines ?? '?'}: ${err.message}` })
    },
  }) as unknown as { record: string[]; info: Info }[]
  if (rows.length === 0) {
    issues.throwIfAny('CSV file')
    throw fileFault('file is empty')
  }

  if (opts.maxRecords !== undefined && rows.length - 1 > opts.maxRecords) throw tooManyRecords(opts.maxRecords, 'rows')
  const header = rows[0].record
  readHeader(header, issues)
  issues.throwIfAny('CSV file header')

  const records: RawRecord[] = []
  for (let r = 1; r < rows.length && !issues.full; r++) {
    const { record: fields, info } = rows[r]
    const index = r
    if (fields.length !== header.length) {
      issues.add({
        record: index,
        message: `row ${index} (line ${info.lines}) has ${fields.length} fields; the header has ${header.length}`,
      })
      continue
    }
    const properties: Record<string, string> = {}
    for (let c = 0; c < header.length; c++) properties[header[c]] = fields[c]
    records.push({ index, line: info.lines, properties })
  }
  issues.throwIfAny('CSV file')
  return { records, warnings }
}

function readHeader(header: string[], issues: IssueList): void {
  const seen = new Map<string, number>()
  header.forEach((name, k) => {
    const column = k + 1
    if (name === '') {
      issues.add({ field: `column ${column}`, message: `header: column ${column} has no name` })
      return
    }
    const first = seen.get(name)
    if (first !== undefined) {
      issues.add({ field: name, message: `header: column name "${name}" appears twice (columns ${first} and ${column})` })
    } else seen.set(name, column)
  })
}

/**
 * The separator of a CSV text: of comma, semicolon and tab, the one that occurs in the header
 * line and splits the most of the first lines into the same number of fields (quotes respected).
 * Comma when none occurs.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines = sampleLines(text, 20)
  let best: CsvDelimiter = ','
  let bestScore = -1
  for (const d of DELIMITERS) {
    const counts = lines.map((line) => countOutsideQuotes(line, d))
    if (counts[0] === 0) continue
    const consistent = counts.filter((c) => c === counts[0]).length
    const score = consistent * 1000 + counts[0]
    if (score > bestScore) {
      best = d
      bestScore = score
    }
  }
  return best
}

function sampleLines(text: string, max: number): string[] {
  const out: string[] = []
  let start = 0
  while (out.length < max && start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end).replace(/\r$/, '')
    if (line.trim() !== '') out.push(line)
    start = end + 1
  }
  return out
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === d && !quoted) n++
  }
  return n
}
