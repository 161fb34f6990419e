import fs from 'node:fs'
import path from 'node:path'
import type { AppContext } from '../context'
import { log } from '../../log'
import { DEMO_CLUSTER_AREA, DEMO_DIR, DEMO_STATUS_QUO_PLAN, DEMO_SUGGESTION } from '../demo'
import { importClusterPlan } from './import'
import { createPlan } from './plans'
import { suggestClusters } from './suggest'

/**
 * Loads Cixi's demo cluster plans after the demo data: the status quo by township (through the
 * CSV importer) and a suggestion computed here by the same service as `POST /api/clusters/suggest`.
 * Skipped when the villages are not loaded.
 */
export async function loadDemoPlans(ctx: AppContext, dir = DEMO_DIR): Promise<number> {
  const areas = await ctx.analysis.inputs.areas()
  if (!areas.list.some((a) => a.level === 'community' && a.code.startsWith(DEMO_CLUSTER_AREA))) return 0
  const file = path.join(dir, DEMO_STATUS_QUO_PLAN.file)
  await importClusterPlan(ctx.analysis, {
    area: DEMO_CLUSTER_AREA, plan: DEMO_STATUS_QUO_PLAN.name, unitLevel: 'community', crs: 'wgs84',
    bytes: fs.readFileSync(file), fileName: DEMO_STATUS_QUO_PLAN.file, actor: 'demo', maxRecords: 100_000,
  })
  const s = await suggestClusters(ctx.analysis, { ...DEMO_SUGGESTION.body })
  await createPlan(ctx.analysis, {
    name: DEMO_SUGGESTION.name, area: DEMO_CLUSTER_AREA, unitLevel: 'community',
    description: `suggested (${s.method}): ${s.clusters.length} clusters, objective ${Math.round(s.objective)} person-minutes, gap to the lower bound ${(s.gap * 100).toFixed(1)} %`,
    clusters: s.clusters.map((c) => ({ code: c.code, name: c.name, hub: c.hub.code, members: c.members.map((m) => m.code) })),
  }, 'demo', 'suggested')
  log.info(`demo: cluster plans for ${DEMO_CLUSTER_AREA}: status quo + suggestion (${s.clusters.length} clusters, ${s.solveMs} ms, gap ${(s.gap * 100).toFixed(1)} %)`)
  return 2
}
