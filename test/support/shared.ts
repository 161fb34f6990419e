import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The workplace's real reference data (../shared/data next to the repository). A user's fresh
 * clone does not have it: tests that need it are skipped with this message.
 */
export const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data')
export const HAS_SHARED = fs.existsSync(path.join(SHARED_DATA, 'ningbo/districts.wgs84.geojson'))
export const SHARED_SKIP_REASON = `needs the real reference data in ${SHARED_DATA} (absent here: test skipped)`

if (!HAS_SHARED) console.warn(`[circle15 tests] ${SHARED_SKIP_REASON}`)

export const sharedFile = (rel: string) => path.join(SHARED_DATA, rel)
export const readShared = (rel: string) => fs.readFileSync(sharedFile(rel))
