/**
 * D. The what-if round trip over HTTP on the Ningbo demo city (issue 4's target: an added facility
 * answered in ≤ 50 ms p95): the real Express app on the embedded database loaded with the demo data
 * set, a scenario, then one `POST /api/scenarios/:id/changes` after another — add a kindergarten at a
 * populated cell, then remove it — each timed from request to parsed answer. The peer is the same
 * answer by full recomputation of the type's field (what a tool without incremental updates does).
 */
import { performance } from 'node:perf_hooks'
import { LiveField } from '../../server/src/services/analysis/travel'
import { startDemoServer } from '../../test/browser/support/demo-server'
import { median, quantile, repeat } from './measure'

export interface WhatIfHttpResult {
  cells: number
  facilities: number
  method: string
  changes: number
  firstChangeMs: number
  addMedianMs: number
  addP95Ms: number
  removeMedianMs: number
  removeP95Ms: number
  fullRecomputeMs: number
}

const TYPE = 'kindergarten'

export async function runWhatIfHttp(opts: { changes: number; runs: number }): Promise<WhatIfHttpResult> {
  const server = await startDemoServer({ web: false })
  const { url, services } = server
  const auth = await server.auth('planner')
  const post = async (path: string, body: unknown) => {
    const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) })
    const json = await r.json()
    if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(json)}`)
    return json
  }
  try {
    const a = services.analysis
    const cells = await a.inputs.cells()
    const r = await a.resolve({ type: TYPE })
    const baseline = await a.field(r, { live: true })
    const { id } = await post('/api/scenarios', { name: 'bench' })
    // Sites: populated cells spread over the city (every k-th in h3 order), deterministic.
    const step = Math.max(1, Math.floor(cells.count / (opts.changes + 2))) // site(changes) stays inside
    const site = (k: number) => ({ lng: cells.rows.lng[(k + 1) * step], lat: cells.rows.lat[(k + 1) * step] })

    let t = performance.now()
    await post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'warm', type: TYPE, ...site(0) } })
    const firstChangeMs = performance.now() - t
    const add: number[] = []
    const remove: number[] = []
    for (let k = 1; k <= opts.changes; k++) {
      t = performance.now()
      await post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: `b${k}`, type: TYPE, ...site(k) } })
      add.push(performance.now() - t)
    }
    for (let k = 1; k <= opts.changes; k++) {
      t = performance.now()
      await post(`/api/scenarios/${id}/changes`, { op: 'remove', facility: { id: `b${k}` } })
      remove.push(performance.now() - t)
    }
    const live = baseline.live!
    const facilities = live.facilities.filter((f) => f !== null)
    const full = await repeat(() => LiveField.compute(live.ctx, [...facilities.map((f) => f!), { id: 'x', capacity: null, ...site(1) }]), { runs: opts.runs })
    return {
      cells: cells.count,
      facilities: facilities.length,
      method: baseline.method,
      changes: opts.changes,
      firstChangeMs,
      addMedianMs: median(add),
      addP95Ms: quantile(add, 0.95),
      removeMedianMs: median(remove),
      removeP95Ms: quantile(remove, 0.95),
      fullRecomputeMs: full.ms,
    }
  } finally {
    await server.close()
  }
}
