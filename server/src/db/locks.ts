import { IMPORT_KINDS, type ImportKind } from '../contract/records'
import type { Queryable } from './database'

/** First key of circle15's advisory locks (the second names the resource); migrations use 1515151515. */
const IMPORT_LOCK = 15150007

/**
 * Holds the import lock of one layer until the transaction ends: two imports of the same layer
 * (two requests, or the CLI beside the server, on any number of processes sharing the database)
 * write one after the other instead of interleaving — a `replace` never keeps rows of another
 * import that ran beside it. Imports of different layers do not wait for each other.
 */
export async function lockImportLayer(tx: Queryable, layer: ImportKind): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [IMPORT_LOCK, IMPORT_KINDS.indexOf(layer)])
}

/** The lock's key pair, for tests and operators (`pg_locks.classid/objid`). */
export function importLockKey(layer: ImportKind): [number, number] {
  return [IMPORT_LOCK, IMPORT_KINDS.indexOf(layer)]
}
