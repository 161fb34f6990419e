import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/src/db/database'
import { dataFingerprint } from '../../server/src/db/fingerprint'
import { migrate } from '../../server/src/db/migrate'
import { openPglite } from '../../server/src/db/pglite'
import { openPostgres } from '../../server/src/db/postgres'
import { installReferenceData } from '../../server/src/services/context'
import { runImport } from '../../server/src/services/import'
import { HAS_PRIVATE_PG, PRIVATE_PG_SKIP_REASON, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres'
import { freshDataDir, townDistrictGeojson, townFacilitiesCsv, townPopulationCsv } from './data'

// `npm run backup` / `npm run restore` as a user runs them (the CLI in a child process), on both
// backends: the data fingerprint after the restore equals the one before the backup.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const run = promisify(execFile)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'circle15-backup-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

async function cli(command: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ ok: boolean; out: string; digest?: string }> {
  const clean = { ...process.env }
  delete clean.DATABASE_URL
  delete clean.DATA_DIR
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/backup.ts'), command, ...args], {
      cwd: ROOT, env: { ...clean, LOG_LEVEL: 'warn', ...env }, timeout: 300_000,
    })
    return { ok: true, out: stdout + stderr, digest: /data fingerprint ([0-9a-f]{32})/.exec(stdout)?.[1] }
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string }
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` }
  }
}

async function fillWithTown(db: Database, facilities = 4) {
  await installReferenceData(db)
  const imp = (kind: 'areas' | 'population' | 'facilities', fileName: string, text: string) =>
    runImport(db, { kind, bytes: Buffer.from(text), fileName, maxRecords: 100_000, checkCrs: false })
  await imp('areas', 'a.geojson', townDistrictGeojson())
  await imp('population', 'p.csv', townPopulationCsv())
  await imp('facilities', 'f.csv', townFacilitiesCsv(facilities))
}

describe('backup and restore, embedded database', () => {
  it('round trip through the CLI: the restored data fingerprint equals the original', async () => {
    const source = await freshDataDir()
    const target = path.join(tmp, 'restored')
    try {
      const db = await openPglite({ dataDir: source.dataDir })
      await fillWithTown(db)
      const original = await dataFingerprint(db)
      await db.close()
      expect(original.tables.facilities.rows).toBe(4)

      const file = path.join(tmp, 'embedded.tar.gz')
      const backup = await cli('backup', [file], { DATA_DIR: source.dataDir })
      expect(backup.ok, backup.out).toBe(true)
      expect(backup.digest).toBe(original.digest)
      const restore = await cli('restore', [file], { DATA_DIR: target })
      expect(restore.ok, restore.out).toBe(true)
      expect(restore.digest).toBe(original.digest)

      const back = await openPglite({ dataDir: target })
      expect(await dataFingerprint(back)).toEqual(original)
      await back.close()
      // A second restore over it is refused unless asked for, and the old directory is kept aside.
      expect((await cli('restore', [file], { DATA_DIR: target })).out).toMatch(/already holds a database: pass --replace/)
      expect((await cli('restore', [file, '--replace'], { DATA_DIR: target })).digest).toBe(original.digest)
      expect(fs.readdirSync(tmp).some((f) => f.startsWith('restored.before-restore-'))).toBe(true)
    } finally {
      source.dispose()
    }
  }, 600_000)

  it('refuses to open a data directory another live process holds', async () => {
    const source = await freshDataDir()
    try {
      const db = await openPglite({ dataDir: source.dataDir })
      const backup = await cli('backup', [path.join(tmp, 'busy.tar.gz')], { DATA_DIR: source.dataDir })
      await db.close()
      expect(backup.ok).toBe(false)
      expect(backup.out).toMatch(new RegExp(`in use by process ${process.pid}`))
    } finally {
      source.dispose()
    }
  }, 600_000)
})

describe.skipIf(!HAS_PRIVATE_PG)('backup and restore, PostgreSQL server', () => {
  let pg: PrivatePostgres
  afterAll(async () => pg?.dispose())

  it('round trip through the CLI (pg_dump / pg_restore) into a new database and over the old one', async () => {
    pg = await startPrivatePostgres()
    const url = await pg.createDatabase('source')
    const db = await openPostgres(url)
    await migrate(db)
    await fillWithTown(db)
    const original = await dataFingerprint(db)
    expect(original.tables.population_cells.rows).toBeGreaterThan(0)

    const file = path.join(tmp, 'server.pgdump')
    const backup = await cli('backup', [file], { DATABASE_URL: url })
    expect(backup.ok, backup.out).toBe(true)
    expect(backup.digest).toBe(original.digest)

    const copy = await pg.createDatabase('copy')
    const restore = await cli('restore', [file], { DATABASE_URL: copy })
    expect(restore.ok, restore.out).toBe(true)
    expect(restore.digest).toBe(original.digest)
    const copied = await openPostgres(copy)
    expect(await dataFingerprint(copied)).toEqual(original)
    await copied.close()

    // Over the original after a change: refused without --clean; with it, back to the backup.
    await runImport(db, { kind: 'facilities', bytes: Buffer.from(townFacilitiesCsv(2, 'extra')), fileName: 'x.csv', maxRecords: 100, checkCrs: false })
    expect((await dataFingerprint(db)).digest).not.toBe(original.digest)
    await db.close()
    expect((await cli('restore', [file], { DATABASE_URL: url })).out).toMatch(/already holds circle15 data: pass --clean/)
    const over = await cli('restore', [file, '--clean'], { DATABASE_URL: url })
    expect(over.ok, over.out).toBe(true)
    expect(over.digest).toBe(original.digest)
  }, 600_000)
})

if (!HAS_PRIVATE_PG) describe('backup and restore, PostgreSQL server', () => it.skip(PRIVATE_PG_SKIP_REASON, () => {}))
