import type { Queryable } from './database'
import type { StoreResult } from './areas'
import type { FacilityStatus } from '../contract/records'

/** Writes facilities, inserting or updating by external id (`replace` first removes all). */
export async function storeFacilities(tx: Queryable, rows: FacilityRow[], opts: { batchId: number; mode: 'append' | 'replace' }): Promise<StoreResult> {
  await tx.query(`CREATE TEMP TABLE stage_facilities (external_id text, name text, type text, capacity float8,
    status text, attributes jsonb, lng float8, lat float8) ON COMMIT DROP`)
  await tx.copyIn(
    'stage_facilities',
    ['external_id', 'name', 'type', 'capacity', 'status', 'attributes', 'lng', 'lat'],
    rows.map((r) => [r.id, r.name, r.type, r.capacity, r.status, r.attributes, r.lng, r.lat]),
  )
  if (opts.mode === 'replace') await tx.query('DELETE FROM facilities')
  const [{ n: updated }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_facilities s JOIN facilities f USING (external_id)')
  await tx.query(
    `INSERT INTO facilities (external_id, name, type, capacity, status, attributes, geom, batch_id, updated_at)
     SELECT external_id, name, type, capacity, status, attributes, ST_SetSRID(ST_MakePoint(lng, lat), 4326), $1, now()
     FROM stage_facilities
     ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, capacity = EXCLUDED.capacity,
       status = EXCLUDED.status, attributes = EXCLUDED.attributes, geom = EXCLUDED.geom, batch_id = EXCLUDED.batch_id,
       updated_at = now()`,
    [opts.batchId],
  )
  return { imported: rows.length - updated, updated, warnings: [] }
}

/** A facility as stored: `id` is its external id (unique in the data set). */
export interface FacilityRecord {
  id: string
  name: string | null
  type: string
  capacity: number | null
  /** One of FACILITY_STATUSES (a CHECK constraint holds the column to them). */
  status: FacilityStatus
  lng: number
  lat: number
  attributes: Record<string, unknown>
}

/** A validated facility to be written (services/import/facilities.ts makes them); `record` = its 1-based place in the file. */
export type FacilityRow = FacilityRecord & { record: number }

/** Facilities filtered by type(s), status and area (the facility lies in the area's polygon). */
export async function listFacilities(q: Queryable, f: { types?: string[]; status?: string[]; area?: string }): Promise<FacilityRecord[]> {
  return q.query<FacilityRecord & Record<string, unknown>>(
    `SELECT f.external_id AS id, f.name, f.type, f.capacity, f.status, ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat, f.attributes
     FROM facilities f
     WHERE ($1::text[] IS NULL OR f.type = ANY($1)) AND ($2::text[] IS NULL OR f.status = ANY($2))
       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM areas a WHERE a.code = $3 AND ST_Intersects(a.geom, f.geom)))
     ORDER BY f.type, f.external_id`,
    [f.types ?? null, f.status ?? null, f.area ?? null],
  )
}

/** Facilities of the given statuses as parallel arrays, in external-id order (the engine's index order). */
export interface FacilityArrays {
  ids: string[]
  names: (string | null)[]
  types: string[]
  status: string[]
  lng: Float64Array
  lat: Float64Array
  /** NaN where unknown. */
  capacity: Float64Array
}

export async function loadFacilityArrays(q: Queryable, f: { status?: string[] } = {}): Promise<FacilityArrays> {
  const rows = await q.query<{ id: string; name: string | null; type: string; status: string; lng: number; lat: number; capacity: number | null }>(
    `SELECT external_id AS id, name, type, status, ST_X(geom) AS lng, ST_Y(geom) AS lat, capacity FROM facilities
     WHERE ($1::text[] IS NULL OR status = ANY($1)) ORDER BY type, external_id`,
    [f.status ?? null],
  )
  return {
    ids: rows.map((r) => r.id),
    names: rows.map((r) => r.name),
    types: rows.map((r) => r.type),
    status: rows.map((r) => r.status),
    lng: Float64Array.from(rows, (r) => r.lng),
    lat: Float64Array.from(rows, (r) => r.lat),
    capacity: Float64Array.from(rows, (r) => r.capacity ?? NaN),
  }
}
