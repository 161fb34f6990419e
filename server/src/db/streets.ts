import type { StreetSegment } from '../formats/types'
import type { Database, Queryable } from './database'
import type { StoreResult } from './areas'

/** One stored street segment (a row of street_edges): way id and its segment number, end node keys, WGS84 vertices. */
export interface StreetRow {
  wayId: string
  seq: number
  source: number
  target: number
  highway: string | null
  name: string | null
  lengthM: number
  tags: Record<string, string>
  coords: [number, number][]
}

/** Writes street segments, inserting or updating by (way, segment number); `replace` clears the network. */
export async function storeStreets(tx: Queryable, rows: StreetRow[], opts: { batchId: number; mode: 'append' | 'replace' }): Promise<StoreResult> {
  await tx.query(`CREATE TEMP TABLE stage_streets (way_id text, seq integer, source bigint, target bigint, highway text,
    name text, length_m float8, tags jsonb, geom geometry) ON COMMIT DROP`)
  await tx.copyIn(
    'stage_streets',
    ['way_id', 'seq', 'source', 'target', 'highway', 'name', 'length_m', 'tags', 'geom'],
    rows.map((r) => [r.wayId, r.seq, r.source, r.target, r.highway, r.name, r.lengthM, r.tags,
      `SRID=4326;LINESTRING(${r.coords.map((c) => `${c[0]} ${c[1]}`).join(',')})`]),
  )
  if (opts.mode === 'replace') await tx.query('DELETE FROM street_edges')
  const [{ n: updated }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_streets s JOIN street_edges e USING (way_id, seq)')
  // Update existing segments, then insert new ones (cheaper than ON CONFLICT for large networks).
  if (updated > 0) {
    await tx.query(
      `UPDATE street_edges e SET source = s.source, target = s.target, highway = s.highway, name = s.name,
         length_m = s.length_m, tags = s.tags, geom = s.geom, batch_id = $1
       FROM stage_streets s WHERE e.way_id = s.way_id AND e.seq = s.seq`,
      [opts.batchId],
    )
  }
  await tx.query(
    `INSERT INTO street_edges (way_id, seq, source, target, highway, name, length_m, tags, geom, batch_id)
     SELECT way_id, seq, source, target, highway, name, length_m, tags, geom, $1 FROM stage_streets s
     ${updated > 0 ? 'WHERE NOT EXISTS (SELECT 1 FROM street_edges e WHERE e.way_id = s.way_id AND e.seq = s.seq)' : ''}`,
    [opts.batchId],
  )
  return { imported: rows.length - updated, updated, warnings: [] }
}

/** The whole stored network as street segments (the engine's input). */
export async function loadStreetSegments(q: Queryable): Promise<StreetSegment[]> {
  const rows = await q.query<{ way_id: string; source: number; target: number; length_m: number; tags: Record<string, string>; coords: { coordinates: [number, number][] } }>(
    `SELECT way_id, source, target, length_m, tags, ST_AsGeoJSON(geom)::json AS coords FROM street_edges ORDER BY id`,
  )
  return rows.map((r) => ({ wayId: r.way_id, source: r.source, target: r.target, lengthM: r.length_m, tags: r.tags, coords: r.coords.coordinates }))
}

/**
 * The stored streets and the roads version they are, read in one snapshot (REPEATABLE READ), so
 * that a network built from them is labelled with the version it was built from even while
 * another process imports.
 */
export async function readStreetsSnapshot(db: Database): Promise<{ roads: number; segments: StreetSegment[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')
    const [{ version }] = await tx.query<{ version: number }>(`SELECT version FROM data_versions WHERE kind = 'roads'`)
    return { roads: version, segments: await loadStreetSegments(tx) }
  })
}

export async function countStreetEdges(q: Queryable): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM street_edges')
  return n
}
