import type { RuralTier } from '../contract/catalogue'
import type { Queryable } from './database'
import { toWkt } from './areas'
import { bumpVersion } from './versions'

/** Writes the catalogue's rural tiers (replacing the stored ones); bumps the catalogue version on a change. */
export async function syncRuralTiers(tx: Queryable, tiers: RuralTier[]): Promise<boolean> {
  const before = JSON.stringify(await readRuralTiers(tx))
  await tx.query('DELETE FROM rural_tiers')
  for (const [i, t] of tiers.entries()) {
    await tx.query(
      `INSERT INTO rural_tiers (code, name_zh, name_en, mode, minutes, types, source, verify, sort)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [t.code, t.name.zh, t.name.en, t.mode, t.minutes, JSON.stringify(t.types), t.source, t.verify, i],
    )
  }
  const changed = JSON.stringify(await readRuralTiers(tx)) !== before
  if (changed) await bumpVersion(tx, 'catalogue')
  return changed
}

export async function readRuralTiers(q: Queryable): Promise<RuralTier[]> {
  const rows = await q.query('SELECT * FROM rural_tiers ORDER BY sort, code')
  return rows.map((r) => ({ code: r.code, name: { zh: r.name_zh, en: r.name_en }, mode: r.mode, minutes: r.minutes, types: r.types, source: r.source, verify: r.verify }))
}

/** Pairs of units (by code) whose outlines touch or lie within ~1 m (queen contiguity, rounding-tolerant). */
export async function unitAdjacency(q: Queryable, codes: string[]): Promise<[string, string][]> {
  const rows = await q.query<{ a: string; b: string }>(
    `SELECT a.code AS a, b.code AS b FROM areas a JOIN areas b ON a.code < b.code AND ST_DWithin(a.geom, b.geom, 0.00001)
     WHERE a.code = ANY($1) AND b.code = ANY($1) ORDER BY 1, 2`,
    [codes],
  )
  return rows.map((r) => [r.a, r.b])
}

/** A point inside each unit (for units without populated cells). */
export async function unitPoints(q: Queryable, codes: string[]): Promise<Map<string, [number, number]>> {
  const rows = await q.query<{ code: string; lng: number; lat: number }>(
    `SELECT code, ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM areas WHERE code = ANY($1)) s`,
    [codes],
  )
  return new Map(rows.map((r) => [r.code, [r.lng, r.lat]]))
}

export interface PlanCluster {
  code: string
  name: string
  hubKind: 'unit' | 'facility'
  hub: string
  members: string[]
  geometry?: GeoJSON.MultiPolygon | null
}

export interface PlanRow {
  id: number
  name: string
  area: string
  unitLevel: 'township' | 'community'
  description: string | null
  source: string
  actor: string
  createdAt: string
  updatedAt: string
}

const planColumns = `id, name, area, unit_level AS "unitLevel", description, source, actor,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`

/** Stores a plan with its clusters (replacing a plan of the same name in the area). Returns its id. */
export async function insertPlan(
  tx: Queryable,
  plan: { name: string; area: string; unitLevel: string; description?: string | null; source: string; actor: string },
  clusters: PlanCluster[],
): Promise<number> {
  await tx.query('DELETE FROM cluster_plans WHERE area = $1 AND name = $2', [plan.area, plan.name])
  const [{ id }] = await tx.query<{ id: number }>(
    `INSERT INTO cluster_plans (name, area, unit_level, description, source, actor) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [plan.name, plan.area, plan.unitLevel, plan.description ?? null, plan.source, plan.actor],
  )
  await tx.copyIn(
    'plan_clusters',
    ['plan_id', 'code', 'name', 'hub_kind', 'hub', 'geom', 'sort'],
    clusters.map((c, i) => [id, c.code, c.name, c.hubKind, c.hub, c.geometry ? `SRID=4326;${toWkt(c.geometry)}` : null, i]),
  )
  await tx.copyIn('plan_cluster_members', ['plan_id', 'cluster_code', 'member_code'], clusters.flatMap((c) => c.members.map((m) => [id, c.code, m])))
  return id
}

export async function listPlans(q: Queryable, area?: string): Promise<(PlanRow & { clusters: number; members: number })[]> {
  return q.query(
    `SELECT ${planColumns},
       (SELECT count(*)::int FROM plan_clusters c WHERE c.plan_id = p.id) AS clusters,
       (SELECT count(*)::int FROM plan_cluster_members m WHERE m.plan_id = p.id) AS members
     FROM cluster_plans p WHERE ($1::text IS NULL OR area = $1) ORDER BY area, id`,
    [area ?? null],
  )
}

/** A plan by id, or by area and name (or the area's first plan when no name is given). */
export async function findPlan(q: Queryable, f: { id?: number; area?: string; name?: string }): Promise<PlanRow | undefined> {
  const rows = await q.query<PlanRow>(
    `SELECT ${planColumns} FROM cluster_plans
     WHERE ($1::int IS NULL OR id = $1) AND ($2::text IS NULL OR area = $2) AND ($3::text IS NULL OR name = $3)
     ORDER BY id LIMIT 1`,
    [f.id ?? null, f.area ?? null, f.name ?? null],
  )
  return rows[0]
}

/**
 * The clusters of a plan with members and outline (the drawn polygon, else the union of the
 * members on a 1e-6° grid: the modelled village polygons are rounded to 6 decimals, and a plain
 * union of them can fail on nearly coincident edges — PGlite then returns no rows at all).
 */
export async function planClusters(q: Queryable, planId: number, withGeometry = true): Promise<PlanCluster[]> {
  const rows = await q.query(
    `SELECT c.code, c.name, c.hub_kind AS "hubKind", c.hub,
       coalesce((SELECT array_agg(m.member_code ORDER BY m.member_code) FROM plan_cluster_members m
                 WHERE m.plan_id = c.plan_id AND m.cluster_code = c.code), '{}') AS members,
       CASE WHEN $2::bool THEN ST_AsGeoJSON(coalesce(c.geom,
         (SELECT ST_Multi(ST_CollectionExtract(ST_Union(a.geom, 0.000001), 3)) FROM plan_cluster_members m JOIN areas a ON a.code = m.member_code
          WHERE m.plan_id = c.plan_id AND m.cluster_code = c.code)), 6)::json END AS geometry
     FROM plan_clusters c WHERE c.plan_id = $1 ORDER BY c.sort, c.code`,
    [planId, withGeometry],
  )
  return rows as PlanCluster[]
}

/** Moves a member unit to another cluster of the plan (adding it when it was in none). */
export async function moveMember(tx: Queryable, planId: number, member: string, cluster: string): Promise<void> {
  await tx.query(
    `INSERT INTO plan_cluster_members (plan_id, cluster_code, member_code) VALUES ($1, $2, $3)
     ON CONFLICT (plan_id, member_code) DO UPDATE SET cluster_code = EXCLUDED.cluster_code`,
    [planId, cluster, member],
  )
  await touchPlan(tx, planId)
}

export async function setHub(tx: Queryable, planId: number, cluster: string, hubKind: 'unit' | 'facility', hub: string): Promise<void> {
  await tx.query('UPDATE plan_clusters SET hub_kind = $3, hub = $4 WHERE plan_id = $1 AND code = $2', [planId, cluster, hubKind, hub])
  await touchPlan(tx, planId)
}

export async function deletePlan(q: Queryable, planId: number): Promise<boolean> {
  return (await q.query('DELETE FROM cluster_plans WHERE id = $1 RETURNING id', [planId])).length > 0
}

async function touchPlan(tx: Queryable, planId: number) {
  await tx.query('UPDATE cluster_plans SET updated_at = now() WHERE id = $1', [planId])
}
