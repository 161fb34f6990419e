import type { Queryable } from './database'

export interface DataFingerprint {
  /** Per table of the current schema: row count and an order-independent hash of its rows. */
  tables: Record<string, { rows: number; hash: string }>
  /** One hash over all tables: equal fingerprints ⇔ equal data (up to md5 collisions). */
  digest: string
}

/**
 * What the database holds, as hashes: every base table of the schema circle15 writes to (the
 * first of the search path), each row's text form hashed, the hashes sorted and hashed again, so
 * the result is independent of physical row order. Two databases with the same rows compare equal
 * (a backup and its restore; a database before and after a refused import).
 */
export async function dataFingerprint(q: Queryable): Promise<DataFingerprint> {
  const tables = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND c.relname NOT IN ('spatial_ref_sys') ORDER BY c.relname`,
  )
  const out: DataFingerprint['tables'] = {}
  for (const { name } of tables) {
    // name comes from the catalogue, quoted as an identifier.
    const ident = `"${name.replace(/"/g, '""')}"`
    const [row] = await q.query<{ rows: number; hash: string | null }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS hash
       FROM (SELECT md5(t::text) AS h FROM ${ident} t) s`,
    )
    out[name] = { rows: row.rows, hash: row.hash ?? '' }
  }
  const [{ digest }] = await q.query<{ digest: string }>('SELECT md5($1) AS digest', [JSON.stringify(out)])
  return { tables: out, digest }
}
