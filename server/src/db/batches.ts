import type { Queryable } from './database'

export interface BatchInput {
  kind: string
  fileName: string | null
  format: string
  sourceCrs: string
  mode: string
  actor: string
}

/** Opens a provenance record for one import; its id tags every row the import writes. */
export async function createBatch(tx: Queryable, b: BatchInput): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO import_batches (kind, file_name, format, source_crs, mode, actor)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [b.kind, b.fileName, b.format, b.sourceCrs, b.mode, b.actor],
  )
  return row.id
}

export async function finishBatch(
  tx: Queryable,
  id: number,
  counts: { imported: number; updated: number; skipped: number; warnings: string[] },
): Promise<void> {
  await tx.query('UPDATE import_batches SET imported = $2, updated = $3, skipped = $4, warnings = $5 WHERE id = $1', [
    id, counts.imported, counts.updated, counts.skipped, JSON.stringify(counts.warnings),
  ])
}

export async function listBatches(q: Queryable, limit = 100) {
  return q.query(
    `SELECT id, kind, file_name AS "fileName", format, source_crs AS "sourceCrs", mode, imported, updated, skipped,
       warnings, actor, created_at AS "createdAt"
     FROM import_batches ORDER BY id DESC LIMIT $1`,
    [limit],
  )
}
