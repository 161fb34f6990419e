import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPglite } from '../../server/src/db/pglite'
import { listMigrations, migrate } from '../../server/src/db/migrate'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Path of a dumped PGlite data directory with PostGIS installed and all migrations applied. Opening
 * PGlite + PostGIS from scratch takes 10–20 s; loading this dump takes ~4 s, so each test file gets
 * a fresh, isolated embedded database quickly. Rebuilt whenever a migration or PGlite changes.
 */
export function templatePath(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'))
  const hash = crypto.createHash('sha1').update(pkg.version)
  for (const m of listMigrations()) hash.update(m.sql)
  return path.join(root, 'node_modules/.cache/circle15', `pglite-${hash.digest('hex').slice(0, 12)}.tar.gz`)
}

export async function buildTemplate(): Promise<string> {
  const file = templatePath()
  if (fs.existsSync(file)) return file
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = await openPglite()
  await migrate(db)
  await saveDump(db, file)
  return file
}

/** Dumps an embedded database to `file` (atomically: written aside, then renamed) and closes it. */
export async function saveDump(db: Awaited<ReturnType<typeof openPglite>>, file: string): Promise<void> {
  const dump = await db.pg.dumpDataDir('gzip')
  await db.close()
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
  fs.renameSync(tmp, file)
}
