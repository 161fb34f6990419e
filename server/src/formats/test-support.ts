/**
 * Helpers for the format tests only: fixture paths, the shared real-data folder, and catching the
 * typed error a parser throws.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type AppError, isAppError } from '../errors'

/** Bytes of test/fixtures/{valid,invalid}/name. */
export function fixture(kind: 'valid' | 'invalid', name: string): Uint8Array {
  return readFileSync(fileURLToPath(new URL(`../../../test/fixtures/${kind}/${name}`, import.meta.url)))
}

/** ../shared/data beside the repository (real data, read in place, never copied). */
export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
export const HAS_SHARED_DATA = existsSync(SHARED_DATA)
export const SHARED_MISSING_NOTE = `(skipped: real data folder ${SHARED_DATA} is absent)`

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
