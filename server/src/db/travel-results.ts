import type { Queryable } from './database'

/** A stored nearest-facility field: distance per cell (whole mm) and the nearest facility index. */
export interface StoredTravelResult {
  method: 'network' | 'straight-line' | 'mixed'
  distanceMm: Uint32Array
  nearest: Int32Array
}

const UNREACHABLE_MM = 0xffffffff

// The arrays travel as base64 text, decoded and encoded by the server: a bytea parameter or
// column costs PGlite 0.2–0.5 s per MB in its JS (de)serialiser, base64 ~10 ms (measured on the
// demo city's 123,575 cells, 0.5 MB per array). Same SQL on PostgreSQL.
const toBase64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
function fromBase64(text: string): ArrayBuffer {
  const b = Buffer.from(text, 'base64')
  const out = new ArrayBuffer(b.byteLength)
  new Uint8Array(out).set(b)
  return out
}

/** Reads a stored result if it was computed from the same inputs (`inputKey`). */
export async function readTravelResult(q: Queryable, key: { scenarioId: number; type: string; network: string; inputKey: string }): Promise<StoredTravelResult | undefined> {
  const [row] = await q.query<{ method: StoredTravelResult['method']; distance_mm: string; nearest: string }>(
    `SELECT method, encode(distance_mm, 'base64') AS distance_mm, encode(nearest, 'base64') AS nearest
       FROM travel_results WHERE scenario_id = $1 AND type = $2 AND network = $3 AND input_key = $4`,
    [key.scenarioId, key.type, key.network, key.inputKey],
  )
  if (!row) return undefined
  return { method: row.method, distanceMm: new Uint32Array(fromBase64(row.distance_mm)), nearest: new Int32Array(fromBase64(row.nearest)) }
}

/** Stores (replacing) the result for one scenario, type and network. Metres → whole mm; Infinity → unreachable. */
export async function writeTravelResult(
  q: Queryable,
  key: { scenarioId: number; type: string; network: string; inputKey: string },
  r: { method: string; metres: Float64Array; nearest: Int32Array },
): Promise<void> {
  const mm = new Uint32Array(r.metres.length)
  for (let i = 0; i < mm.length; i++) {
    const m = r.metres[i]
    mm[i] = Number.isFinite(m) ? Math.min(UNREACHABLE_MM - 1, Math.round(m * 1000)) : UNREACHABLE_MM
  }
  await q.query(
    `INSERT INTO travel_results (scenario_id, type, network, input_key, method, cell_count, distance_mm, nearest, computed_at)
     VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'), decode($8, 'base64'), now())
     ON CONFLICT (scenario_id, type, network) DO UPDATE SET input_key = EXCLUDED.input_key, method = EXCLUDED.method,
       cell_count = EXCLUDED.cell_count, distance_mm = EXCLUDED.distance_mm, nearest = EXCLUDED.nearest, computed_at = now()`,
    [key.scenarioId, key.type, key.network, key.inputKey, r.method, mm.length, toBase64(mm), toBase64(r.nearest)],
  )
}

export async function deleteTravelResults(q: Queryable, scenarioId: number): Promise<void> {
  await q.query('DELETE FROM travel_results WHERE scenario_id = $1', [scenarioId])
}

/** Metres per cell from stored whole millimetres (unreachable → Infinity). */
export function storedMetres(distanceMm: Uint32Array): Float64Array {
  const m = new Float64Array(distanceMm.length)
  for (let i = 0; i < m.length; i++) m[i] = distanceMm[i] === UNREACHABLE_MM ? Infinity : distanceMm[i] / 1000
  return m
}

