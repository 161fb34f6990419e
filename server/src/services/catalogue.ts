import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CatalogueSchema, type Catalogue } from '../contract/catalogue'
import type { Database } from '../db/database'
import { syncCatalogue } from '../db/catalogue'
import { syncRuralTiers } from '../db/clusters'

export const DEFAULT_CATALOGUE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../geodata/catalogue.json')

/** Reads and validates the catalogue file; every problem is listed at once. */
export function loadCatalogueFile(file = DEFAULT_CATALOGUE): Catalogue {
  let json: unknown
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`catalogue ${file}: ${(e as Error).message}`)
  }
  const parsed = CatalogueSchema.safeParse(json)
  if (!parsed.success) {
    throw new Error(`catalogue ${file} is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`)
  }
  return parsed.data
}

/** Loads the catalogue file into the database (types and thresholds follow the file). */
export async function installCatalogue(db: Database, file = DEFAULT_CATALOGUE): Promise<Catalogue> {
  const catalogue = loadCatalogueFile(file)
  await db.transaction(async (tx) => {
    await syncCatalogue(tx, catalogue)
    await syncRuralTiers(tx, catalogue.ruralTiers)
  })
  return catalogue
}
