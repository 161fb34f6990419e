/**
 * Bounded load test of the real server on the Ningbo demo, loopback only:
 *   npm run loadtest [-- --quick] [-- --backend postgres [--fault]] [-- --strict]
 * 1. coverage: 200 readers of one coverage query from a cold start (single flight, then cached);
 * 2. mix: 200 readers over coverage, cells, gaps, tiles and a scenario's coverage while a writer
 *    edits that scenario once a second and checks each edit is visible;
 * 3. (--fault, server backend) the mix again with the private PostgreSQL stopped for 6 s.
 * About 45 s of load (--quick: 15 s), then it stops by itself. Exits 1 when a correctness check
 * fails (errors or timeouts, an edit the next read does not show, a fault not survived); the
 * throughput, latency and 1-s visibility targets are reported, and enforced only with --strict
 * (they depend on the machine and what else runs on it). Writes bench-results/loadtest-<time>.json.
 */
import fs from 'node:fs'
import os from 'node:os'
import { runPhase, runWriter, tileAt, type PhaseResult, type Request, type WriterResult } from './loadtest/phases'
import { runFault, type FaultResult } from './loadtest/fault'
import { startTarget, type Backend } from './loadtest/target'

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const strict = argv.includes('--strict')
const fault = argv.includes('--fault')
const backend = (argv.includes('--backend') ? argv[argv.indexOf('--backend') + 1] : 'pglite') as Backend
const READERS = 200
const COVERAGE = '/api/coverage?type=kindergarten&level=district&minutes=10'
const say = (m: string) => process.stderr.write(`[loadtest] ${m}\n`)

async function main() {
  if (!['pglite', 'postgres'].includes(backend)) throw new Error('--backend pglite|postgres')
  if (fault && backend !== 'postgres') throw new Error('--fault needs --backend postgres (it restarts the private PostgreSQL cluster)')
  const loadBefore = os.loadavg()
  const target = await startTarget(backend, say)
  const { url } = target.server
  const get = async (path: string) => {
    const r = await fetch(url + path)
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
    return r.json()
  }
  try {
    const pid = target.server.proc.pid
    const computedBefore = (await get('/api/health')).cache.computed
    say(`phase 1: ${READERS} simultaneous cold requests of ${COVERAGE}, then ${READERS} readers of it`)
    const cold = await runPhase('coverage, 200 simultaneous cold requests', url, { connections: READERS, seconds: 60, amount: READERS, requests: [{ path: COVERAGE }] })
    const computedCoverage = (await get('/api/health')).cache.computed - computedBefore
    const coverage = await runPhase('coverage, 200 readers (cached)', url, { connections: READERS, seconds: quick ? 4 : 12, requests: [{ path: COVERAGE }] })

    // The mix: what a morning of planners asks for, and a scenario being edited meanwhile.
    const tileJson = await get('/api/tiles/cells.json?type=kindergarten&minutes=10')
    const tiles: Request[] = []
    for (const z of [9, 11, 12]) {
      const [x, y] = tileAt(121.55, 29.87, z)
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1]]) tiles.push({ path: tileJson.tiles[0].replace('{z}', z).replace('{x}', x + dx).replace('{y}', y + dy) })
    }
    const scenario = (await (await fetch(`${url}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json', ...target.server.auth() }, body: '{"name":"loadtest"}' })).json()).id
    const gaps = await get('/api/gaps?type=kindergarten&minutes=10&limit=20')
    const sites: [number, number][] = gaps.features.map((f: { properties: { centroid: [number, number] } }) => f.properties.centroid)
    const mix: Request[] = [
      { path: COVERAGE },
      { path: '/api/coverage?type=primary_school&level=district' },
      { path: '/api/coverage?type=kindergarten&area=330203&level=township&minutes=15' },
      { path: `/api/coverage?type=kindergarten&level=district&scenario=${scenario}` },
      { path: '/api/cells?type=kindergarten&area=330203001' },
      { path: '/api/gaps?type=kindergarten&minutes=10&limit=20' },
      { path: `/api/cells?type=kindergarten&area=330203001&scenario=${scenario}` },
      ...tiles,
    ]
    // Every answer of the mix once (what a first visitor waits for), so the phase measures the
    // steady state: the only cold computations left are the scenario's, after each edit.
    const firstAnswerMs: Record<string, number> = {}
    for (const q of mix) {
      const t = Date.now()
      const r = await fetch(url + q.path)
      await r.arrayBuffer()
      if (!r.ok) throw new Error(`${q.path}: ${r.status}`)
      firstAnswerMs[q.path] = Date.now() - t
    }
    const mixSeconds = quick ? 8 : 20
    say(`phase 2: ${READERS} readers over ${mix.length} requests (coverage, cells, gaps, tiles, a scenario) for ${mixSeconds} s, a writer editing the scenario every second`)
    let mixing = true
    const writer = runWriter(url, target.server.auth(), scenario, sites, () => !mixing)
    const mixed = await runPhase('mix with a scenario writer', url, { connections: READERS, seconds: mixSeconds, requests: mix })
    mixing = false
    const edits = await writer

    let faultResult: FaultResult | undefined
    if (fault) {
      say('phase 3: the mix again, PostgreSQL stopped for 6 s in the middle')
      faultResult = await runFault(target, mix, { connections: READERS, seconds: 16, downAtMs: 4000, downForMs: 6000 })
    }
    const alive = target.server.proc.exitCode === null && target.server.proc.pid === pid
    report({ loadBefore, loadAfter: os.loadavg(), cold, coverage, computedCoverage, firstAnswerMs, mixed, edits, fault: faultResult, alive })
  } finally {
    await target.close()
  }
}

function report(r: {
  loadBefore: number[]; loadAfter: number[]; cold: PhaseResult; coverage: PhaseResult; computedCoverage: number; firstAnswerMs: Record<string, number>
  mixed: PhaseResult; edits: WriterResult; fault?: FaultResult; alive: boolean
}) {
  const rows = [r.cold, r.coverage, r.mixed, ...(r.fault ? [r.fault.phase] : [])]
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`
  console.log(`\ncircle15 load test (${backend}${quick ? ', quick' : ''}) — ${new Date().toISOString()}, load average before ${r.loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${r.loadAfter.map((v) => v.toFixed(2)).join(' ')} (${os.cpus().length} cores)`)
  console.log(line(['phase', 'readers', 's', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'timeouts', 'non-2xx']))
  console.log(line(Array(11).fill('---')))
  for (const p of rows) console.log(line([p.name, p.connections, p.seconds, p.requests, p.requestsPerSecond, p.p50Ms, p.p99Ms, p.maxMs, p.errors, p.timeouts, p.non2xx]))
  const visible = r.edits.visibleMs
  const worst = visible.length ? Math.max(...visible) : Infinity
  console.log(`coverage computed ${r.computedCoverage} time(s) for ${r.cold.requests} simultaneous cold requests`)
  console.log(`first answers of the mix (ms, one at a time): ${Object.entries(r.firstAnswerMs).map(([p, ms]) => `${p.replace(/^\/api\//, '').split('&v=')[0]} ${ms}`).join('; ')}`)
  console.log(`writer: ${r.edits.edits} edits, ${r.edits.edits - r.edits.stale} shown by the first read after them, seen ${visible.length ? `${Math.min(...visible)}–${worst} ms` : '—'} after their answer${r.edits.failures.length ? `; failures: ${r.edits.failures.join('; ')}` : ''}`)
  if (r.fault) console.log(r.fault.summary)
  const checks: [string, boolean, boolean][] = [
    // [what, passed, enforced without --strict]
    ['coverage: 0 errors and 0 timeouts', [r.cold, r.coverage].every((p) => p.errors === 0 && p.timeouts === 0 && p.non2xx === 0 && p.requests > 0), true],
    ['coverage: computed once (single flight)', r.computedCoverage === 1, true],
    ['mix: 0 errors and 0 timeouts', r.mixed.errors === 0 && r.mixed.timeouts === 0 && r.mixed.non2xx === 0, true],
    ['writer: every edit shown by the first read after it', r.edits.failures.length === 0 && r.edits.edits > 0 && r.edits.stale === 0, true],
    ['server still running (same process)', r.alive, true],
    ...(r.fault ? r.fault.checks.map(([what, ok]) => [what, ok, true] as [string, boolean, boolean]) : []),
    ['target: coverage p99 ≤ 200 ms with 200 readers', r.coverage.p99Ms <= 200, strict],
    ['target: ≥ 1,000 requests/s on cached coverage', r.coverage.requestsPerSecond >= 1000, strict],
    ['target: the writer sees each edit within 1 s', worst <= 1000, strict],
  ]
  for (const [what, ok, enforced] of checks) console.log(`${ok ? 'met    ' : enforced ? 'FAILED ' : 'not met'} ${what}`)
  fs.mkdirSync('bench-results', { recursive: true })
  const file = `bench-results/loadtest-${backend}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  fs.writeFileSync(file, JSON.stringify({ backend, quick, ...r, checks }, null, 2))
  console.log(`written to ${file}`)
  if (checks.some(([, ok, enforced]) => enforced && !ok)) process.exitCode = 1
}

main().catch((e) => {
  console.error(`load test failed: ${e?.stack ?? e}`)
  process.exit(1)
})
