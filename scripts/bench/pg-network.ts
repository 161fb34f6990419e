/**
 * A built street network as pgRouting sees it, and a scratch schema to put it in. Shared by the
 * benchmark (scripts/bench/pgrouting.ts) and the agreement test (test/routing/), so both load
 * exactly the arcs our engine searches — after the walking filter and island pruning — and
 * nothing the engine never sees.
 *
 * Conventions: pgRouting vertex id = graph node + 1 (ids start at 1, 0 stays free); costs are
 * metres (the arc's whole millimetres ÷ 1000, written in full so no precision is lost in COPY).
 */
import crypto from 'node:crypto'
import pgPkg from 'pg'
import type { Database } from '../../server/src/db/database'
import { openPostgres } from '../../server/src/db/postgres'
import type { StreetGraph, StreetNetwork } from '../../server/src/engine/graph'

/** pgRouting vertex id of a graph node. */
export const vertexId = (node: number) => node + 1
/** Graph node of a pgRouting vertex id. */
export const nodeOfVertex = (id: number) => id - 1

export type EdgeRow = [id: number, source: number, target: number, cost: number, reverseCost: number]

/**
 * One directed pgRouting edge per arc of the graph (reverse_cost −1: the twin arc has its own row).
 * @example copyIn('edges', EDGE_COLUMNS, arcEdgeRows(net.graph))
 * Contract: as many rows as graph.arcCount; cost = arcLengthMm / 1000 metres; ids 1…arcCount.
 */
export function* arcEdgeRows(graph: StreetGraph): Generator<EdgeRow> {
  for (let u = 0; u < graph.nodeCount; u++) {
    for (let a = graph.arcStart[u]; a < graph.arcStart[u + 1]; a++) {
      yield [a + 1, vertexId(u), vertexId(graph.arcTarget[a]), graph.arcLengthMm[a] / 1000, -1]
    }
  }
}

/**
 * One two-way pgRouting edge per street (cost = reverse_cost) for a network without one-way arcs,
 * the way osm2pgrouting lays out a street table: half the rows of `arcEdgeRows`.
 * @example copyIn('edges', EDGE_COLUMNS, streetEdgeRows(walkNetwork))
 * Contract: throws for a network with one-way arcs (use arcEdgeRows); every arc u→v with u < v
 * gives one row, its twin v→u (same length, built from the same segment) is implied.
 */
export function* streetEdgeRows(network: StreetNetwork): Generator<EdgeRow> {
  if (network.reversed !== network.graph) throw new Error('streetEdgeRows: the network has one-way arcs; load arcEdgeRows instead')
  const g = network.graph
  let id = 0
  for (let u = 0; u < g.nodeCount; u++) {
    for (let a = g.arcStart[u]; a < g.arcStart[u + 1]; a++) {
      const v = g.arcTarget[a]
      if (u < v) {
        const cost = g.arcLengthMm[a] / 1000
        yield [++id, vertexId(u), vertexId(v), cost, cost]
      }
    }
  }
}

export const EDGE_COLUMNS = ['id', 'source', 'target', 'cost', 'reverse_cost'] as const

/** The edges table pgRouting reads (indexes on source and target, as its documentation advises). */
export function edgesTableSql(schema: string, table = 'edges'): string {
  return `CREATE TABLE ${schema}.${table} (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, cost float8 NOT NULL, reverse_cost float8 NOT NULL);`
}
export function edgesIndexSql(schema: string, table = 'edges'): string {
  return `CREATE INDEX ON ${schema}.${table} (source); CREATE INDEX ON ${schema}.${table} (target); ANALYZE ${schema}.${table};`
}

export interface ScratchDatabase {
  db: Database
  /** Schema name (generated here, never user input); the connection's search_path starts with it. */
  schema: string
  /** pgRouting version of the database. */
  pgrouting: string
  postgis: string
  /** Drops the schema and closes the connections. */
  dispose(): Promise<void>
}

/**
 * Connects to `url`, creates PostGIS and pgRouting if missing, and a fresh scratch schema.
 * Returns `{ skip: reason }` instead of throwing when the server is unreachable or pgRouting cannot
 * be created there, so callers can report "skipped: reason".
 * @example const s = await openScratchDatabase(url, 'bench'); if ('skip' in s) …; else await s.dispose()
 * Contract: the schema is named `<prefix>_<12 hex>`; dispose() drops it with everything in it;
 * `settings` (e.g. `{ statement_timeout: 60000 }`) apply to every pooled connection.
 */
export async function openScratchDatabase(url: string, prefix: string, settings: Record<string, string | number> = {}): Promise<ScratchDatabase | { skip: string }> {
  const admin = new pgPkg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await admin.connect()
  } catch (e) {
    return { skip: `no PostgreSQL at ${redact(url)} (${describeError(e)})` }
  }
  const schema = `${prefix}_${crypto.randomBytes(6).toString('hex')}`
  try {
    const versions = await ensureRoutingExtensions(admin, url)
    if ('skip' in versions) return versions
    await admin.query(`CREATE SCHEMA ${schema}`)
    const sep = url.includes('?') ? '&' : '?'
    const options = [`-c search_path=${schema},public`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ')
    const db = await openPostgres(`${url}${sep}options=${encodeURIComponent(options)}`)
    return {
      db,
      schema,
      ...versions,
      async dispose() {
        await db.close()
        const c = new pgPkg.Client({ connectionString: url })
        await c.connect()
        try {
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        } finally {
          await c.end()
        }
      },
    }
  } finally {
    await admin.end()
  }
}

/**
 * Whether `url` reaches a database that has (or can create) PostGIS and pgRouting; creates them
 * if missing, nothing else. For deciding at collection time whether a test suite runs.
 * @example const probe = await probeRoutingDatabase(url); if ('skip' in probe) describe.skip(…)
 */
export async function probeRoutingDatabase(url: string): Promise<{ pgrouting: string; postgis: string } | { skip: string }> {
  const admin = new pgPkg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await admin.connect()
  } catch (e) {
    return { skip: `no PostgreSQL at ${redact(url)} (${describeError(e)})` }
  }
  try {
    return await ensureRoutingExtensions(admin, url)
  } finally {
    await admin.end()
  }
}

async function ensureRoutingExtensions(admin: pgPkg.Client, url: string): Promise<{ pgrouting: string; postgis: string } | { skip: string }> {
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS postgis')
    await admin.query('CREATE EXTENSION IF NOT EXISTS pgrouting')
    const r = await admin.query<{ pgrouting: string; postgis: string }>('SELECT pgr_version() AS pgrouting, postgis_lib_version() AS postgis')
    return r.rows[0]
  } catch (e) {
    return { skip: `PostGIS/pgRouting not available in ${redact(url)} (${describeError(e)})` }
  }
}

function describeError(e: unknown): string {
  const err = e as { message?: string; code?: string; errors?: { message?: string }[] }
  return err.message || err.code || err.errors?.map((x) => x.message).join('; ') || String(e)
}

/** The URL without a password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
