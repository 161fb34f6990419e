import type { IndicatorDefinition } from '../contract/indicators'
import type { Queryable } from './database'

export const indicatorCode = (n: number) => `I${String(n).padStart(2, '0')}`

/** Writes the indicator definitions (insert or update by number). */
export async function syncIndicators(tx: Queryable, list: IndicatorDefinition[]): Promise<void> {
  for (const i of list) {
    await tx.query(
      `INSERT INTO indicators (code, number, domain, domain_zh, domain_en, name_zh, name_en, unit_zh, unit_en, target_raw,
         target_op, target_value, direction, lead_zh, lead_en, computable)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (code) DO UPDATE SET number = EXCLUDED.number, domain = EXCLUDED.domain, domain_zh = EXCLUDED.domain_zh,
         domain_en = EXCLUDED.domain_en, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, unit_zh = EXCLUDED.unit_zh,
         unit_en = EXCLUDED.unit_en, target_raw = EXCLUDED.target_raw, target_op = EXCLUDED.target_op,
         target_value = EXCLUDED.target_value, direction = EXCLUDED.direction, lead_zh = EXCLUDED.lead_zh,
         lead_en = EXCLUDED.lead_en, computable = EXCLUDED.computable`,
      [indicatorCode(i.number), i.number, i.domain.code, i.domain.zh, i.domain.en, i.name.zh, i.name.en, i.unit?.zh ?? null, i.unit?.en ?? null,
        i.target?.raw ?? null, i.target?.op ?? null, i.target?.value ?? null, i.direction, i.leadAgency?.zh ?? null, i.leadAgency?.en ?? null,
        i.computable === null ? null : JSON.stringify(i.computable)],
    )
  }
}

export async function listIndicatorRows(q: Queryable) {
  return q.query('SELECT * FROM indicators ORDER BY number')
}

export interface IndicatorValue {
  value: number
  year: number | null
  note: string | null
  actor: string
  recordedAt: Date
}

export async function indicatorHistory(q: Queryable): Promise<Map<string, IndicatorValue[]>> {
  const rows = await q.query<IndicatorValue & { indicator: string }>(
    `SELECT indicator, value, year, note, actor, recorded_at AS "recordedAt" FROM indicator_values ORDER BY recorded_at, id`,
  )
  const out = new Map<string, IndicatorValue[]>()
  for (const { indicator, ...v } of rows) {
    const list = out.get(indicator)
    if (list) list.push(v)
    else out.set(indicator, [v])
  }
  return out
}

export async function recordIndicatorValue(q: Queryable, code: string, v: { value: number; year?: number; note?: string; actor: string }): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO indicator_values (indicator, value, year, note, actor) SELECT code, $2, $3, $4, $5 FROM indicators WHERE code = $1 RETURNING id`,
    [code, v.value, v.year ?? null, v.note ?? null, v.actor],
  )
  return rows.length > 0
}

/**
 * Σ capacity of the facilities of a type with one of the statuses, in an area (the facility point
 * inside its outline) or everywhere; facilities without a capacity add nothing.
 */
export async function facilityCapacity(q: Queryable, f: { type: string; statuses: string[]; area?: string }): Promise<number> {
  const rows = await q.query<{ capacity: number | string | null }>(
    `SELECT COALESCE(SUM(f.capacity), 0) AS capacity FROM facilities f
     WHERE f.type = $1 AND f.status = ANY($2::text[])
       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM areas a WHERE a.code = $3 AND ST_Intersects(a.geom, f.geom)))`,
    [f.type, f.statuses, f.area ?? null],
  )
  return Number(rows[0]?.capacity ?? 0)
}
