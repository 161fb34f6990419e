/**
 * E. The first answer after an import and after a restart (issue 9, item 4), through the real API
 * on the embedded database (a data directory on disk, as `npm start` keeps it):
 *   1. import population (H3 res-10 cells around the street nodes), facilities (kindergartens on
 *      seeded street nodes), then the streets (the OSM file itself) — that import builds and
 *      stores every mode's network and snaps the cells;
 *   2. the first `GET /api/coverage?type=kindergarten&minutes=15` (nothing computed yet), then the
 *      same again (served from memory);
 *   3. what the previous version did on that first request, timed here on the same database: read
 *      `street_edges`, build the walking network, snap the cells, compute the field;
 *   4. a restart: close the server and the database, open them again, and time from the services'
 *      creation to the first coverage answered (opening PGlite itself is timed apart);
 *   5. the peer: pgRouting's `pgr_drivingDistance` as a planner would call it — the facilities'
 *      vertices as start vids, `equicost => true`, 1,000 m (15 min at 4 km/h), on the raw OSM
 *      segments of the same walkable streets (raw-edges.ts) — and its fastest formulation, one
 *      search from a virtual source, on the same edges.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { AddressInfo } from 'node:net'
import { latLngToCell } from 'h3-js'
import { loadConfig } from '../../server/src/config'
import type { Database } from '../../server/src/db/database'
import { listEngineState } from '../../server/src/db/engine-state'
import { migrate } from '../../server/src/db/migrate'
import { openPglite } from '../../server/src/db/pglite'
import { loadStreetSegments } from '../../server/src/db/streets'
import { buildStreetNetwork, coverageByArea, createTravelContext, WALK_PROFILE, type StreetNetwork } from '../../server/src/engine'
import { parseFile } from '../../server/src/formats/index'
import { createApp } from '../../server/src/http/app'
import { setLogLevel } from '../../server/src/log'
import { LiveField } from '../../server/src/services/analysis/travel'
import { createServices, installReferenceData } from '../../server/src/services/context'
import { buildTemplate } from '../../test/support/pglite-template'
import { prng } from '../../server/src/engine/test-support/prng'
import { median } from './measure'
import { EDGE_COLUMNS, edgesIndexSql, edgesTableSql, openScratchDatabase, vertexId } from './pg-network'
import { rawWalkEdges } from './raw-edges'
import { SHARED_DATA, facilitiesOnNodes, type RealNetworkSpec } from './real-networks'

export interface ColdStartSpec extends RealNetworkSpec {
  facilities: number
  cells: number
}

export interface ColdStartResult {
  name: string
  streetRows: number
  rawEdges: number
  cells: number
  facilities: number
  minutes: number
  importRoadsMs: number
  storedNetworks: { name: string; bytes: number }[]
  firstCoverageMs: number
  warmCoverageMs: number
  /** The previous version's first request: street_edges → network → snap → field → coverage (in-process). */
  rebuildMs: number
  restartOpenDbMs: number
  restartFirstCoverageMs: number
  coveredPopulation: number
  peers: { peer: string; ms: number | null; runs: number; nodes: number | null; skipped: string | null }[]
}

const MINUTES = 15
const WALK_KMH = 4

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

async function serve(db: Database) {
  const services = createServices(db, loadConfig({ DEMO: '0' }))
  void services.analysis.inputs.prepare().catch(() => {}) // as main.ts does at start
  const server = createApp(services).listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const call = async (method: string, p: string, body?: Uint8Array | string) => {
    const r = await fetch(url + p, { method, body: body as BodyInit | undefined })
    const json = await r.json()
    if (!r.ok) throw new Error(`${p}: ${r.status} ${JSON.stringify(json).slice(0, 300)}`)
    return json
  }
  return {
    services,
    get: (p: string) => call('GET', p),
    post: (p: string, body: Uint8Array | string) => call('POST', p, body),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.analysis.close()
    },
  }
}

export async function runColdStart(spec: ColdStartSpec, opts: { runs: number; databaseUrl: string; pg: boolean }): Promise<ColdStartResult> {
  setLogLevel((process.env.BENCH_LOG as 'info') ?? 'warn')
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

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c15-bench-'))
  try {
    let db = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(await buildTemplate())]) })
    await migrate(db)
    await installReferenceData(db)
    let s = await serve(db)
    await s.post('/api/import/population?filename=cells.csv', population)
    await s.post('/api/import/facilities?filename=kindergartens.geojson', facilities)
    let t = performance.now()
    await s.post(`/api/import/roads?filename=${path.basename(file)}`, bytes)
    const importRoadsMs = performance.now() - t
    t = performance.now()
    const first = await s.get(query)
    const firstCoverageMs = performance.now() - t
    const warm: number[] = []
    for (let k = 0; k < Math.max(5, opts.runs); k++) {
      t = performance.now()
      await s.get(query)
      warm.push(performance.now() - t)
    }
    const storedNetworks = (await listEngineState(db)).filter((r) => r.kind === 'network').map((r) => ({ name: r.name, bytes: r.bytes }))
    const [{ n: streetRows }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM street_edges')
    const rebuildMs = await previousFirstRequest(db, s.services)
    await s.close()
    await db.close()

    // A restart: the database opened again, new services, the first coverage.
    t = performance.now()
    db = await openPglite({ dataDir })
    await migrate(db)
    await installReferenceData(db)
    const restartOpenDbMs = performance.now() - t
    t = performance.now()
    s = await serve(db)
    const again = await s.get(query)
    const restartFirstCoverageMs = performance.now() - t
    if (JSON.stringify(again) !== JSON.stringify(first)) throw new Error(`${spec.name}: the coverage after the restart differs from the first`)
    await s.close()
    await db.close()

    const raw = rawWalkEdges(network, segments)
    const nodeAt = new Map<string, number>()
    for (let u = 0; u < network.graph.nodeCount; u++) nodeAt.set(`${network.graph.nodeLng[u]},${network.graph.nodeLat[u]}`, u)
    const startVertices = Array.from(placed.lng, (lng, j) => vertexId(nodeAt.get(`${lng},${placed.lat[j]}`)!))
    const peers = opts.pg ? await drivingDistancePeers(opts.databaseUrl, raw, startVertices, opts.runs) : [
      { peer: 'pgRouting', ms: null, runs: 0, nodes: null, skipped: 'disabled with --no-pg' },
    ]
    return {
      name: spec.name, streetRows, rawEdges: raw.length, cells: h3.length, facilities: spec.facilities, minutes: MINUTES,
      importRoadsMs, storedNetworks, firstCoverageMs, warmCoverageMs: median(warm), rebuildMs, restartOpenDbMs, restartFirstCoverageMs,
      coveredPopulation: first.total.coveredPopulation, peers,
    }
  } finally {
    if (process.env.BENCH_KEEP_DATA) console.log(`kept ${dataDir}`)
    else fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The previous version's first request, on the same database: everything rebuilt from street_edges. */
async function previousFirstRequest(db: Database, services: Awaited<ReturnType<typeof serve>>['services']): Promise<number> {
  const a = services.analysis
  const cells = await a.inputs.cells()
  const r = await a.resolve({ type: 'kindergarten', minutes: MINUTES })
  const list = await a.fields.baselineFacilities('kindergarten')
  const t = performance.now()
  const net = buildStreetNetwork(await loadStreetSegments(db), WALK_PROFILE)
  const ctx = createTravelContext({ network: net, cellLng: cells.rows.lng, cellLat: cells.rows.lat })
  const live = LiveField.compute(ctx, list)
  coverageByArea({ minutes: a.minutes(live.toTypeField('kindergarten', 'walk'), r.speedKmh), targetPopulation: cells.target(r.type.targetGroup), thresholdMinutes: MINUTES })
  return performance.now() - t
}

async function drivingDistancePeers(url: string, raw: ReturnType<typeof rawWalkEdges>, startVertices: number[], runs: number): Promise<ColdStartResult['peers']> {
  const scratch = await openScratchDatabase(url, 'cold', { statement_timeout: 300_000 })
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
