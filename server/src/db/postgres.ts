import pgPkg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { copyStatement, encodeCopyText, type Database, type Queryable, type Row } from './database'
import { DatabaseHealth, isDatabaseUnavailable } from './health'
import { log } from '../log'

const { Pool, types } = pgPkg

// int8 and numeric as JS numbers, as on the embedded backend.
const typeParsers = {
  getTypeParser(oid: number, format?: any) {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v)
    return types.getTypeParser(oid, format)
  },
}

type Client = { query: (sql: any, params?: unknown[]) => any }

function queryable(client: Client): Queryable {
  return {
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      const r = await client.query({ text: sql, values: params, types: typeParsers })
      return r.rows as T[]
    },
    async copyIn(table, columns, rows) {
      const { text, count } = encodeCopyText(rows)
      if (count === 0) return 0
      const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')))
      await pipeline(Readable.from([text]), stream)
      return count
    },
    async copyOut(select) {
      const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`))
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
    async copyOutBinary(select) {
      const stream = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT binary)`))
      const chunks: Buffer[] = []
      for await (const chunk of stream) chunks.push(chunk as Buffer)
      return new Uint8Array(Buffer.concat(chunks))
    },
  }
}

/**
 * Connects to a PostgreSQL/PostGIS server. PostGIS must be installable in the database. The server
 * may go away and come back (a restart, a failover): every call then fails fast with a 503 until a
 * probe sees it again (db/health.ts); connections it dropped are discarded, never fatal.
 */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5000 })
  const health = new DatabaseHealth(() => pool.query('SELECT 1'))
  // An idle connection the server closed: the pool drops it; unhandled, this event would end the process.
  pool.on('error', (e) => {
    log.warn(`database connection lost: ${e.message}`)
    health.markDown(e)
  })
  const client = await pool.connect() // fail fast on a bad URL
  client.release()
  const base = queryable(pool)
  /** A connection of our own for several statements; its error events are handled while we hold it. */
  const withClient = <T>(fn: (c: pgPkg.PoolClient) => Promise<T>) =>
    health.run(async () => {
      const c = await pool.connect()
      const onError = (e: Error) => log.warn(`database connection lost while in use: ${e.message}`)
      c.on('error', onError)
      let failure: unknown
      try {
        return await fn(c)
      } catch (e) {
        failure = e
        throw e
      } finally {
        c.off('error', onError)
        // A connection that failed mid-use may be broken: destroy it rather than return it to the pool.
        c.release(isDatabaseUnavailable(failure) ? (failure as Error) : undefined)
      }
    })
  return {
    backend: 'postgres',
    query: (sql, params) => health.run(() => base.query(sql, params)),
    copyIn: (table, columns, rows) => withClient((c) => queryable(c).copyIn(table, columns, rows)),
    copyOut: (select) => withClient((c) => queryable(c).copyOut(select)),
    copyOutBinary: (select) => withClient((c) => queryable(c).copyOutBinary(select)),
    exec: (sql) => health.run(async () => void (await pool.query(sql))),
    transaction: (fn) =>
      withClient(async (c) => {
        await c.query('BEGIN')
        try {
          const result = await fn(queryable(c))
          await c.query('COMMIT')
          return result
        } catch (e) {
          await c.query('ROLLBACK').catch(() => {})
          throw e
        }
      }),
    async close() {
      health.close()
      await pool.end()
    },
  }
}
