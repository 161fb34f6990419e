/**
 * `npm run bench [-- --quick] [--runs N] [--no-pg] [--no-workers]`
 *
 * One table of medians, and the same figures as JSON in bench-results/bench-<date>.json:
 *   A. city scale: the synthetic Ningbo-extent city (scripts/bench/engine.ts; --quick uses a
 *      smaller city and says so);
 *   B. real networks: Porto (PBF) and central Shanghai (OSM XML) from ../shared/data/osm
 *      (© OpenStreetMap contributors, ODbL 1.0), read in place (scripts/bench/real-networks.ts);
 *   C. side by side in the same run: pgRouting and PostGIS on the same graph, facilities and cells
 *      (scripts/bench/pgrouting.ts) — Shanghai always, Porto in the full run. The database is
 *      BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a scratch schema
 *      is created and dropped. Without a reachable server with pgRouting the peer rows say
 *      "skipped: <reason>".
 *   D. the what-if round trip over HTTP on the Ningbo demo city (scripts/bench/what-if-http.ts): the
 *      real app on the embedded database with the demo data; median and 95th percentile of adding
 *      and removing a facility in a scenario, against a full recomputation of the field.
 *   E. the first answer after an import and after a restart, through a real server process
 *      (scripts/bench/cold-start.ts): Porto (Shanghai with --quick) imported over HTTP, the first
 *      coverage timed beside pgRouting's drivingDistance on the same raw segments; then restarts,
 *      timed from spawn to listening and from listening to the first coverage, with the startup
 *      log of the last one (BENCH_CPU_PROF=<dir> writes CPU profiles of the restarted servers).
 *   F. memory of the network and its snapping index per segment, in a fresh process (memory.ts).
 *   G. what the server's worker pool gains for `npm run compute` and `/api/projects` on the demo
 *      city, WORKERS=0 against WORKERS=2 (pool-gain.ts; full run only).
 * The machine's load average is printed: other processes skew timings on a shared 2-core VM.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type EngineBenchResult, runEngineBench } from './bench/engine'
import { DEFAULT_BENCH_DATABASE_URL, type SideBySideResult, runSideBySide } from './bench/pgrouting'
import { PORTO, type RealNetworkResult, SHANGHAI, SHARED_DATA, hasRealNetworks, runRealNetwork } from './bench/real-networks'
import { type TableRow, count, formatMs, printTable } from './bench/table'
import { type WhatIfHttpResult, runWhatIfHttp } from './bench/what-if-http'
import { type ColdStartResult, runColdStart } from './bench/cold-start'
import { type MemoryResult, runMemory } from './bench/memory'
import { type PoolGainResult, runPoolGain } from './bench/pool-gain'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const runsAt = args.indexOf('--runs')
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : quick ? 3 : 5
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs needs a whole number ≥ 1, got ${args[runsAt + 1]}`)
const withPg = !args.includes('--no-pg')
const databaseUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL
const FACILITIES = 200

const started = new Date()
const loadStart = os.loadavg()
const rows: TableRow[] = []

// A. City scale.
const engine = await runEngineBench({ quick, runs, workers: !args.includes('--no-workers') })
rows.push(...engineRows(engine))

// B and C. Real networks, each compared side by side right after it is prepared (then released).
const realNetworks: RealNetworkResult[] = []
const sideBySide: SideBySideResult[] = []
const specs = [PORTO, SHANGHAI]
if (hasRealNetworks(specs)) {
  for (const spec of specs) {
    const { result, prepared } = await runRealNetwork(spec, { runs, facilities: FACILITIES, parseRuns: quick ? 1 : undefined })
    realNetworks.push(result)
    const compare = spec === SHANGHAI || !quick
    if (compare) {
      sideBySide.push(await runSideBySide(prepared, databaseUrl, { runs, disabled: withPg ? undefined : 'disabled with --no-pg' }))
    }
  }
  rows.push(...realNetworkRows(realNetworks))
  for (const s of sideBySide) rows.push(...sideBySideRows(s))
} else {
  const skipped = `skipped: the OSM extracts are not in ${SHARED_DATA}/osm (a fresh clone has no shared data)`
  rows.push({ section: 'B. Real networks', measure: 'Porto, Shanghai', note: skipped })
  rows.push({ section: 'C. Side by side with pgRouting and PostGIS', measure: 'Shanghai', note: skipped })
}

// D. What-if over HTTP on the demo city.
const whatIf = await runWhatIfHttp({ changes: quick ? 40 : 100, runs })
rows.push(...whatIfRows(whatIf))

// E. First answers after an import and after restarts (real server processes).
const coldSpec = quick ? { ...SHANGHAI, facilities: 200, cells: 3000 } : { ...PORTO, facilities: 2000, cells: 17000 }
let cold: ColdStartResult | null = null
let memory: MemoryResult | null = null
if (hasRealNetworks([coldSpec])) {
  cold = await runColdStart(coldSpec, { runs, restarts: quick ? 2 : 3, databaseUrl, pg: withPg })
  rows.push(...coldStartRows(cold))
  // F. Memory per segment, in a fresh process.
  memory = await runMemory(quick ? SHANGHAI : PORTO)
  rows.push(...memoryRows(memory))
} else {
  const skipped = `skipped: the OSM extracts are not in ${SHARED_DATA}/osm`
  rows.push({ section: 'E. First answers after an import and a restart', measure: coldSpec.name, note: skipped })
}

// G. The worker pool in the server (full run only: two demo servers per round).
let poolGain: PoolGainResult | null = null
if (!quick && !args.includes('--no-workers')) {
  poolGain = await runPoolGain({ rounds: 2 })
  rows.push(...poolGainRows(poolGain))
}

const loadEnd = os.loadavg()
const title = `circle15 bench (${quick ? 'QUICK' : 'full'}) ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — medians of ≥ ${runs} runs — ` +
  `node ${process.version}, ${os.cpus().length} CPUs, load average (1 min) ${loadStart[0].toFixed(2)} → ${loadEnd[0].toFixed(2)}`
printTable(title, rows)
console.log('Street data: © OpenStreetMap contributors, ODbL 1.0. Peer times are query time only (data loading excluded).')
if (cold) {
  console.log(`\nE. The last restart's startup path (${cold.name}, ${cold.backend}; milliseconds since spawn, from the server's log):`)
  for (const line of cold.restartLog) console.log(`  ${line}`)
}

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bench-results')
fs.mkdirSync(outDir, { recursive: true })
const outFile = path.join(outDir, `bench-${started.toISOString().slice(0, 19).replace(/:/g, '-')}Z.json`)
fs.writeFileSync(outFile, JSON.stringify({
  title,
  date: started.toISOString(),
  mode: quick ? 'quick' : 'full',
  runs,
  machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGiB: os.totalmem() / 2 ** 30 },
  loadAverage: { start: loadStart, end: loadEnd },
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  attribution: 'Street data © OpenStreetMap contributors, ODbL 1.0',
  engine,
  realNetworks,
  sideBySide,
  whatIf,
  coldStart: cold,
  memory,
  poolGain,
  rows,
}, null, 2))
console.log(`wrote ${path.relative(process.cwd(), outFile)}`)

function engineRows(r: EngineBenchResult): TableRow[] {
  const full = r.scale === 'full'
  const loadNote = `; load average ${r.loadAverage.start.toFixed(1)} → ${r.loadAverage.end.toFixed(1)}`
  const section = (full
    ? `A. City scale — synthetic city over Ningbo's extent: ${count(r.segments)} segments → ${count(r.nodes)} nodes / ${count(r.arcs)} arcs; ${count(r.cells)} res-10 cells (${count(r.cellsOffNetwork)} off-network); ${r.types} types × ${count(r.facilitiesPerType)} facilities`
    : `A. City scale — QUICK: a SMALLER synthetic city (${count(r.segments)} segments → ${count(r.nodes)} nodes / ${count(r.arcs)} arcs; ${count(r.cells)} cells; ${r.types} types × ${count(r.facilitiesPerType)} facilities); the targets are for the full city`) + loadNote
  const target = (ms: number, limit: number) => (full ? `target ≤ ${count(limit)} ms: ${ms <= limit ? 'met' : 'NOT met'}` : `(full-city target ≤ ${count(limit)} ms)`)
  const row = (measure: string, oursMs: number, note = '', extra: Partial<TableRow> = {}): TableRow => ({ section, measure, oursMs, note, ...extra })
  return [
    row('build walking network (once)', r.buildNetworkMs, 'once per network; one run'),
    row('snap all cells (once)', r.snapCellsMs, 'once per cell set; one run'),
    row(`minutes to nearest, ${r.types} types, 1 thread`, r.nearestAllTypesMs, `${target(r.nearestAllTypesMs, 1500)}; CPU ${formatMs(r.nearestAllTypesCpuMs)}`),
    ...(r.nearestAllTypesTwoWorkersMs === null ? [] : [row(`minutes to nearest, ${r.types} types, server pool of 2 workers`, r.nearestAllTypesTwoWorkersMs,
      `${target(r.nearestAllTypesTwoWorkersMs, 1500)}; process CPU ÷ 2 ${formatMs(r.nearestAllTypesTwoWorkersCpuMs)}; ratio = gain over 1 thread`,
      { peer: '1 thread (row above)', peerMs: r.nearestAllTypesMs, ratio: r.nearestAllTypesMs / r.nearestAllTypesTwoWorkersMs })]),
    row(`minutes to nearest, ${r.types} types, ≤ 60 min, 1 thread`, r.nearestAllTypes60MinMs),
    row('one type: bucket-queue search + cell pass', r.nearestOneTypeMs, 'peer = our own binary-heap Dijkstra, search only',
      { peer: 'same search, binary heap (ours)', peerMs: r.nearestOneTypeHeapMs, ratio: r.nearestOneTypeHeapMs / r.nearestOneTypeMs }),
    row(`2SFCA (Gaussian), ${count(r.facilitiesPerType)} facilities, 15 min`, r.twoStepFcaMs, `${target(r.twoStepFcaMs, 500)}; ${count(r.catchmentPairs)} pairs`),
    row('add one facility (incremental), median', r.addFacilityMs, `${target(r.addFacilityMs, 1)}; 95th percentile ${formatMs(r.addFacilityP95Ms)}`),
    row('remove one facility (incremental), median', r.removeFacilityMs),
    row('straight line only (no network): add one facility, median', r.straightLineAddMs, `95th percentile ${formatMs(r.straightLineAddP95Ms)}; ${count(r.facilitiesPerType)} facilities; full field ${formatMs(r.straightLineFieldMs)}`),
    { section, measure: 'graph bytes per arc', ours: `${r.bytesPerArc.toFixed(1)} B`, note: `target ≤ 20 B: ${r.bytesPerArc <= 20 ? 'met' : 'NOT met'}` },
    { section, measure: 'peak RSS (incl. worker threads)', ours: `${Math.round(r.peakRssMb)} MiB`, note: `JS heap ${Math.round(r.peakHeapMb)} MiB, array buffers ${Math.round(r.peakArrayBuffersMb)} MiB` },
  ]
}

function load(l: { start: number; end: number }): string {
  return `load average ${l.start.toFixed(1)} → ${l.end.toFixed(1)}`
}

function coldStartRows(c: ColdStartResult): TableRow[] {
  const section = `E. First answers through a real server process (${c.backend}) — ${c.name}: ${count(c.streetRows)} street segments (${count(c.rawEdges)} raw walk segments), ` +
    `${count(c.cells)} populated cells, ${count(c.facilities)} kindergartens, coverage within ${c.minutes} min; ${load(c.loadAverage)}`
  const storedBytes = c.storedNetworks.reduce((s, n) => s + n.bytes, 0)
  const out: TableRow[] = [
    { section, measure: 'import the streets (OSM file over HTTP)', oursMs: c.importRoadsMs, note: `parses, stores, builds and stores ${c.storedNetworks.length} networks, snaps the cells; one run` },
  ]
  const peers = c.peers.length ? c.peers : [{ peer: 'pgRouting', ms: null, runs: 0, nodes: null, skipped: 'no peer' }]
  peers.forEach((p, k) => out.push({
    section,
    measure: k === 0 ? 'first coverage after the import (nothing computed)' : '',
    oursMs: k === 0 ? c.firstCoverageMs : undefined,
    peer: p.peer,
    peerMs: p.ms,
    ratio: p.ms === null ? null : p.ms / c.firstCoverageMs,
    note: p.skipped !== null ? `skipped: ${p.skipped}` :
      `${count(p.nodes ?? 0)} vertices reached; median of ${p.runs}` + (k === 0 ? `; target ≥ 100× (≥ 20× at the least): ${p.ms! / c.firstCoverageMs >= 100 ? 'met' : p.ms! / c.firstCoverageMs >= 20 ? 'floor met, target NOT met' : 'NOT met'}; the field itself ${formatMs(c.firstFieldMs)} (server log)` : ''),
  }))
  out.push(
    { section, measure: 'the same request again (answer cache)', oursMs: c.cachedCoverageMs },
    { section, measure: `restart: spawn → listening (median of ${c.restarts.length})`, oursMs: c.restartListeningMs, note: 'node + tsx loading the server, opening and migrating the database' },
    { section, measure: 'restart: listening → first coverage answered', oursMs: c.restartFirstCoverageMs, peer: 'GET /api/health sent with it', peerMs: c.restartHealthMs,
      note: `target ≤ 300 ms: ${c.restartFirstCoverageMs <= 300 ? 'met' : 'NOT met'}; runs ${c.restarts.map((r) => Math.round(r.firstCoverageMs)).join(', ')} ms` },
    { section, measure: 'restart: spawn → first coverage answered', oursMs: c.restartSpawnToCoverageMs,
      note: `every mode's network and cells loaded ${c.restarts.map((r) => (r.inputsReadyMs === null ? '—' : Math.round(r.inputsReadyMs))).join(', ')} ms after spawn` },
    { section, measure: 'stored networks (engine_state)', ours: `${(storedBytes / 2 ** 20).toFixed(1)} MiB`,
      note: `${c.storedNetworks.map((n) => `${n.name} ${(n.bytes / 2 ** 20).toFixed(1)} MiB`).join(', ')}; ${(storedBytes / c.streetRows).toFixed(0)} B per street segment for all ${c.storedNetworks.length}` },
  )
  return out
}

function memoryRows(m: MemoryResult): TableRow[] {
  const section = `F. Memory — ${m.name} walking network: ${count(m.streetSegments)} street segments (${count(m.rawSegments)} raw), ${count(m.nodes)} nodes / ${count(m.arcs)} arcs; fresh process, heap used + array buffers after GC`
  const per = (bytes: number) => `${(bytes / m.streetSegments).toFixed(1)} B/street segment, ${(bytes / m.rawSegments).toFixed(1)} B/raw segment`
  return [
    { section, measure: 'network + snapping index, loaded from its stored binary', ours: `${(m.loadedRetained / 2 ** 20).toFixed(1)} MiB`, note: `${per(m.loadedRetained)}; stored binary ${(m.storedBytes / 2 ** 20).toFixed(1)} MiB` },
    { section, measure: 'its typed arrays as built', ours: `${(m.networkArrays / 2 ** 20).toFixed(1)} MiB`, note: per(m.networkArrays) },
    { section, measure: 'peak during the build (resident set growth)', ours: `${(m.buildPeakRss / 2 ** 20).toFixed(1)} MiB`, note: `${per(m.buildPeakRss)}; upper bound (sampled every ms)` },
    { section, measure: `${count(m.cells)} cells snapped to it, loaded`, ours: `${(m.contextRetained / 2 ** 20).toFixed(1)} MiB`, note: `${(m.contextRetained / m.cells).toFixed(1)} B/cell` },
  ]
}

function poolGainRows(g: PoolGainResult): TableRow[] {
  const section = `G. The worker pool in the server — Ningbo demo city (${count(g.cells)} cells, ${g.types} types, ${g.method}); a fresh server per setting and round, medians of ${g.rounds}; ${load(g.loadAverage)}`
  return [
    { section, measure: `npm run compute: ${g.types} types at once, WORKERS=2`, oursMs: g.compute.twoWorkersMs, peer: 'WORKERS=0 (main thread)', peerMs: g.compute.oneThreadMs, ratio: g.compute.oneThreadMs / g.compute.twoWorkersMs,
      note: `${g.inWorkers} fields computed in workers over the rounds` },
    { section, measure: `GET /api/projects (${g.projects.fields} fields), WORKERS=2`, oursMs: g.projects.twoWorkersMs, peer: 'WORKERS=0 (main thread)', peerMs: g.projects.oneThreadMs, ratio: g.projects.oneThreadMs / g.projects.twoWorkersMs,
      note: 'its fields go to the pool; each project\'s what-if impact runs in the main thread' },
  ]
}

function realNetworkRows(results: readonly RealNetworkResult[]): TableRow[] {
  const section = `B. Real networks (OSM, ODbL) — walking at 4 km/h, ${FACILITIES} seeded facilities on network nodes, H3 res-10 cells covering each network's bounding box`
  return results.flatMap((r) => [
    { section, measure: `${r.name}: parse ${r.file.endsWith('.pbf') ? 'PBF' : 'OSM XML gz'} (${(r.fileBytes / 2 ** 20).toFixed(1)} MiB)`, oursMs: r.parseMs, note: `${count(r.segments)} segments; median of ${r.parseRuns}` },
    { section, measure: `${r.name}: build walking network`, oursMs: r.buildMs, note: `${count(r.nodes)} nodes / ${count(r.arcs)} arcs, ${r.bytesPerArc.toFixed(1)} B/arc; median of ${r.buildRuns}` },
    { section, measure: `${r.name}: snap ${count(r.cells)} cells (once)`, oursMs: r.snapCellsMs, note: `${count(r.cellsOffNetwork)} cells > 500 m from a node (straight line)` },
    { section, measure: `${r.name}: minutes to nearest, 1 type (warm)`, oursMs: r.nearestMs, peer: 'one pass over the arcs (relax each once)', peerMs: r.arcPassMs, ratio: r.arcPassMs / r.nearestMs,
      note: `${count(r.reachedCells)} cells timed, no limit; median of ${r.nearestRuns}; ours ÷ pass = ${(r.nearestMs / r.arcPassMs).toFixed(1)}× (aim ≤ 2×)` },
  ])
}

function sideBySideRows(s: SideBySideResult): TableRow[] {
  const versions = s.pgrouting ? `pgRouting ${s.pgrouting}, PostGIS ${s.postgis}; loading excluded (${formatMs(s.loadMs)})` : 'no database'
  const section = `C. Side by side — ${s.network}: ${count(s.nodes)} nodes, ${count(s.edgeRows || s.arcs / 2)} streets, ${s.facilities} facilities, ${count(s.cells)} cells; query time only (ours also times the per-cell pass); ${versions}`
  const out: TableRow[] = []
  const group = (measure: string, oursMs: number, peers: SideBySideResult['nearest']['peers'], check: (p: SideBySideResult['nearest']['peers'][number]) => string, peerName: string, fastestNote = '') => {
    if (s.skipped !== null || peers.length === 0) {
      out.push({ section, measure, oursMs, peer: peerName, peerMs: null, note: `skipped: ${s.skipped ?? 'no result'}` })
      return
    }
    const sorted = [...peers].sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity))
    sorted.forEach((p, k) => out.push({
      section,
      measure: k === 0 ? measure : '',
      oursMs: k === 0 ? oursMs : undefined,
      peer: p.peer,
      peerMs: p.ms,
      ratio: p.ratio,
      note: p.skipped !== null ? `skipped: ${p.skipped}` : `${check(p)}; ${p.runs} rounds${k === 0 ? ` (fastest peer${fastestNote})` : ''}`,
    }))
  }
  const n = s.nearest
  group(`nearest facility, every node ≤ ${s.cutoffMinutes} min`, n.oursMs, n.peers, (p) => {
    const dSum = (p.sumM ?? NaN) - n.oursSumM
    if (p.nodes === n.oursNodes && Math.abs(dSum) < 0.01) return `same answer: ${count(n.oursNodes)} nodes, same Σ distance`
    return `DIFFERENT: ${count(p.nodes ?? 0)} nodes (ours ${count(n.oursNodes)}), Σ ${dSum >= 0 ? '+' : ''}${dSum.toFixed(1)} m`
  }, 'pgRouting', n.edgesScanMs === null ? '' : `; its edges_sql scan alone: ${formatMs(n.edgesScanMs)}`)
  const c = s.coverage
  group(`straight-line coverage, cells ≤ ${count(s.coverageM)} m`, c.oursMs, c.peers,
    (p) => `${count(p.cells ?? 0)} cells covered (ours ${count(c.oursCells)})`, 'PostGIS ST_DWithin')
  return out
}

function whatIfRows(w: WhatIfHttpResult): TableRow[] {
  const section = `D. What-if over HTTP — Ningbo demo city: ${count(w.cells)} cells, ${count(w.facilities)} kindergartens (${w.method}); ${w.changes} adds then ${w.changes} removes in one scenario`
  return [
    { section, measure: 'add a facility: POST /api/scenarios/:id/changes, median', oursMs: w.addMedianMs, peer: 'full recomputation of the field', peerMs: w.fullRecomputeMs, ratio: w.fullRecomputeMs / w.addMedianMs,
      note: `95th percentile ${formatMs(w.addP95Ms)}; target ≤ 50 ms p95: ${w.addP95Ms <= 50 ? 'met' : 'NOT met'}` },
    { section, measure: 'remove it again, median', oursMs: w.removeMedianMs, note: `95th percentile ${formatMs(w.removeP95Ms)}` },
    { section, measure: 'first change of a scenario (builds its field)', oursMs: w.firstChangeMs, note: 'once per scenario and type' },
  ]
}
