import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from '../db/database'
import { countLayer } from '../db/audit'
import type { ImportKind } from '../contract/records'
import { log } from '../log'
import { runImport } from './import'

export const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../geodata/ningbo')

/** The demo files, in load order (areas first: later imports check against them). */
export const DEMO_FILES: { kind: ImportKind; file: string }[] = [
  { kind: 'areas', file: 'areas.geojson' },
  { kind: 'population', file: 'population.csv.gz' },
  { kind: 'facilities', file: 'facilities.geojson.gz' },
  { kind: 'projects', file: 'projects.csv' },
  // Cixi's rural layer (modelled villages, synthetic rural facilities): issue 11
  { kind: 'areas', file: 'cixi-villages.geojson' },
  { kind: 'facilities', file: 'cixi-facilities.geojson' },
]

/** The demo's cluster plans for Cixi: the status quo by township (imported) and one suggestion. */
export const DEMO_CLUSTER_AREA = '330282'
export const DEMO_STATUS_QUO_PLAN = { name: '现状：按乡镇（示例）', file: 'cixi-plan-townships.csv' }
export const DEMO_SUGGESTION = {
  name: '建议方案：1.5–6万人（示例）',
  body: { area: DEMO_CLUSTER_AREA, unitLevel: 'community' as const, minPopulation: 15_000, maxPopulation: 60_000, crossTownships: true, method: 'auto' as const },
}

/** True when nothing has been imported yet (no areas, facilities, population or streets). */
export async function isEmpty(db: Database): Promise<boolean> {
  const counts = await Promise.all((['areas', 'facilities', 'population', 'roads'] as const).map((kind) => countLayer(db, kind)))
  return counts.every((n) => n === 0)
}

/**
 * Loads the Ningbo demo data set through the public importers (so it is validated like any user
 * file). Returns the number of files loaded.
 */
export async function loadDemo(db: Database, opts: { dir?: string; maxRecords?: number } = {}): Promise<number> {
  const dir = opts.dir ?? DEMO_DIR
  let loaded = 0
  for (const { kind, file } of DEMO_FILES) {
    const full = path.join(dir, file)
    if (!fs.existsSync(full)) {
      log.warn(`demo: ${file} missing; run npm run build:demo`)
      continue
    }
    const r = await runImport(db, {
      kind,
      bytes: fs.readFileSync(full),
      fileName: file,
      actor: 'demo',
      maxRecords: opts.maxRecords ?? 5_000_000,
    })
    log.info(`demo: ${file}: ${r.imported} records`)
    loaded++
  }
  return loaded
}
