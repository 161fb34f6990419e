import fs from 'node:fs'
import crypto from 'node:crypto'
import pgPkg from 'pg'
import { describe } from 'vitest'
import type { Database } from '../../server/src/db/database'
import { openPglite } from '../../server/src/db/pglite'
import { openPostgres } from '../../server/src/db/postgres'
import { migrate } from '../../server/src/db/migrate'
import { installReferenceData } from '../../server/src/services/context'
import { setLogLevel } from '../../server/src/log'
import { buildTemplate } from './pglite-template'

setLogLevel('warn')

export type Backend = 'pglite' | 'postgres'

/** The backends database tests run on: always the embedded one, the server when TEST_DATABASE_URL is set. */
export const BACKENDS: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

export interface TestDatabase {
  db: Database
  /** Drops what the test created (the server schema) and closes. */
  dispose(): Promise<void>
}

/**
 * A fresh, migrated database with the catalogue installed. Embedded: loaded from the template
 * dump. Server: a new schema in TEST_DATABASE_URL's database (PostGIS in `public`), dropped on dispose.
 */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const file = await buildTemplate()
    const db = await openPglite({ loadDataDir: new Blob([fs.readFileSync(file)]) })
    await migrate(db)
    await installReferenceData(db)
    return { db, dispose: () => db.close() }
  }
  const url = process.env.TEST_DATABASE_URL!
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pgPkg.Client({ connectionString: url })
  await admin.connect()
  await admin.query('CREATE EXTENSION IF NOT EXISTS postgis')
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const sep = url.includes('?') ? '&' : '?'
  const db = await openPostgres(`${url}${sep}options=${encodeURIComponent(`-c search_path=${schema},public`)}`)
  await migrate(db)
  await installReferenceData(db)
  return {
    db,
    async dispose() {
      await db.close()
      const c = new pgPkg.Client({ connectionString: url })
      await c.connect()
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
      await c.end()
    },
  }
}

/** `describe` once per backend, with the backend name in the title. */
export function describeEachBackend(title: string, fn: (backend: Backend) => void) {
  for (const backend of BACKENDS) describe(`${title} [${backend}]`, () => fn(backend))
}
