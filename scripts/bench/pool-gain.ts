/**
 * G. What the server's worker pool gains (issue 9, item 5) where the server computes several
 * independent fields at once, on the Ningbo demo city (the embedded database loaded with the
 * demo data): a fresh server with WORKERS=0 (every field in the main thread) against one with
 * WORKERS=2, alternating, each warmed as `npm start` warms it (inputs prepared, threads started):
 *   - what `npm run compute` does: every type's baseline field at once (scripts/compute.ts),
 *     computed afresh (live) so a stored result does not stand in for the work, and stored;
 *   - then, those fields forgotten, `GET /api/projects` (the fields of every planned facility's
 *     type, then each project's impact).
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { startDemoServer } from '../../test/browser/support/demo-server'
import { median } from './measure'

export interface PoolGainResult {
  loadAverage: { start: number; end: number }
  cells: number
  types: number
  method: string
  rounds: number
  /** Medians in milliseconds, per WORKERS setting. */
  projects: { oneThreadMs: number; twoWorkersMs: number; fields: number }
  compute: { oneThreadMs: number; twoWorkersMs: number }
  /** Fields the two-worker servers computed in workers (0 would mean the pool never ran). */
  inWorkers: number
}

async function once(workers: '0' | '2') {
  const server = await startDemoServer({ web: false, env: { WORKERS: workers } })
  try {
    const a = server.services.analysis
    await a.inputs.prepare()
    await a.pool.warm()
    await a.inputs.facilities()
    const cat = await a.inputs.catalogue()
    let t = performance.now()
    const fields = await Promise.all(cat.types.map(async (type) => a.field(await a.resolve({ type: type.code }), { live: true })))
    // …and stored, as `npm run compute` waits for (analysis.close() flushes): with the fields in
    // the main thread the writes queue behind them, with workers they run while workers compute.
    await a.fields.flush()
    const computeMs = performance.now() - t
    a.fields.drop(0) // forget the baseline fields: /api/projects computes its own
    const before = a.pool.counts.workers + a.pool.counts.inThread
    t = performance.now()
    const r = await fetch(`${server.url}/api/projects`)
    if (!r.ok) throw new Error(`/api/projects: ${r.status} ${await r.text()}`)
    await r.json()
    const projectsMs = performance.now() - t
    await a.fields.flush()
    const projectFields = a.pool.counts.workers + a.pool.counts.inThread - before
    const cells = await a.inputs.cells()
    return { projectsMs, computeMs, projectFields, types: cat.types.length, cells: cells.count, method: fields[0].method, inWorkers: a.pool.counts.workers }
  } finally {
    await server.close()
  }
}

/**
 * @example const g = await runPoolGain({ rounds: 2 })
 * Contract: `rounds` servers of each setting, alternating; medians.
 */
export async function runPoolGain(opts: { rounds: number }): Promise<PoolGainResult> {
  const loadStart = os.loadavg()[0]
  const one: Awaited<ReturnType<typeof once>>[] = []
  const two: Awaited<ReturnType<typeof once>>[] = []
  for (let k = 0; k < opts.rounds; k++) {
    if (k % 2 === 0) {
      one.push(await once('0'))
      two.push(await once('2'))
    } else {
      two.push(await once('2'))
      one.push(await once('0'))
    }
  }
  const m = (xs: typeof one, f: (x: (typeof one)[number]) => number) => median(xs.map(f))
  return {
    loadAverage: { start: loadStart, end: os.loadavg()[0] },
    cells: one[0].cells,
    types: one[0].types,
    method: one[0].method,
    rounds: opts.rounds,
    projects: { oneThreadMs: m(one, (x) => x.projectsMs), twoWorkersMs: m(two, (x) => x.projectsMs), fields: one[0].projectFields },
    compute: { oneThreadMs: m(one, (x) => x.computeMs), twoWorkersMs: m(two, (x) => x.computeMs) },
    inWorkers: two.reduce((s, x) => s + x.inWorkers, 0),
  }
}
