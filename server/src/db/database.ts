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
  /**
   * The same in PostgreSQL's binary COPY format (decode with `decodeCopyBinary`): bytea values
   * arrive as their bytes, with no text encoding on either side — ~50× faster than a bytea or
   * base64 column for a multi-megabyte value on the embedded backend.
   */
  copyOutBinary(select: string): Promise<Uint8Array>
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

const COPY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00] // PGCOPY\n\377\r\n\0

/**
 * Splits binary COPY output into rows of raw field bytes (null for SQL NULL); the field bytes are
 * views into `bytes`. Integers inside are big-endian (PostgreSQL's send format).
 * @example decodeCopyBinary(await db.copyOutBinary('SELECT part, bytes FROM engine_state'))
 */
export function decodeCopyBinary(bytes: Uint8Array): (Uint8Array | null)[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 19 || COPY_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('decodeCopyBinary: not binary COPY output')
  let at = 15 + 4 + view.getUint32(15) // signature, flags, header extension
  const rows: (Uint8Array | null)[][] = []
  for (;;) {
    const fields = view.getInt16(at)
    at += 2
    if (fields === -1) return rows
    const row: (Uint8Array | null)[] = []
    for (let f = 0; f < fields; f++) {
      const length = view.getInt32(at)
      at += 4
      if (length < 0) row.push(null)
      else {
        if (at + length > bytes.byteLength) throw new Error('decodeCopyBinary: truncated')
        row.push(bytes.subarray(at, at + length))
        at += length
      }
    }
    rows.push(row)
  }
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
