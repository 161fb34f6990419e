import type { Queryable } from './database'

export type DataKind = 'areas' | 'facilities' | 'population' | 'roads' | 'projects' | 'catalogue'

/** Marks one kind of input data as changed; derived results keyed by the old version go stale. */
export async function bumpVersion(tx: Queryable, kind: DataKind): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    'UPDATE data_versions SET version = version + 1, changed_at = now() WHERE kind = $1 RETURNING version',
    [kind],
  )
  return row.version
}

/** Current version of every kind of input data. */
export async function readVersions(q: Queryable): Promise<Record<DataKind, number>> {
  const rows = await q.query<{ kind: DataKind; version: number }>('SELECT kind, version FROM data_versions')
  return Object.fromEntries(rows.map((r) => [r.kind, r.version])) as Record<DataKind, number>
}
