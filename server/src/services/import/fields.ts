import type { RawRecord } from '../../formats/types'
export { IssueList } from '../../formats/issues'

/**
 * Field access for imported records: names are matched case-insensitively with a few common
 * aliases (Chinese spreadsheets say 经度/纬度, exports say lon/longitude), and every problem is
 * recorded against the record and field, so one response can list all of them.
 */
export const FIELD_ALIASES: Record<string, string[]> = {
  lng: ['lng', 'lon', 'long', 'longitude', 'x', '经度'],
  lat: ['lat', 'latitude', 'y', '纬度'],
  id: ['id', 'external_id', 'code', '编号'],
  name: ['name', '名称'],
  type: ['type', 'facility_type', '类型'],
  capacity: ['capacity', '容量', '规模'],
  status: ['status', '状态'],
}


/** Looks a field up by name (case-insensitive) or by any of its aliases; '' counts as missing. */
export function pick(rec: RawRecord, field: string, aliases = FIELD_ALIASES[field] ?? [field]): unknown {
  const props = rec.properties
  for (const name of aliases) {
    if (name in props && props[name] !== '' && props[name] !== null && props[name] !== undefined) return props[name]
  }
  const lower = new Map(Object.keys(props).map((k) => [k.toLowerCase().trim(), k]))
  for (const name of aliases) {
    const key = lower.get(name.toLowerCase())
    if (key !== undefined && props[key] !== '' && props[key] !== null && props[key] !== undefined) return props[key]
  }
  return undefined
}

/** The record's property names that are not one of `known` (kept as free attributes). */
export function extraAttributes(rec: RawRecord, known: string[]): Record<string, unknown> {
  const skip = new Set(known.flatMap((k) => (FIELD_ALIASES[k] ?? [k]).map((a) => a.toLowerCase())))
  return Object.fromEntries(Object.entries(rec.properties).filter(([k]) => !skip.has(k.toLowerCase().trim())))
}

/**
 * A finite number from a number or numeric string (thousands separators allowed), else undefined.
 * `1e309` is numeric text but not a finite number: undefined (it used to pass as Infinity and
 * crash the COPY of population cells with a 500; the fuzz tests found it).
 */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v !== 'string') return undefined
  const s = v.trim().replace(/,/g, '')
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/**
 * A text field given as something else than text or a number (a JSON object, array, boolean):
 * the issue to report, else null. Without it such a value read as "missing" and took the default
 * (a GeoJSON `status: {}` imported as `existing`).
 */
export function notText(rec: RawRecord, field: string, aliases?: string[]): { record: number; field: string; message: string } | null {
  const v = pick(rec, field, aliases)
  if (v === undefined || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return null
  return { record: rec.index, field, message: `${field} must be text; got ${JSON.stringify(v)?.slice(0, 80) ?? String(v)}` }
}

/** Identifier text from a string or an integer (spreadsheets turn codes into numbers). */
export function toText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

export function recordId(rec: RawRecord): string | undefined {
  return toText(pick(rec, 'id'))
}
