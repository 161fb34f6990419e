import type { Database } from '../../server/src/db/database'

/**
 * A fingerprint of every user-data table: row count and an md5 over the full contents. Equal
 * fingerprints before and after a failed import prove that it changed nothing.
 */
export async function fingerprint(db: Database): Promise<Record<string, string>> {
  const tables = ['areas', 'area_members', 'facilities', 'population_cells', 'street_edges', 'projects', 'import_batches', 'data_versions']
  const out: Record<string, string> = {}
  for (const t of tables) {
    const [row] = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`,
    )
    out[t] = `${row.n}:${row.h}`
  }
  return out
}
