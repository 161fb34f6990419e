/**
 * The one database interface of circle15. Two backends implement it — embedded PGlite + PostGIS
 * and a PostgreSQL/PostGIS server through `pg` — and every module in `db/` is written against it,
 * so the same SQL runs on both.
 */
export type Row = Record<string, any>

export interface Queryable {
  /** One statement with `$1…` parameters; returns the rows. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>
  /**
   * Bulk-loads rows into `table(columns)` with COPY. `rows` are plain values; they are encoded in
   * PostgreSQL's text COPY format (null → \N, Uint8Array → bytea hex, objects → JSON).
   */
  copyIn(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>
  /**
   * Runs `COPY (select) TO …` and returns the rows in PostgreSQL's text format: far faster than
   * row objects for bulk reads (a city's 800k cells). `select` is code, never user input.
   */
  copyOut(select: string): Promise<string>
}

export interface Database extends Queryable {
  readonly backend: 'pglite' | 'postgres'
  /** Several statements separated by semicolons, no parameters (migrations). */
  exec(sql: string): Promise<void>
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

const IDENT = /^[a-z_][a-z0-9_]*$/

/** The COPY statement for a code-controlled table and column list (never user input). */
export function copyStatement(table: string, columns: readonly string[], source: string): string {
  for (const name of [table, ...columns]) {
    if (!IDENT.test(name)) throw new Error(`copyIn: ${JSON.stringify(name)} is not a plain identifier`)
  }
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`
}

/** Splits COPY text output into rows of raw field strings (\\N → null; other escapes decoded). */
export function decodeCopyText(text: string): (string | null)[][] {
  const rows: (string | null)[][] = []
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end)
    start = end + 1
    rows.push(line.split('\t').map(decodeField))
  }
  return rows
}

function decodeField(f: string): string | null {
  if (f === '\\N') return null
  if (!f.includes('\\')) return f
  return f.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c))
}

function encodeValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  if (v instanceof Uint8Array) return '\\\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`copyIn: non-finite number ${v}`)
    return String(v)
  }
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (v instanceof Date) return v.toISOString()
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

/** Encodes rows in PostgreSQL's text COPY format; returns the text and the row count. */
export function encodeCopyText(rows: Iterable<readonly unknown[]>): { text: string; count: number } {
  const lines: string[] = []
  for (const row of rows) lines.push(row.map(encodeValue).join('\t'))
  return { text: lines.length ? lines.join('\n') + '\n' : '', count: lines.length }
}
