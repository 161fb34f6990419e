import type { Database, Queryable } from './database'

/** What kind of prepared engine state a row holds (see migration 005). */
export type EngineStateKind = 'network' | 'context'

/** Pieces of at most this many bytes: no single value (or base64 string) grows with the city. */
export const PART_BYTES = 8 * 1024 * 1024

// The binary travels as base64 text, encoded and decoded by the server: a bytea parameter or
// column costs PGlite 0.2–0.5 s per MB in its JS (de)serialiser (see travel-results.ts).
const toBase64 = (a: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

/**
 * Replaces the stored state of (kind, name) by `bytes`, built from `inputKey`, in one transaction.
 * @example await writeEngineState(db, 'network', 'walk', 'r3|…', packTree(network))
 */
export async function writeEngineState(db: Database, kind: EngineStateKind, name: string, inputKey: string, bytes: Uint8Array, partBytes = PART_BYTES): Promise<void> {
  const parts = Math.max(1, Math.ceil(bytes.byteLength / partBytes))
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM engine_state WHERE kind = $1 AND name = $2', [kind, name])
    for (let p = 0; p < parts; p++) {
      const piece = bytes.subarray(p * partBytes, Math.min(bytes.byteLength, (p + 1) * partBytes))
      await tx.query(
        `INSERT INTO engine_state (kind, name, part, parts, input_key, byte_length, bytes) VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'))`,
        [kind, name, p, parts, inputKey, bytes.byteLength, toBase64(piece)],
      )
    }
  })
}

/**
 * The stored binary of (kind, name) if it was built from `inputKey` and is complete, else undefined.
 * @example const bytes = await readEngineState(db, 'network', 'walk', key)
 */
export async function readEngineState(q: Queryable, kind: EngineStateKind, name: string, inputKey: string): Promise<Uint8Array | undefined> {
  const [head] = await q.query<{ parts: number; byte_length: number }>(
    'SELECT parts, byte_length FROM engine_state WHERE kind = $1 AND name = $2 AND input_key = $3 AND part = 0', [kind, name, inputKey])
  if (!head) return undefined
  const out = new Uint8Array(head.byte_length)
  let filled = 0
  for (let p = 0; p < head.parts; p++) {
    // One piece per query: at most PART_BYTES (as base64) in flight at a time.
    const [row] = await q.query<{ b64: string }>(
      `SELECT encode(bytes, 'base64') AS b64 FROM engine_state WHERE kind = $1 AND name = $2 AND input_key = $3 AND part = $4`, [kind, name, inputKey, p])
    if (!row) return undefined // replaced while we read: treat as absent
    const piece = Buffer.from(row.b64, 'base64')
    if (filled + piece.byteLength > out.byteLength) return undefined
    out.set(piece, filled)
    filled += piece.byteLength
  }
  return filled === out.byteLength ? out : undefined
}

/** Size and key of every stored piece of state (for logs and the bench). */
export async function listEngineState(q: Queryable): Promise<{ kind: EngineStateKind; name: string; inputKey: string; bytes: number }[]> {
  const rows = await q.query<{ kind: EngineStateKind; name: string; input_key: string; byte_length: number }>(
    'SELECT kind, name, input_key, byte_length FROM engine_state WHERE part = 0 ORDER BY kind, name')
  return rows.map((r) => ({ kind: r.kind, name: r.name, inputKey: r.input_key, bytes: r.byte_length }))
}
