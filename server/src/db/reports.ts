import type { Queryable } from './database'

/** Headline figures of one type in a report (report_snapshots, migration 009). */
export interface ReportSnapshot {
  type: string
  target: number
  covered: number
  rate: number | null
  createdAt: string
}

/** The latest snapshot of each of `types` for a subject key (area × mode × scenario), if any. */
export async function latestSnapshots(q: Queryable, subject: string, types: string[]): Promise<Map<string, ReportSnapshot>> {
  const rows = await q.query<ReportSnapshot & Record<string, unknown>>(
    `SELECT DISTINCT ON (type) type, target, covered, rate, created_at AS "createdAt"
     FROM report_snapshots WHERE subject = $1 AND type = ANY($2::text[])
     ORDER BY type, created_at DESC, id DESC`,
    [subject, types],
  )
  return new Map(rows.map((r) => [r.type, { ...r, createdAt: new Date(r.createdAt).toISOString() }]))
}

/** Records the figures of a report just built. */
export async function recordSnapshots(q: Queryable, subject: string, rows: { type: string; target: number; covered: number; rate: number | null }[]): Promise<void> {
  for (const r of rows) {
    await q.query('INSERT INTO report_snapshots (subject, type, target, covered, rate) VALUES ($1, $2, $3, $4, $5)', [subject, r.type, r.target, r.covered, r.rate])
  }
}
