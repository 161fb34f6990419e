/**
 * Side by side, in the same run, on the same graph, facilities and cells:
 *
 *   1. "minutes to the nearest facility for every node within a cutoff" (default 30 min walk)
 *      - ours: travelTimeToNearest with maxMinutes — one multi-source bucket-queue search, plus
 *        the per-cell pass (every H3 cell's minutes) that pgRouting does not do;
 *      - pgRouting, three formulations, all timed; the fastest is the fair reference:
 *        a. `pgr_drivingDistance(edges, ARRAY[facility vertices], d, directed := false,
 *           equicost := true)` — the multi-source form the issue names (pgRouting 3.4 runs one
 *           Dijkstra per start vertex over shared labels, then gives each node its nearest start);
 *        b. `pgr_drivingDistance(…, equicost := false)` + `GROUP BY node, min(agg_cost)` — one
 *           independent Dijkstra per facility;
 *        c. one `pgr_drivingDistance` from a virtual vertex 0 joined to every facility by an edge
 *           of its snap-leg cost (0 here: facilities sit on nodes) — a single multi-source
 *           search, which is what our engine does; pgRouting's fastest.
 *      The walking network has no one-way arcs, so pgRouting reads it undirected, one row and one
 *      cost per street (`id, source, target, cost`, indexes on source and target) — its fastest
 *      layout (measured ≈ 20–35 % faster than directed with reverse_cost).
 *   2. straight-line coverage "cells within d metres of a facility" (default 1,000 m)
 *      - ours: a travel context without network (detour factor 1) over the same cells, timed
 *        from createFacilitySet through travelTimeToNearest(maxMinutes = d at the walking speed);
 *      - PostGIS `ST_DWithin`, GiST indexes on both point sets, as a join from the facilities
 *        into the cells' index with count(DISTINCT): in a metric UTM projection (geometry) and
 *        on geography with the sphere (our own metric, so the counts should match).
 *
 * Loading (COPY, indexes, ANALYZE) is excluded from every timing: only query time counts, the
 * client-side round trip of one `SELECT count(*), sum(…)` over the function's output, so no
 * result rows cross the wire. pgRouting rebuilds its graph from `edges_sql` on every call — that
 * is how it works, so it is part of its query time. Our context (cells snapped, buffers) is built
 * once, like PostGIS's tables and indexes. Both sides answer the same question and are checked:
 * reached node counts and distance sums, covered cell counts, are reported next to the times.
 */
import type { Database } from '../../server/src/db/database'
import { type NearestFacilityField, travelTimeToNearest } from '../../server/src/engine/travel-time'
import { createFacilitySet } from '../../server/src/engine/facility-set'
import { createTravelContext } from '../../server/src/engine/travel-context'
import { distanceLimitMm } from '../../server/src/engine/geo'
import { type Timing, type TimedOrFailed, interleave, interleaveTolerant, once } from './measure'
import { EDGE_COLUMNS, edgesIndexSql, edgesTableSql, openScratchDatabase, redact, streetEdgeRows, vertexId } from './pg-network'
import { type PreparedNetwork, WALK_KMH } from './real-networks'

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface SideBySideOptions {
  /** Minimum timed rounds per contender. */
  runs: number
  /** Network cutoff in minutes at WALK_KMH (default 30). */
  cutoffMinutes?: number
  /** Straight-line coverage radius in metres (default 1000 = 15 min at 4 km/h). */
  coverageM?: number
  /** Abort any single query after this many milliseconds (default 120 s). */
  statementTimeoutMs?: number
  /** Do not touch a database; the peers are reported as skipped for this reason. */
  disabled?: string
}

export interface PeerTiming {
  /** Who and how, e.g. "pgr_drivingDistance, equicost". */
  peer: string
  ms: number | null
  runs: number
  /** What the peer returned, to check it answered the same question. */
  nodes?: number
  sumM?: number
  cells?: number
  /** Ratio peer ÷ ours (how many times faster ours is); null when the peer did not run. */
  ratio: number | null
  /** Null when it ran; otherwise why not (timeout, error). */
  skipped: string | null
}

export interface SideBySideResult {
  network: string
  database: string
  pgrouting: string | null
  postgis: string | null
  nodes: number
  arcs: number
  edgeRows: number
  facilities: number
  cells: number
  cutoffMinutes: number
  coverageM: number
  /** Loading into PostgreSQL (COPY + indexes + ANALYZE), not part of any ratio. */
  loadMs: number | null
  nearest: {
    oursMs: number; oursRuns: number; oursNodes: number; oursSumM: number; peers: PeerTiming[]
    /** Context for the peers' times: the plain scan of edges_sql every pgRouting call starts with (ms). */
    edgesScanMs: number | null
  }
  coverage: { oursMs: number; oursRuns: number; oursCells: number; peers: PeerTiming[] }
  /** Set when the database part could not run at all ("skipped: …" in the table). */
  skipped: string | null
}

/** UTM zone EPSG code (WGS 84 / UTM north or south) for a longitude/latitude. */
export function utmSrid(lng: number, lat: number): number {
  const zone = Math.min(60, Math.floor((lng + 180) / 6) + 1)
  return (lat >= 0 ? 32600 : 32700) + zone
}

/**
 * Runs the comparison for one prepared network; never throws for a missing or unusable database
 * (the result says `skipped`).
 * @example const r = await runSideBySide(prepared, process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL, { runs: 5 })
 * Contract: times in milliseconds (medians); the scratch schema is dropped before returning.
 */
export async function runSideBySide(prepared: PreparedNetwork, url: string, options: SideBySideOptions): Promise<SideBySideResult> {
  const cutoffMinutes = options.cutoffMinutes ?? 30
  const coverageM = options.coverageM ?? 1000
  const { network, ctx, set } = prepared
  const graph = network.graph
  if (network.reversed !== graph) throw new Error(`${prepared.name}: the side-by-side loads an undirected street table; this network has one-way arcs`)
  const cutoffMm = distanceLimitMm(cutoffMinutes, WALK_KMH)
  const coverageMinutes = (coverageM * 60) / (WALK_KMH * 1000)
  const rounds = { runs: Math.max(options.runs, 5), minTotalMs: 200, maxRuns: 31 }

  // Ours, network: the field of one type within the cutoff (reused buffers, as a worker would).
  let field: NearestFacilityField | undefined
  const oursNearest = () => {
    field = travelTimeToNearest(ctx, set, { speedKmh: WALK_KMH, maxMinutes: cutoffMinutes, reuse: field })
  }
  // Ours, straight line: the same cells in a context without a network.
  const straightCtx = createTravelContext({ network: null, cellLng: ctx.cells.lng, cellLat: ctx.cells.lat, detourFactor: 1 })
  let oursCells = 0
  const oursCoverage = () => {
    const s = createFacilitySet(straightCtx, prepared.facilityLng, prepared.facilityLat)
    const f = travelTimeToNearest(straightCtx, s, { speedKmh: WALK_KMH, maxMinutes: coverageMinutes })
    let covered = 0
    for (let i = 0; i < f.minutes.length; i++) if (f.minutes[i] < Infinity) covered++
    oursCells = covered
  }

  const result: SideBySideResult = {
    network: prepared.name,
    database: redact(url),
    pgrouting: null,
    postgis: null,
    nodes: graph.nodeCount,
    arcs: graph.arcCount,
    edgeRows: 0,
    facilities: set.count,
    cells: ctx.cells.count,
    cutoffMinutes,
    coverageM,
    loadMs: null,
    nearest: { oursMs: NaN, oursRuns: 0, oursNodes: 0, oursSumM: 0, peers: [], edgesScanMs: null },
    coverage: { oursMs: NaN, oursRuns: 0, oursCells: 0, peers: [] },
    skipped: null,
  }

  const scratch = options.disabled !== undefined
    ? { skip: options.disabled }
    : await openScratchDatabase(url, 'bench', { statement_timeout: Math.round(options.statementTimeoutMs ?? 120_000) })
  if ('skip' in scratch) {
    const [n, c] = await interleave([oursNearest, oursCoverage], rounds)
    fillOurs(result, n, c)
    result.skipped = scratch.skip
    return result
  }
  try {
    result.pgrouting = scratch.pgrouting
    result.postgis = scratch.postgis
    const { db, schema } = scratch
    const starts = [...new Set(Array.from(set.node.subarray(0, set.count)))].map(vertexId)
    const load = await once(() => loadNetwork(db, schema, prepared))
    result.loadMs = load.ms
    result.edgeRows = load.value

    // The walking network has no one-way arcs: pgRouting gets it undirected with one cost per
    // street, its fastest layout (measured ≈ 20–35 % faster than directed with reverse_cost).
    const edgesSql = `SELECT id, source, target, cost FROM ${schema}.edges`
    const withSourceSql = `${edgesSql} UNION ALL SELECT id, source, target, cost FROM ${schema}.source_edges`
    const distance = cutoffMm / 1000
    // Every statement aggregates the function's output in the server: no result rows cross the wire.
    type Answer = { n: number; total: number }
    const answers = new Map<string, Answer>()
    const run = (peer: string, sql: string, params: unknown[]) => ({
      peer,
      fn: async () => {
        answers.set(peer, (await db.query<Answer>(sql, params))[0])
      },
    })
    const routers = [
      run('pgr_drivingDistance, multi-source equicost',
        'SELECT count(*)::int AS n, coalesce(sum(agg_cost), 0)::float8 AS total FROM pgr_drivingDistance($1, $2::bigint[], $3::float8, false, true)',
        [edgesSql, starts, distance]),
      run('pgr_drivingDistance per facility + min()',
        'SELECT count(*)::int AS n, coalesce(sum(d), 0)::float8 AS total FROM (SELECT node, min(agg_cost) AS d FROM pgr_drivingDistance($1, $2::bigint[], $3::float8, false, false) GROUP BY node) t',
        [edgesSql, starts, distance]),
      run('pgr_drivingDistance from a virtual source',
        'SELECT count(*)::int AS n, coalesce(sum(agg_cost), 0)::float8 AS total FROM pgr_drivingDistance($1, 0::bigint, $2::float8, false) WHERE node <> 0',
        [withSourceSql, distance]),
    ]
    // Context, not a contender: the plain scan of edges_sql that every pgRouting call starts with.
    const scan = run('edges_sql scan', `SELECT count(*)::int AS n, sum(cost)::float8 AS total FROM (${edgesSql}) e`, [])
    const nearestTimings = await interleaveTolerant([oursNearest, ...routers.map((r) => r.fn), scan.fn], rounds)
    const labels = field!.labels!
    let oursNodes = 0, oursSumMm = 0
    for (let u = 0; u < graph.nodeCount; u++) {
      if (labels.dist[u] <= cutoffMm) {
        oursNodes++
        oursSumMm += labels.dist[u]
      }
    }
    const oursNearestMs = nearestTimings[0].timing!.ms
    result.nearest = {
      oursMs: oursNearestMs,
      oursRuns: nearestTimings[0].timing!.runs,
      oursNodes,
      oursSumM: oursSumMm / 1000,
      peers: routers.map((r, k) => {
        const a = answers.get(r.peer)
        return peerTiming(r.peer, nearestTimings[k + 1], oursNearestMs, a && { nodes: a.n, sumM: a.total })
      }),
      edgesScanMs: nearestTimings[routers.length + 1].timing?.ms ?? null,
    }

    // A join from the 200 facilities into the cells' GiST index, then DISTINCT: measured ~10×
    // faster than the EXISTS semi-join, for which the planner scans every cell (and JIT-compiles).
    const coverage = [
      run('PostGIS ST_DWithin, UTM geometry + GiST',
        'SELECT count(DISTINCT c.id)::int AS n, 0::float8 AS total FROM facilities f JOIN cells c ON ST_DWithin(f.geom, c.geom, $1::float8)',
        [coverageM]),
      run('PostGIS ST_DWithin, geography (sphere) + GiST',
        'SELECT count(DISTINCT c.id)::int AS n, 0::float8 AS total FROM facilities f JOIN cells c ON ST_DWithin(f.geog, c.geog, $1::float8, false)',
        [coverageM]),
    ]
    const coverageTimings = await interleaveTolerant([oursCoverage, ...coverage.map((r) => r.fn)], rounds)
    const oursCoverageMs = coverageTimings[0].timing!.ms
    result.coverage = {
      oursMs: oursCoverageMs,
      oursRuns: coverageTimings[0].timing!.runs,
      oursCells,
      peers: coverage.map((r, k) => {
        const a = answers.get(r.peer)
        return peerTiming(r.peer, coverageTimings[k + 1], oursCoverageMs, a && { cells: a.n })
      }),
    }
  } catch (e) {
    result.skipped = `database error: ${(e as Error).message}`
  } finally {
    await scratch.dispose()
  }
  if (!(result.nearest.oursMs >= 0)) {
    const [n, c] = await interleave([oursNearest, oursCoverage], rounds)
    fillOurs(result, n, c)
  }
  return result
}

function fillOurs(result: SideBySideResult, nearest: Timing, coverage: Timing) {
  result.nearest.oursMs = nearest.ms
  result.nearest.oursRuns = nearest.runs
  result.coverage.oursMs = coverage.ms
  result.coverage.oursRuns = coverage.runs
}

/**
 * Loads the network's streets (one two-way row per street, ids as in pg-network.ts), the virtual
 * source's zero-cost edges, and the cells and facilities as points, with the indexes each query
 * wants; returns the number of street rows.
 */
/** Ids of the virtual source's edges (street edges are numbered from 1). */
const VIRTUAL_EDGE_ID0 = 1_000_000_000

async function loadNetwork(db: Database, schema: string, prepared: PreparedNetwork): Promise<number> {
  const { network, ctx, set } = prepared
  await db.exec(edgesTableSql(schema) + edgesTableSql(schema, 'source_edges'))
  const rows = await db.copyIn('edges', EDGE_COLUMNS, streetEdgeRows(network))
  const sourceRows = Array.from({ length: set.count }, (_, j) => [VIRTUAL_EDGE_ID0 + j, 0, vertexId(set.node[j]), set.legMm[j] / 1000, -1])
  await db.copyIn('source_edges', EDGE_COLUMNS, sourceRows)
  await db.exec(edgesIndexSql(schema) + edgesIndexSql(schema, 'source_edges'))

  const g = network.graph
  const srid = utmSrid(g.nodeLng[g.nodeCount >> 1], g.nodeLat[g.nodeCount >> 1])
  await db.exec(`CREATE TABLE ${schema}.cell_points (id int, lng float8, lat float8); CREATE TABLE ${schema}.facility_points (id int, lng float8, lat float8);`)
  await db.copyIn('cell_points', ['id', 'lng', 'lat'], Array.from({ length: ctx.cells.count }, (_, i) => [i, ctx.cells.lng[i], ctx.cells.lat[i]]))
  await db.copyIn('facility_points', ['id', 'lng', 'lat'], Array.from({ length: set.count }, (_, j) => [j, set.lng[j], set.lat[j]]))
  const points = (table: string) => `SELECT id, ST_Transform(ST_SetSRID(ST_MakePoint(lng, lat), 4326), ${srid})::geometry(Point, ${srid}) AS geom,
      ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography AS geog FROM ${schema}.${table}`
  await db.exec(`CREATE TABLE ${schema}.cells AS ${points('cell_points')}; CREATE TABLE ${schema}.facilities AS ${points('facility_points')};
    CREATE INDEX ON ${schema}.cells USING gist (geom); CREATE INDEX ON ${schema}.cells USING gist (geog);
    CREATE INDEX ON ${schema}.facilities USING gist (geom); CREATE INDEX ON ${schema}.facilities USING gist (geog);
    ANALYZE ${schema}.cells; ANALYZE ${schema}.facilities;`)
  return rows
}

function peerTiming(peer: string, t: TimedOrFailed, oursMs: number, answer: { nodes?: number; sumM?: number; cells?: number } | undefined): PeerTiming {
  if (t.timing === null) return { peer, ms: null, runs: 0, ratio: null, skipped: t.error ?? 'failed' }
  return { peer, ms: t.timing.ms, runs: t.timing.runs, ...answer, ratio: t.timing.ms / oursMs, skipped: null }
}
