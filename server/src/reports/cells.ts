import type { CellValue, ColumnKind } from './tables'
import type { Lang } from './model'
import { fmt } from './i18n'

/** A table cell as printed on a page (HTML, PDF): persons whole, shares as %, minutes to 0.1. */
export function cellText(lang: Lang, kind: ColumnKind, v: CellValue, key = ''): string {
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'string') return v
  if (/(lng|lat)$/i.test(key)) return v.toFixed(5) // coordinates: ~1 m
  switch (kind) {
    case 'integer': return fmt.int(lang, v)
    case 'percent': return fmt.pct(lang, v)
    case 'minutes': return fmt.num(lang, v, 1)
    case 'number': return Math.abs(v) >= 100 ? fmt.num(lang, v, 1) : Math.abs(v) >= 1 ? fmt.num(lang, v, 2) : fmt.num(lang, v, 4)
    default: return String(v)
  }
}

/** Numbers align right, text left. */
export const alignRight = (kind: ColumnKind) => kind !== 'text'
