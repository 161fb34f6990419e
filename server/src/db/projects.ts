import type { Queryable } from './database'
import type { StoreResult } from './areas'

/** Writes projects, inserting or updating by external id; `replace` first removes all. */
export async function storeProjects(tx: Queryable, rows: ProjectRow[], opts: { batchId: number; mode: 'append' | 'replace' }): Promise<StoreResult> {
  await tx.query(`CREATE TEMP TABLE stage_projects (external_id text, name text, domain text, investment float8,
    status text, year integer, facility_ids text[], attributes jsonb, lng float8, lat float8) ON COMMIT DROP`)
  await tx.copyIn(
    'stage_projects',
    ['external_id', 'name', 'domain', 'investment', 'status', 'year', 'facility_ids', 'attributes', 'lng', 'lat'],
    rows.map((r) => [r.id, r.name, r.domain, r.investment, r.status, r.year, pgTextArray(r.facilityIds), r.attributes, r.lng, r.lat]),
  )
  if (opts.mode === 'replace') await tx.query('DELETE FROM projects')
  const [{ n: updated }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stage_projects s JOIN projects p USING (external_id)')
  await tx.query(
    `INSERT INTO projects (external_id, name, domain, investment, status, year, facility_ids, attributes, geom, batch_id, updated_at)
     SELECT external_id, name, domain, investment, status, year, facility_ids, attributes,
       CASE WHEN lng IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lng, lat), 4326) END, $1, now()
     FROM stage_projects
     ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name, domain = EXCLUDED.domain,
       investment = EXCLUDED.investment, status = EXCLUDED.status, year = EXCLUDED.year,
       facility_ids = EXCLUDED.facility_ids, attributes = EXCLUDED.attributes, geom = EXCLUDED.geom,
       batch_id = EXCLUDED.batch_id, updated_at = now()`,
    [opts.batchId],
  )
  return { imported: rows.length - updated, updated, warnings: [] }
}

/** A PostgreSQL array literal of text values (for COPY). */
function pgTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`
}

/** A project as stored: `id` is its external id; investment in 亿元. */
export interface ProjectRecord {
  id: string
  name: string
  domain: string
  investment: number | null
  status: string | null
  year: number | null
  facilityIds: string[]
  lng: number | null
  lat: number | null
  attributes: Record<string, unknown>
}

/** A validated project to be written (services/import/projects.ts makes them); `record` = its 1-based place in the file. */
export type ProjectRow = ProjectRecord & { record: number }

export async function listProjects(q: Queryable, f: { year?: number; domain?: string } = {}): Promise<ProjectRecord[]> {
  return q.query<ProjectRecord & Record<string, unknown>>(
    `SELECT external_id AS id, name, domain, investment, status, year, facility_ids AS "facilityIds",
       ST_X(geom) AS lng, ST_Y(geom) AS lat, attributes
     FROM projects WHERE ($1::int IS NULL OR year = $1) AND ($2::text IS NULL OR domain = $2) ORDER BY external_id`,
    [f.year ?? null, f.domain ?? null],
  )
}
