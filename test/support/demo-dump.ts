import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../server/src/config'
import { listMigrations, migrate } from '../../server/src/db/migrate'
import { openPglite } from '../../server/src/db/pglite'
import { setLogLevel } from '../../server/src/log'
import { createServices, installReferenceData } from '../../server/src/services/context'
import { DEMO_DIR, DEMO_FILES, DEMO_STATUS_QUO_PLAN, loadDemo } from '../../server/src/services/demo'
import { loadDemoPlans } from '../../server/src/services/clusters/demo'
import { buildTemplate, saveDump } from './pglite-template'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CACHE = path.join(ROOT, 'node_modules/.cache/circle15')

/** Facility types whose baseline travel times are stored in the dump (the ones the tests open). */
const WARM_TYPES = ['kindergarten', 'primary_school']

/**
 * A dumped embedded database with the Ningbo demo data loaded and the baseline travel times of
 * WARM_TYPES stored. Loading the demo takes ~60 s on PGlite; the dump loads in a few seconds, so
 * it is built once per change of PGlite, migrations, catalogue or demo files, then kept in
 * node_modules/.cache/circle15 (like test/support/pglite-template.ts). Concurrent test files wait
 * for one builder through a lock file.
 */
export async function demoDump(): Promise<string> {
  const hash = crypto.createHash('sha1')
  hash.update(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version)
  for (const m of listMigrations()) hash.update(m.sql)
  for (const f of ['geodata/catalogue.json', 'geodata/indicators.json']) if (fs.existsSync(path.join(ROOT, f))) hash.update(fs.readFileSync(path.join(ROOT, f)))
  for (const { file } of DEMO_FILES) hash.update(fs.readFileSync(path.join(DEMO_DIR, file)))
  hash.update(fs.readFileSync(path.join(DEMO_DIR, DEMO_STATUS_QUO_PLAN.file)))
  hash.update(WARM_TYPES.join(','))
  const file = path.join(CACHE, `demo-${hash.digest('hex').slice(0, 12)}.tar.gz`)
  await once(`${file}.lock`, () => fs.existsSync(file), async () => {
    setLogLevel('warn')
    // From the migrated template (test/support): skips unpacking PostGIS (~30 s).
    const db = await openPglite({ loadDataDir: new Blob([fs.readFileSync(await buildTemplate())]) })
    await migrate(db)
    await installReferenceData(db)
    await loadDemo(db)
    const services = createServices(db, loadConfig({ DEMO: '0' }))
    await loadDemoPlans(services)
    for (const type of WARM_TYPES) await services.analysis.field(await services.analysis.resolve({ type }))
    await services.analysis.close()
    await saveDump(db, file)
  })
  return file
}

/**
 * Runs `build` unless `done()`, in one process at a time: test files run in parallel, and the
 * others wait for the lock holder (a lock older than 10 minutes is taken as stale).
 */
export async function once(lock: string, done: () => boolean, build: () => Promise<void> | void): Promise<void> {
  if (done()) return
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  for (;;) {
    try {
      const fd = fs.openSync(lock, 'wx')
      try {
        if (!done()) await build()
      } finally {
        fs.closeSync(fd)
        fs.rmSync(lock, { force: true })
      }
      return
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      if (Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600_000) fs.rmSync(lock, { force: true })
      await new Promise((r) => setTimeout(r, 500))
      if (done()) return
    }
  }
}
