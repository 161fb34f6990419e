import fs from 'node:fs'
import { PGlite, types, type Transaction } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { copyStatement, encodeCopyText, type Database, type Queryable, type Row } from './database'

// int8 and numeric as JS numbers on both backends (counts and sums stay far below 2^53).
const parsers = { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v) }

function queryable(q: PGlite | Transaction): Queryable {
  return {
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      const r = await q.query<T>(sql, params)
      return r.rows
    },
    async copyIn(table, columns, rows) {
      const { text, count } = encodeCopyText(rows)
      if (count === 0) return 0
      await q.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([text]) })
      return count
    },
    async copyOut(select) {
      const r = await q.query(`COPY (${select}) TO '/dev/blob'`)
      return r.blob ? await r.blob.text() : ''
    },
    async copyOutBinary(select) {
      const r = await q.query(`COPY (${select}) TO '/dev/blob' WITH (FORMAT binary)`)
      return r.blob ? new Uint8Array(await r.blob.arrayBuffer()) : new Uint8Array(0)
    },
  }
}

/**
 * Opens (creating if needed) the embedded PostgreSQL + PostGIS in `dataDir`, or in memory when
 * `dataDir` is undefined. `loadDataDir` starts from a dumped data directory (used by tests to skip
 * the ~10 s PostGIS unpacking).
 */
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Database & { pg: PGlite }> {
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true })
  const pg = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { postgis },
    parsers,
  })
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  const base = queryable(pg)
  return {
    backend: 'pglite',
    pg,
    ...base,
    async exec(sql) {
      await pg.exec(sql)
    },
    transaction: (fn) => pg.transaction((tx) => fn(queryable(tx))),
    close: () => pg.close(),
  }
}
