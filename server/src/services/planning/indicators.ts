import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from '../../db/database'
import type { IndicatorStatus, IndicatorView } from '../../contract/responses'
import { IndicatorMeasureSchema, IndicatorsFileSchema, type IndicatorsFile } from '../../contract/indicators'
import { readCatalogue } from '../../db/catalogue'
import { indicatorHistory, listIndicatorRows, recordIndicatorValue, syncIndicators } from '../../db/indicators'
import { notFound } from '../../errors'
import type { Analysis } from '../analysis'
import { computeMeasure } from './measures'

export const INDICATORS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../geodata/indicators.json')

/** Reads and validates the indicators file (contract/indicators.ts); every problem is listed at once. */
export function loadIndicatorsFile(file = INDICATORS_FILE): IndicatorsFile {
  const parsed = IndicatorsFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file} is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`)
  return parsed.data
}

/**
 * Loads the plan's indicators (geodata/indicators.json) into the database, after checking that
 * every facility type a measure names is in the catalogue.
 */
export async function installIndicators(db: Database, file = INDICATORS_FILE): Promise<number> {
  const { indicators: list } = loadIndicatorsFile(file)
  const types = new Set((await readCatalogue(db)).types.map((t) => t.code))
  const unknown = list.filter((i) => i.computable?.measure === 'capacity_per_population' && !types.has(i.computable.facilityType))
  if (unknown.length) throw new Error(`${file}: unknown facility type in the measure of indicator ${unknown.map((i) => i.number).join(', ')}`)
  await db.transaction((tx) => syncIndicators(tx, list))
  return list.length
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


/** `GET /api/indicators`: the plan's indicators with targets, values (computed or entered) and status. */
export async function indicators(a: Analysis, opts: { area?: string; year?: number } = {}): Promise<IndicatorView[]> {
  const db = a.db()
  const [rows, history] = await Promise.all([listIndicatorRows(db), indicatorHistory(db)])
  const out: IndicatorView[] = []
  for (const r of rows) {
    // Stored from the validated file; read back through the same schema (defaults, types).
    const c = r.computable === null ? null : IndicatorMeasureSchema.parse(r.computable)
    const computed = c ? { value: await computeMeasure(a, c, opts), exact: c.exact, formula: c.formula } : null
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

/** `POST /api/indicators/:code/values`: a value entered by hand, kept with its history. */
export async function recordIndicator(db: Database, code: string, v: { value: number; year?: number; note?: string; actor: string }) {
  if (!(await recordIndicatorValue(db, code, v))) {
    const codes = (await listIndicatorRows(db)).map((r) => String(r.code))
    throw notFound(`no indicator ${code}`, [{ field: 'code', message: `unknown indicator (${codes.length ? `${codes[0]} … ${codes[codes.length - 1]}` : 'none loaded'})` }])
  }
}
