import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Lang } from './model'

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'i18n')
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>
const STRINGS: Record<Lang, Record<string, string>> = { zh: load('zh-CN.json'), en: load('en.json') }

/** A report string in the report's language, `{name}` placeholders filled (zh-CN first, then en). */
export function tr(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] !== undefined ? String(vars[k]) : `{${k}}`))
}

/** Every key of both files (the test checks they hold the same keys). */
export function reportStringKeys(): { zh: string[]; en: string[] } {
  return { zh: Object.keys(STRINGS.zh).sort(), en: Object.keys(STRINGS.en).sort() }
}

const nf = (lang: Lang, digits: number) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** Formatting shared by the page formats: persons as whole numbers with separators, shares as %. */
export const fmt = {
  int: (lang: Lang, v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : nf(lang, 0).format(Math.round(v))),
  num: (lang: Lang, v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : nf(lang, digits).format(v)),
  pct: (lang: Lang, v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${nf(lang, digits).format(v * 100)}%`),
  /** A signed change in percentage points */
  pp: (lang: Lang, v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : '−'}${nf(lang, 1).format(Math.abs(v * 100))} ${lang === 'zh' ? '个百分点' : 'pp'}`),
  signedInt: (lang: Lang, v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : '−'}${nf(lang, 0).format(Math.abs(Math.round(v)))}`),
}
