import type { AuditEntry, AuditQuery, Role } from '../contract/auth'
import type { Queryable } from './database'

export interface AuditInput {
  actor: string
  role: Role
  tokenId: number | null
  method: string
  route: string
  path: string
  object: string | null
  status: number
  before: unknown
  after: unknown
}

export async function insertAudit(q: Queryable, e: AuditInput): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO audit_log (actor, role, token_id, method, route, path, object, status, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [e.actor, e.role, e.tokenId, e.method, e.route, e.path, e.object, e.status,
      e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)],
  )
  return Number(row.id)
}

/** The audit log, newest first, filtered by actor, route text and time. */
export async function listAudit(q: Queryable, f: AuditQuery): Promise<AuditEntry[]> {
  const rows = await q.query<Omit<AuditEntry, 'id' | 'at'> & { id: string | number; at: Date | string }>(
    `SELECT id, at, actor, role, method, route, path, object, status, before, after FROM audit_log
     WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR strpos(route, $2) > 0) AND ($3::timestamptz IS NULL OR at >= $3)
     ORDER BY id DESC LIMIT $4`,
    [f.actor ?? null, f.route ?? null, f.since ?? null, f.limit],
  )
  return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at instanceof Date ? r.at.toISOString() : String(r.at) }))
}

const LAYER_TABLES = { areas: 'areas', facilities: 'facilities', population: 'population_cells', roads: 'street_edges', projects: 'projects' } as const

/** Rows in an import layer's table (the before/after summary of an import). */
export async function countLayer(q: Queryable, kind: keyof typeof LAYER_TABLES): Promise<number> {
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${LAYER_TABLES[kind]}`)
  return row.n
}
