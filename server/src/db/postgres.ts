import pgPkg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { copyStatement, encodeCopyText, type Database, type Queryable, type Row } from './database'

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

/** Connects to a PostgreSQL/PostGIS server. PostGIS must be installable in the database. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new Pool({ connectionString: url, max: 8 })
  const client = await pool.connect() // fail fast on a bad URL
  client.release()
  const base = queryable(pool)
  return {
    backend: 'postgres',
    query: base.query,
    async copyIn(table, columns, rows) {
      const client = await pool.connect()
      try {
        return await queryable(client).copyIn(table, columns, rows)
      } finally {
        client.release()
      }
    },
    async copyOut(select) {
      const client = await pool.connect()
      try {
        return await queryable(client).copyOut(select)
      } finally {
        client.release()
      }
    },
    async copyOutBinary(select) {
      const client = await pool.connect()
      try {
        return await queryable(client).copyOutBinary(select)
      } finally {
        client.release()
      }
    },
    async exec(sql) {
      await pool.query(sql)
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(queryable(client))
        await client.query('COMMIT')
        return result
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {})
        throw e
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
