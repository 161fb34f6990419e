import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from '../../db/database'
import type { IndicatorStatus, IndicatorView } from '../../contract/responses'
import { indicatorHistory, listIndicatorRows, recordIndicatorValue, syncIndicators, type IndicatorDefinition } from '../../db/indicators'
import { listProjects } from '../../db/projects'
import { notFound } from '../../errors'
import type { Analysis } from '../analysis'
import { resolveScope } from '../analysis/scope'

export const INDICATORS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../geodata/indicators.json')

/** Loads the plan's indicators (geodata/indicators.json) into the database. */
export async function installIndicators(db: Database, file = INDICATORS_FILE): Promise<number> {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { indicators: IndicatorDefinition[] }
  await db.transaction((tx) => syncIndicators(tx, json.indicators))
  return json.indicators.length
}

/**
 * Whether a value meets a target. The plan writes "4.4" for "at least 4.4" where more is better,
 * so `=` reads as ≥ (higher is better) or ≤ (lower is better).
 */
export function targetStatus(value: number | null, op: string | null, target: number | null, direction: string | null): IndicatorStatus {
  if (value === null || target === null || op === null) return 'no_data'
  const lower = direction === 'lower_is_better'
  const ok =
    op === '>' ? value > target
    : op === '>=' ? value >= target
    : op === '<' ? value < target
    : op === '<=' ? value <= target
    : lower ? value <= target : value >= target
  return ok ? 'met' : 'not_met'
}


/** `GET /api/indicators`: the 30 indicators with targets, values (computed or entered) and status. */
export async function indicators(a: Analysis, opts: { area?: string; year?: number } = {}): Promise<IndicatorView[]> {
  const db = a.db()
  const [rows, history] = await Promise.all([listIndicatorRows(db), indicatorHistory(db)])
  const out: IndicatorView[] = []
  for (const r of rows) {
    const c = r.computable as Record<string, any> | null
    const computedValue = c ? await compute(a, c, opts) : null
    const computed = c ? { value: computedValue, exact: c.exact === true, formula: String(c.formula ?? '') } : null
    const hist = history.get(r.code) ?? []
    const manual = hist.length ? hist[hist.length - 1].value : null
    const useComputed = computed !== null && computed.exact && computed.value !== null
    const value = useComputed ? computed!.value : manual
    out.push({
      code: r.code,
      number: r.number,
      domain: { code: r.domain, zh: r.domain_zh, en: r.domain_en },
      name: { zh: r.name_zh, en: r.name_en },
      unit: { zh: r.unit_zh, en: r.unit_en },
      target: { raw: r.target_raw, op: r.target_op, value: r.target_value },
      direction: r.direction,
      leadAgency: { zh: r.lead_zh, en: r.lead_en },
      value,
      valueSource: useComputed ? 'computed' : manual !== null ? 'manual' : null,
      computed,
      history: hist.map((v) => ({ ...v, recordedAt: new Date(v.recordedAt).toISOString() })),
      status: targetStatus(value, r.target_op, r.target_value, r.direction),
    })
  }
  return out
}

async function compute(a: Analysis, c: Record<string, any>, opts: { area?: string; year?: number }): Promise<number | null> {
  if (c.measure === 'capacity_per_population') {
    const [table, cells, scope] = await Promise.all([a.inputs.facilities(), a.inputs.cells(), resolveScope(a.inputs, opts.area)])
    let population = 0
    for (const i of scope.cells) population += cells.rows.columns.population[i]
    if (!(population > 0)) return null
    const statuses: string[] = c.statuses ?? ['existing']
    const inScope = opts.area ? await facilityIdsInArea(a, opts.area) : null
    let capacity = 0
    for (const i of table.byType.get(c.facilityType) ?? []) {
      if (!statuses.includes(table.rows.status[i]) || Number.isNaN(table.rows.capacity[i])) continue
      if (inScope && !inScope.has(table.rows.ids[i])) continue
      capacity += table.rows.capacity[i]
    }
    return (capacity / population) * (c.per ?? 1000)
  }
  if (c.measure === 'project_investment_sum') {
    const projects = await listProjects(a.db(), { year: opts.year })
    return Math.round(projects.reduce((s, p) => s + (p.investment ?? 0), 0) * 1e6) / 1e6
  }
  return null
}

async function facilityIdsInArea(a: Analysis, area: string): Promise<Set<string>> {
  const rows = await a.db().query<{ id: string }>(
    `SELECT f.external_id AS id FROM facilities f JOIN areas a ON a.code = $1 AND ST_Intersects(a.geom, f.geom)`,
    [area],
  )
  return new Set(rows.map((r) => r.id))
}

/** `POST /api/indicators/:code/values`: a value entered by hand, kept with its history. */
export async function recordIndicator(db: Database, code: string, v: { value: number; year?: number; note?: string; actor: string }) {
  if (!(await recordIndicatorValue(db, code, v))) throw notFound(`no indicator ${code}`, [{ field: 'code', message: 'unknown indicator (I01 … I30)' }])
}
