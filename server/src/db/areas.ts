import type { MultiPolygon, Polygon } from 'geojson'
import type { AreaLevel } from '../contract/records'
import { badRequest } from '../errors'
import type { Queryable } from './database'

/** A validated area to be written (services/import/areas.ts makes them); `record` = its 1-based place in the file. */
export interface AreaRow {
  record: number
  code: string
  name: string
  level: AreaLevel
  parent: string | null
  attributes: Record<string, unknown>
  geometry: Polygon | MultiPolygon
}

export interface StoreResult {
  imported: number
  updated: number
  warnings: string[]
}

/**
 * Writes areas (insert or update by code; `replace` first removes all areas). Invalid rings are
 * repaired with ST_MakeValid and reported; a parent must exist in the file or the database.
 * Throws (rolling the transaction back) on an unknown parent or an unrepairable geometry.
 */
export async function storeAreas(tx: Queryable, rows: AreaRow[], opts: { batchId: number; mode: 'append' | 'replace' }): Promise<StoreResult> {
  await tx.query(`CREATE TEMP TABLE stage_areas (record integer, code text, name text, level text, parent text,
    attributes jsonb, geom geometry) ON COMMIT DROP`)
  await tx.copyIn(
    'stage_areas',
    ['record', 'code', 'name', 'level', 'parent', 'attributes', 'geom'],
    rows.map((r) => [r.record, r.code, r.name, r.level, r.parent, r.attributes, `SRID=4326;${toWkt(r.geometry)}`]),
  )
  const warnings: string[] = []
  const invalid = await tx.query<{ record: number; code: string; reason: string }>(
    `SELECT record, code, ST_IsValidReason(geom) AS reason FROM stage_areas WHERE NOT ST_IsValid(geom) ORDER BY record`,
  )
  for (const r of invalid) warnings.push(`record ${r.record} (${r.code}): invalid geometry repaired with ST_MakeValid (${r.reason})`)
  await tx.query(`UPDATE stage_areas SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) WHERE NOT ST_IsValid(geom)`)
  const empty = await tx.query<{ record: number; code: string }>(`SELECT record, code FROM stage_areas WHERE ST_IsEmpty(geom) ORDER BY record`)
  if (empty.length) {
    throw badRequest('some area geometries have no area left after repair', empty.map((r) => ({ record: r.record, id: r.code, field: 'geometry', message: 'polygon is degenerate (no area)' })), 'invalid_records')
  }
  if (opts.mode === 'replace') {
    await tx.query('DELETE FROM area_members')
    await tx.query('DELETE FROM areas')
  }
  const orphans = await tx.query<{ record: number; code: string; parent: string }>(
    `SELECT s.record, s.code, s.parent FROM stage_areas s
     WHERE s.parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stage_areas p WHERE p.code = s.parent)
       AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = s.parent) ORDER BY s.record`,
  )
  if (orphans.length) {
    throw badRequest('some areas name a parent that does not exist', orphans.map((r) => ({ record: r.record, id: r.code, field: 'parent', message: `unknown parent area ${r.parent}` })), 'invalid_records')
  }
  const [{ n: updated }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_areas s JOIN areas a USING (code)')
  await tx.query(
    `INSERT INTO areas (code, name, level, parent, attributes, geom, batch_id, updated_at)
     SELECT code, name, level, parent, attributes, ST_Multi(geom), $1, now() FROM stage_areas
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent = EXCLUDED.parent,
       attributes = EXCLUDED.attributes, geom = EXCLUDED.geom, batch_id = EXCLUDED.batch_id, updated_at = now()`,
    [opts.batchId],
  )
  return { imported: rows.length - updated, updated, warnings }
}

/** WKT of a GeoJSON Polygon/MultiPolygon/Point/LineString (full precision). */
export function toWkt(g: { type: string; coordinates: any }): string {
  const pos = (p: number[]) => `${p[0]} ${p[1]}`
  const ring = (r: number[][]) => `(${r.map(pos).join(',')})`
  const poly = (p: number[][][]) => `(${p.map(ring).join(',')})`
  switch (g.type) {
    case 'Point':
      return `POINT(${pos(g.coordinates)})`
    case 'LineString':
      return `LINESTRING${ring(g.coordinates)}`
    case 'Polygon':
      return `POLYGON${poly(g.coordinates)}`
    case 'MultiPolygon':
      return `MULTIPOLYGON(${g.coordinates.map(poly).join(',')})`
    default:
      throw new Error(`toWkt: unsupported geometry ${g.type}`)
  }
}

export interface AreaSummary {
  code: string
  name: string
  level: string
  parent: string | null
  attributes: Record<string, unknown>
  geometry: GeoJSON.MultiPolygon
}

/** Areas filtered by level and/or parent, with GeoJSON geometry (simplified when `simplify` > 0, in degrees). */
export async function listAreas(q: Queryable, f: { level?: string; parent?: string; codes?: string[]; simplify?: number }): Promise<AreaSummary[]> {
  const rows = await q.query(
    `SELECT code, name, level, parent, attributes,
       ST_AsGeoJSON(CASE WHEN $4::float8 > 0 THEN ST_Multi(ST_SimplifyPreserveTopology(geom, $4::float8)) ELSE geom END, 7)::json AS geometry
     FROM areas
     WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent = $2) AND ($3::text[] IS NULL OR code = ANY($3))
     ORDER BY code`,
    [f.level ?? null, f.parent ?? null, f.codes ?? null, f.simplify ?? 0],
  )
  return rows as AreaSummary[]
}

export async function getArea(q: Queryable, code: string): Promise<AreaSummary | undefined> {
  return (await listAreas(q, { codes: [code] }))[0]
}

/** Outlines of the areas of a level (full detail), for cell membership. */
export async function areaGeometries(q: Queryable, level: string): Promise<{ code: string; geometry: GeoJSON.MultiPolygon }[]> {
  return q.query(`SELECT code, ST_AsGeoJSON(geom)::json AS geometry FROM areas WHERE level = $1 ORDER BY code`, [level])
}

/** An area without its outline (what the analysis keeps in memory). */
export interface AreaInfo {
  code: string
  name: string
  level: string
  parent: string | null
}

/** Every area's code, name, level and parent, by level then code. */
export async function listAreaInfo(q: Queryable): Promise<AreaInfo[]> {
  return q.query<AreaInfo & Record<string, unknown>>('SELECT code, name, level, parent FROM areas ORDER BY level, code')
}

export async function countAreas(q: Queryable): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')
  return n
}

/** Whether the area `code` contains the point (lng, lat in WGS84 degrees; false for an unknown code). */
export async function areaContainsPoint(q: Queryable, code: string, lng: number, lat: number): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM areas WHERE code = $1 AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))', [code, lng, lat])
  return rows.length > 0
}

/** For each point [lng, lat] (WGS84 degrees), whether any loaded area contains it; in input order. */
export async function pointsInsideAnyArea(q: Queryable, points: [number, number][]): Promise<boolean[]> {
  const rows = await q.query<{ i: number; inside: boolean }>(
    `SELECT p.i, EXISTS (SELECT 1 FROM areas a WHERE ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326))) AS inside
     FROM unnest($1::int[], $2::float8[], $3::float8[]) AS p(i, x, y)`,
    [points.map((_, i) => i), points.map((p) => p[0]), points.map((p) => p[1])],
  )
  const out: boolean[] = new Array(points.length).fill(false)
  for (const r of rows) out[r.i] = r.inside
  return out
}

/**
 * Hausdorff distance (degrees) from the stored outline of area `code` to each given geometry
 * (WGS84 GeoJSON); undefined when no area has that code.
 */
export async function distancesToStoredOutline(q: Queryable, code: string, geometries: GeoJSON.Geometry[]): Promise<number[] | undefined> {
  const rows = await q.query<{ d: number[] }>(
    `SELECT array_agg(ST_HausdorffDistance(a.geom, ST_SetSRID(ST_GeomFromGeoJSON(g.json), 4326)) ORDER BY g.i) AS d
     FROM areas a, unnest($2::text[]) WITH ORDINALITY AS g(json, i) WHERE a.code = $1 GROUP BY a.code`,
    [code, geometries.map((g) => JSON.stringify(g))],
  )
  return rows[0]?.d.map(Number)
}
