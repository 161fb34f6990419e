import zh from './zh-CN.json'
import en from './en.json'

/** Interface languages: Chinese first, English second (PRODUCT.md glossary). */
export const LANGS = ['zh-CN', 'en'] as const
export type Lang = (typeof LANGS)[number]

const dictionaries: Record<Lang, Record<string, string>> = { 'zh-CN': zh, en }
let current: Lang = 'zh-CN'

export function setLang(lang: Lang) {
  current = lang
  document.documentElement.lang = lang
}
export const lang = () => current

/** The string of `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: string, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key] ?? dictionaries['zh-CN'][key] ?? key
  return params ? text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : text
}

/** A catalogue name ({zh, en}) in the current language. */
export const name = (n: { zh: string; en: string }) => (current === 'en' ? n.en : n.zh)

/** A catalogue name inside a sentence: English names lose their capital ("the nearest kindergarten"). */
export const inText = (n: { zh: string; en: string }) => (current === 'en' ? lowerFirst(n.en) : n.zh)
/** A translated word inside a sentence ("the worst-served district"). */
export const tInText = (key: string) => (current === 'en' ? lowerFirst(t(key)) : t(key))
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s
}

/** The target group of a type as a noun phrase ("3–5 岁儿童"); combined groups are joined. */
export function groupName(targetGroup: string): string {
  const text = targetGroup
    .split('+')
    .map((g) => t(`group.${g}`))
    .join(t('list.separator'))
  // Chinese typesetting: a space between a character and a following digit ("名 3–5 岁儿童").
  return current === 'zh-CN' && /^\d/.test(text) ? ` ${text}` : text
}

/** The number and date locale of the interface language. */
export const locale = () => (current === 'en' ? 'en-GB' : 'zh-CN')

/** Whole persons, grouped ("12,345"). */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString(locale())
}
/** Persons: whole numbers, one decimal below 10 (modelled cells hold fractions of a person). */
export function fmtPersons(n: number): string {
  return n < 10 && !Number.isInteger(n) ? fmtNum(n, 1) : fmtInt(n)
}
/** A share as a percentage ("28.2%"); null → "—". */
export function fmtPct(r: number | null | undefined, digits = 1): string {
  return r === null || r === undefined || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(digits)}%`
}
/** A number with fixed decimals ("7.3"); null → "—". */
export function fmtNum(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits })
}
/** Signed whole persons ("+1,234", "−56"). */
export function fmtSigned(n: number): string {
  const r = Math.round(n)
  return r > 0 ? `+${fmtInt(r)}` : r < 0 ? `−${fmtInt(-r)}` : '0'
}
