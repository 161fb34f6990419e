/**
 * E. The first answer after an import and after a restart (issue 9, item 4), through the real
 * server in a child process (child.ts) — on the PostgreSQL server (a scratch schema in
 * BENCH_DATABASE_URL) when one is reachable, else on the embedded database in a DATA_DIR:
 *   1. import population (H3 res-10 cells holding a street node), facilities (kindergartens on
 *      seeded street nodes), then the streets (the OSM file itself) over HTTP with the first start's
 *      admin token — the roads import builds and stores every mode's network and snaps the cells;
 *   2. the first `GET /api/coverage?type=kindergarten&minutes=15` (nothing computed yet), then the
 *      same again (the answer cache);
 *   3. restarts: SIGTERM, a new server process over the same database, and the same request the
 *      moment it listens — timed from spawn to listening, and from listening to the answer; the
 *      log lines of the last restart (each with its time since spawn) show where the time goes;
 *   4. the peer: pgRouting's `pgr_drivingDistance` as a planner would call it — the facilities'
 *      vertices as start vids, `equicost => true`, 1,000 m (15 min at 4 km/h), on the raw OSM
 *      segments of the same walkable streets (raw-edges.ts), on the PostgreSQL server — and its
 *      fastest formulation, one search from a virtual source, on the same edges.
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each restarted server there (node --cpu-prof).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { latLngToCell } from 'h3-js'
import type { Database } from '../../server/src/db/database'
import { listEngineState } from '../../server/src/db/engine-state'
import { buildStreetNetwork, WALK_PROFILE, type StreetNetwork } from '../../server/src/engine'
import { parseFile } from '../../server/src/formats/index'
import { prng } from '../../server/src/engine/test-support/prng'
import { call, spawnBenchServer } from './child'
import { median } from './measure'
import { EDGE_COLUMNS, edgesIndexSql, edgesTableSql, openScratchDatabase, vertexId } from './pg-network'
import { rawWalkEdges } from './raw-edges'
import { SHARED_DATA, facilitiesOnNodes, type RealNetworkSpec } from './real-networks'

export interface ColdStartSpec extends RealNetworkSpec {
  facilities: number
  cells: number
}

export interface RestartTiming {
  /** Spawn → the server listens. */
  listeningMs: number
  /** Listening → the first coverage answered (the request is sent the moment it listens). */
  firstCoverageMs: number
  /** Spawn → the first coverage answered. */
  spawnToCoverageMs: number
  /** Spawn → every mode's network and snapped cells loaded (null if not logged within 60 s). */
  inputsReadyMs: number | null
  /** Listening → `GET /api/health` answered, sent together with the coverage request. */
  healthMs: number
}

export interface ColdStartResult {
  name: string
  backend: 'postgres' | 'embedded'
  loadAverage: { start: number; end: number }
  streetRows: number
  rawEdges: number
  cells: number
  facilities: number
  minutes: number
  importRoadsMs: number
  storedNetworks: { name: string; bytes: number }[]
  firstCoverageMs: number
  /** The field behind it, as the server logged it (computed in a worker; NaN if not logged). */
  firstFieldMs: number
  cachedCoverageMs: number
  restarts: RestartTiming[]
  /** Medians over the restarts. */
  restartListeningMs: number
  restartFirstCoverageMs: number
  restartHealthMs: number
  restartSpawnToCoverageMs: number
  /** The last restart's log, each line with its milliseconds since spawn. */
  restartLog: string[]
  coveredPopulation: number
  peers: { peer: string; ms: number | null; runs: number; nodes: number | null; skipped: string | null }[]
}

const MINUTES = 15

/** Populated cells: a seeded choice among the H3 res-10 cells that hold a street node. */
function chooseCells(network: StreetNetwork, count: number, seed: number): string[] {
  const g = network.graph
  const all = new Set<string>()
  for (let u = 0; u < g.nodeCount; u++) all.add(latLngToCell(g.nodeLat[u], g.nodeLng[u], 10))
  const list = [...all].sort()
  const rand = prng(seed)
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[list[i], list[j]] = [list[j], list[i]]
  }
  return list.slice(0, Math.min(count, list.length)).sort()
}

/**
 * Runs section E for one network.
 * @example const r = await runColdStart({ ...PORTO, facilities: 2000, cells: 17000 }, { runs: 3, databaseUrl, pg: true, restarts: 3 })
 * Contract: the scratch schema / data directory is removed before returning (BENCH_KEEP_DATA keeps it).
 */
export async function runColdStart(spec: ColdStartSpec, opts: { runs: number; restarts: number; databaseUrl: string; pg: boolean }): Promise<ColdStartResult> {
  const loadStart = os.loadavg()[0]
  const file = path.join(SHARED_DATA, spec.file)
  const bytes = fs.readFileSync(file)
  const segments = (await parseFile(bytes, { fileName: path.basename(file), expect: 'streets' })).segments ?? []
  const network = buildStreetNetwork(segments, WALK_PROFILE)
  const h3 = chooseCells(network, spec.cells, 5)
  const rand = prng(9)
  const population = 'h3,population,age_3_5\n' + h3.map((c) => {
    const p = 20 + Math.floor(rand() * 400)
    return `${c},${p},${Math.round(p * 0.04)}`
  }).join('\n')
  const placed = facilitiesOnNodes(network, spec.facilities, 20240601)
  const facilities = JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from(placed.lng, (lng, j) => ({ type: 'Feature', properties: { id: `K${j}`, type: 'kindergarten' }, geometry: { type: 'Point', coordinates: [lng, placed.lat[j]] } })),
  })
  const query = `/api/coverage?type=kindergarten&minutes=${MINUTES}`

  const app = opts.pg ? await openScratchDatabase(opts.databaseUrl, 'cold') : { skip: 'disabled with --no-pg' }
  const backend = 'skip' in app ? 'embedded' : 'postgres'
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c15-bench-cold-'))
  const env: Record<string, string> = { DATA_DIR: dataDir }
  if (!('skip' in app)) {
    const sep = opts.databaseUrl.includes('?') ? '&' : '?'
    env.DATABASE_URL = `${opts.databaseUrl}${sep}options=${encodeURIComponent(`-c search_path=${app.schema},public`)}`
  }
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null
  try {
    let s = await spawnBenchServer(env)
    const token = s.adminToken()
    await call(s, 'POST', '/api/import/population?filename=cells.csv', population, token)
    await call(s, 'POST', '/api/import/facilities?filename=kindergartens.geojson', facilities, token)
    let t = performance.now()
    await call(s, 'POST', `/api/import/roads?filename=${path.basename(file)}`, bytes, token)
    const importRoadsMs = performance.now() - t
    t = performance.now()
    const first = await call(s, 'GET', query)
    const firstCoverageMs = performance.now() - t
    // The server's own account of the field behind it (travel.ts logs each computed field).
    const fieldLine = await s.when(/travel times: kindergarten \(walk/, 10_000).then(() => s.lines.find((l) => /travel times: kindergarten \(walk/.test(l.text))!.text, () => '')
    const firstFieldMs = Number(/ in (\d+) ms/.exec(fieldLine)?.[1] ?? NaN)
    const cached: number[] = []
    for (let k = 0; k < Math.max(5, opts.runs); k++) {
      t = performance.now()
      await call(s, 'GET', query)
      cached.push(performance.now() - t)
    }
    const stored = await storedNetworks(s.lines, 'skip' in app ? null : app.db)
    await s.stop()

    const restarts: RestartTiming[] = []
    let restartLog: string[] = []
    for (let k = 0; k < opts.restarts; k++) {
      s = await spawnBenchServer(env, { nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] })
      const listening = performance.now()
      // A trivial request sent at the same moment: what any answer costs on the machine right then.
      const health = call(s, 'GET', '/api/health').then(() => performance.now() - listening)
      const again = await call(s, 'GET', query)
      const answered = performance.now()
      const healthMs = await health
      if (JSON.stringify(again) !== JSON.stringify(first)) throw new Error(`${spec.name}: the coverage after the restart differs from the first`)
      const inputsReadyMs = await s.when(/inputs of \d+ modes ready/, 60_000).catch(() => null)
      restarts.push({ listeningMs: s.listeningMs, firstCoverageMs: answered - listening, spawnToCoverageMs: answered - s.spawnedAt, inputsReadyMs, healthMs })
      restartLog = s.lines.map((l) => `${l.ms.toFixed(0).padStart(6)} ms  ${l.text.replace(/^\S+ /, '')}`)
      restartLog.push(`${(answered - s.spawnedAt).toFixed(0).padStart(6)} ms  (bench) first coverage answered`)
      await s.stop()
    }

    const raw = rawWalkEdges(network, segments)
    const nodeAt = new Map<string, number>()
    for (let u = 0; u < network.graph.nodeCount; u++) nodeAt.set(`${network.graph.nodeLng[u]},${network.graph.nodeLat[u]}`, u)
    const startVertices = Array.from(placed.lng, (lng, j) => vertexId(nodeAt.get(`${lng},${placed.lat[j]}`)!))
    const peers = opts.pg && !process.env.BENCH_NO_PEERS ? await drivingDistancePeers(opts.databaseUrl, raw, startVertices, opts.runs) : [
      { peer: 'pgRouting', ms: null, runs: 0, nodes: null, skipped: 'disabled with --no-pg' },
    ]
    return {
      name: spec.name, backend, loadAverage: { start: loadStart, end: os.loadavg()[0] },
      streetRows: stored.streetRows ?? segments.length, rawEdges: raw.length, cells: h3.length, facilities: spec.facilities, minutes: MINUTES,
      importRoadsMs, storedNetworks: stored.networks, firstCoverageMs, firstFieldMs, cachedCoverageMs: median(cached),
      restarts,
      restartListeningMs: median(restarts.map((r) => r.listeningMs)),
      restartFirstCoverageMs: median(restarts.map((r) => r.firstCoverageMs)),
      restartHealthMs: median(restarts.map((r) => r.healthMs)),
      restartSpawnToCoverageMs: median(restarts.map((r) => r.spawnToCoverageMs)),
      restartLog,
      coveredPopulation: first.total.coveredPopulation, peers,
    }
  } finally {
    if (process.env.BENCH_KEEP_DATA) console.log(`kept ${dataDir}${'skip' in app ? '' : ` and schema ${app.schema}`}`)
    else {
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (!('skip' in app)) await app.dispose()
    }
  }
}

/**
 * The stored networks' sizes and the street rows: read from the database on the server backend;
 * from the server's log on the embedded one (its database is the server's alone while it runs).
 */
async function storedNetworks(lines: readonly { text: string }[], db: Database | null): Promise<{ streetRows: number | null; networks: { name: string; bytes: number }[] }> {
  if (db) {
    const networks = (await listEngineState(db)).filter((r) => r.kind === 'network').map((r) => ({ name: r.name, bytes: r.bytes }))
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM street_edges')
    return { streetRows: n, networks }
  }
  let streetRows: number | null = null
  const networks: { name: string; bytes: number }[] = []
  for (const { text } of lines) {
    const m = /networks: (\w+) built from (\d+) segments .*stored \(([\d.]+) MiB\)/.exec(text)
    if (!m) continue
    streetRows = Number(m[2])
    networks.push({ name: m[1], bytes: Math.round(Number(m[3]) * 2 ** 20) })
  }
  return { streetRows, networks }
}

async function drivingDistancePeers(url: string, raw: ReturnType<typeof rawWalkEdges>, startVertices: number[], runs: number): Promise<ColdStartResult['peers']> {
  const scratch = await openScratchDatabase(url, 'cold_pgr', { statement_timeout: 300_000 })
  if ('skip' in scratch) return [{ peer: 'pgRouting', ms: null, runs: 0, nodes: null, skipped: scratch.skip }]
  const { db, schema } = scratch
  try {
    await db.exec(edgesTableSql(schema) + edgesTableSql(schema, 'source_edges'))
    await db.copyIn('edges', EDGE_COLUMNS, raw)
    const starts = [...new Set(startVertices)]
    await db.copyIn('source_edges', EDGE_COLUMNS, starts.map((v, j) => [2_000_000_000 + j, 0, v, 0, -1]))
    await db.exec(edgesIndexSql(schema) + edgesIndexSql(schema, 'source_edges'))
    const edgesSql = `SELECT id, source, target, cost FROM ${schema}.edges`
    const contenders = [
      { peer: `pgr_drivingDistance, ${starts.length} start vids, equicost, raw segments`, rounds: Math.min(runs, 3),
        sql: 'SELECT count(*)::int AS n FROM pgr_drivingDistance($1, $2::bigint[], $3::float8, false, true)', params: [edgesSql, starts, 1000] },
      { peer: 'pgr_drivingDistance from a virtual source, raw segments', rounds: Math.max(runs, 5),
        sql: 'SELECT count(*)::int AS n FROM pgr_drivingDistance($1, 0::bigint, $2::float8, false) WHERE node <> 0',
        params: [`${edgesSql} UNION ALL SELECT id, source, target, cost FROM ${schema}.source_edges`, 1000] },
    ]
    const out: ColdStartResult['peers'] = []
    for (const c of contenders) {
      const times: number[] = []
      let nodes = 0
      try {
        for (let k = 0; k < c.rounds; k++) {
          const t = performance.now()
          nodes = (await db.query<{ n: number }>(c.sql, c.params))[0].n
          times.push(performance.now() - t)
        }
        out.push({ peer: c.peer, ms: median(times), runs: times.length, nodes, skipped: null })
      } catch (e) {
        out.push({ peer: c.peer, ms: null, runs: 0, nodes: null, skipped: (e as Error).message })
      }
    }
    return out
  } finally {
    await scratch.dispose()
  }
}
