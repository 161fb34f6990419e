import type { Config } from '../config'
import type { Database } from './database'
import { migrate } from './migrate'
import { openPostgres } from './postgres'

export type { Database, Queryable, Row } from './database'

/** Opens the configured backend (server if DATABASE_URL is set, else embedded) and migrates it. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  // The embedded backend is imported only when used (PGlite and its PostGIS take ~0.4 s to import).
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await (await import('./pglite')).openPglite({ dataDir: config.dataDir })
  await migrate(db)
  return db
}

/** PostGIS library version, e.g. "3.6.2". */
export async function postgisVersion(db: Database): Promise<string> {
  const [row] = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
  return row.v
}
