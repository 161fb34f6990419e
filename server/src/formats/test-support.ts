/**
 * Helpers for the format tests only: fixture paths, the shared real-data folder, and catching the
 * typed error a parser throws.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type AppError, isAppError } from '../errors'

/** Bytes of test/fixtures/{valid,invalid}/name. */
export function fixture(kind: 'valid' | 'invalid', name: string): Uint8Array {
  return readFileSync(fileURLToPath(new URL(`../../../test/fixtures/${kind}/${name}`, import.meta.url)))
}

export { HAS_SHARED as HAS_SHARED_DATA, SHARED_DATA, SHARED_SKIP_REASON as SHARED_MISSING_NOTE } from '../../../test/support/shared'

/** The AppError thrown by `run`; fails the test when it throws nothing or something else. */
export async function errorOf(run: () => unknown): Promise<AppError> {
  try {
    await run()
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected an AppError, but nothing was thrown')
}
