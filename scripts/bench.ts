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
    const { result, prepared } = await runRealNetwork(spec, { runs, facilities: FACILITIES })
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

const loadEnd = os.loadavg()
const title = `circle15 bench (${quick ? 'QUICK' : 'full'}) ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC — medians of ≥ ${runs} runs — ` +
  `node ${process.version}, ${os.cpus().length} CPUs, load average (1 min) ${loadStart[0].toFixed(2)} → ${loadEnd[0].toFixed(2)}`
printTable(title, rows)
console.log('Street data: © OpenStreetMap contributors, ODbL 1.0. Peer times are query time only (data loading excluded).')

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
  rows,
}, null, 2))
console.log(`wrote ${path.relative(process.cwd(), outFile)}`)

function engineRows(r: EngineBenchResult): TableRow[] {
  const full = r.scale === 'full'
  const section = full
    ? `A. City scale — synthetic city over Ningbo's extent: ${count(r.segments)} segments → ${count(r.nodes)} nodes / ${count(r.arcs)} arcs; ${count(r.cells)} res-10 cells (${count(r.cellsOffNetwork)} off-network); ${r.types} types × ${count(r.facilitiesPerType)} facilities`
    : `A. City scale — QUICK: a SMALLER synthetic city (${count(r.segments)} segments → ${count(r.nodes)} nodes / ${count(r.arcs)} arcs; ${count(r.cells)} cells; ${r.types} types × ${count(r.facilitiesPerType)} facilities); the targets are for the full city`
  const target = (ms: number, limit: number) => (full ? `target ≤ ${count(limit)} ms: ${ms <= limit ? 'met' : 'NOT met'}` : `(full-city target ≤ ${count(limit)} ms)`)
  const row = (measure: string, oursMs: number, note = '', extra: Partial<TableRow> = {}): TableRow => ({ section, measure, oursMs, note, ...extra })
  return [
    row('build walking network (once)', r.buildNetworkMs, 'once per network; one run'),
    row('snap all cells (once)', r.snapCellsMs, 'once per cell set; one run'),
    row(`minutes to nearest, ${r.types} types, 1 thread`, r.nearestAllTypesMs, `${target(r.nearestAllTypesMs, 1500)}; CPU ${formatMs(r.nearestAllTypesCpuMs)}`),
    ...(r.nearestAllTypesTwoWorkersMs === null ? [] : [row(`minutes to nearest, ${r.types} types, 2 worker threads`, r.nearestAllTypesTwoWorkersMs,
      `${target(r.nearestAllTypesTwoWorkersMs, 1500)}; CPU per worker ${formatMs(r.nearestAllTypesTwoWorkersCpuMs)}`)]),
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

function realNetworkRows(results: readonly RealNetworkResult[]): TableRow[] {
  const section = `B. Real networks (OSM, ODbL) — walking at 4 km/h, ${FACILITIES} seeded facilities on network nodes, H3 res-10 cells covering each network's bounding box`
  return results.flatMap((r) => [
    { section, measure: `${r.name}: parse ${r.file.endsWith('.pbf') ? 'PBF' : 'OSM XML gz'} (${(r.fileBytes / 2 ** 20).toFixed(1)} MiB)`, oursMs: r.parseMs, note: `${count(r.segments)} segments; median of ${r.parseRuns}` },
    { section, measure: `${r.name}: build walking network`, oursMs: r.buildMs, note: `${count(r.nodes)} nodes / ${count(r.arcs)} arcs, ${r.bytesPerArc.toFixed(1)} B/arc; median of ${r.buildRuns}` },
    { section, measure: `${r.name}: snap ${count(r.cells)} cells (once)`, oursMs: r.snapCellsMs, note: `${count(r.cellsOffNetwork)} cells > 500 m from a node (straight line)` },
    { section, measure: `${r.name}: minutes to nearest, 1 type`, oursMs: r.nearestMs, note: `${count(r.reachedCells)} cells timed, no limit; median of ${r.nearestRuns}` },
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
