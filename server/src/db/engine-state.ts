import { decodeCopyBinary, type Database, type Queryable } from './database'

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

/** A value inlined into a COPY statement (COPY takes no parameters): code-made keys only. */
function literal(v: string): string {
  if (!/^[A-Za-z0-9_.:|-]+$/.test(v)) throw new Error(`engine-state: ${JSON.stringify(v)} is not a plain key`)
  return `'${v}'`
}

/**
 * The stored binary of (kind, name) if it was built from `inputKey` and is complete, else undefined.
 * Read with one binary COPY (no text encoding: 7 MB in ~20 ms on the embedded backend, where a
 * bytea or base64 column takes 0.1–1.6 s).
 * @example const bytes = await readEngineState(db, 'network', 'walk', key)
 * Contract: kind, name and inputKey match /^[A-Za-z0-9_.:|-]+$/ (they are made by code).
 */
export async function readEngineState(q: Queryable, kind: EngineStateKind, name: string, inputKey: string): Promise<Uint8Array | undefined> {
  const rows = decodeCopyBinary(await q.copyOutBinary(
    `SELECT parts, byte_length, bytes FROM engine_state WHERE kind = ${literal(kind)} AND name = ${literal(name)} AND input_key = ${literal(inputKey)} ORDER BY part`))
  if (rows.length === 0) return undefined
  const int = (b: Uint8Array | null, width: 4 | 8) => {
    const v = new DataView(b!.buffer, b!.byteOffset, width)
    return width === 4 ? v.getInt32(0) : Number(v.getBigInt64(0))
  }
  const parts = int(rows[0][0], 4)
  const length = int(rows[0][1], 8)
  if (rows.length !== parts) return undefined // being replaced by another process
  const out = new Uint8Array(length)
  let filled = 0
  for (const row of rows) {
    const piece = row[2]!
    if (filled + piece.byteLength > length) return undefined
    out.set(piece, filled)
    filled += piece.byteLength
  }
  return filled === length ? out : undefined
}

/** Size and key of every stored piece of state (for logs and the bench). */
export async function listEngineState(q: Queryable): Promise<{ kind: EngineStateKind; name: string; inputKey: string; bytes: number }[]> {
  const rows = await q.query<{ kind: EngineStateKind; name: string; input_key: string; byte_length: number }>(
    'SELECT kind, name, input_key, byte_length FROM engine_state WHERE part = 0 ORDER BY kind, name')
  return rows.map((r) => ({ kind: r.kind, name: r.name, inputKey: r.input_key, bytes: r.byte_length }))
}
