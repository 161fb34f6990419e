import type { Domain, FacilityType, Mode } from '../contract/catalogue'
import type { HealthResponse, ImportBatch } from '../contract/meta'
import { postgisVersion } from '../db'
import { listBatches } from '../db/batches'
import { readCatalogue } from '../db/catalogue'
import type { Database } from '../db/database'
import type { AnalysisResults } from './cache'

/** What the server is and what it knows: health, the catalogue as stored, import provenance. */

export async function health(db: Database, results: AnalysisResults): Promise<HealthResponse> {
  return { status: 'ok', backend: db.backend, postgis: await postgisVersion(db), cache: results.cache.stats() }
}

/** The stored catalogue's facility types, domains and travel modes (`GET /api/facility-types`, `/domains`, `/modes`). */
export async function catalogueLists(db: Database): Promise<{ types: FacilityType[]; domains: Domain[]; modes: Mode[] }> {
  return readCatalogue(db)
}

/** Provenance of the latest imports, newest first (`GET /api/import-batches`). */
export async function importBatches(db: Database, limit = 100): Promise<ImportBatch[]> {
  const rows = (await listBatches(db, limit)) as (Omit<ImportBatch, 'createdAt'> & { createdAt: Date | string })[]
  return rows.map((b) => ({ ...b, createdAt: new Date(b.createdAt).toISOString() }))
}
