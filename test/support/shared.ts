import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The workplace's real reference data: `../shared/data` next to the repository, or wherever
 * `CIRCLE15_SHARED_DATA` points (a clone elsewhere, e.g. in CI). A user's fresh clone does not
 * have it: tests and benchmarks that need it are skipped with this message.
 * The one definition used by the tests, the format tests and the benchmark.
 */
export const SHARED_DATA = path.resolve(
  process.env.CIRCLE15_SHARED_DATA || path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data'),
)
export const HAS_SHARED = fs.existsSync(path.join(SHARED_DATA, 'ningbo/districts.wgs84.geojson'))
export const SHARED_SKIP_REASON = `needs the real reference data in ${SHARED_DATA} (absent here: skipped; set CIRCLE15_SHARED_DATA to point elsewhere)`

if (!HAS_SHARED && process.env.VITEST) console.warn(`[circle15 tests] ${SHARED_SKIP_REASON}`)

export const sharedFile = (rel: string) => path.join(SHARED_DATA, rel)
export const readShared = (rel: string) => fs.readFileSync(sharedFile(rel))
