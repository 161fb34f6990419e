import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '../../web/src/i18n/en.json'
import zh from '../../web/src/i18n/zh-CN.json'
import { ROOT } from './support/demo-server'

// Every interface string lives in the translation files (zh-CN first, en second): both files have
// the same keys, every key the code asks for exists, and placeholders match between languages.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('translations', () => {
  it('zh-CN and en have the same keys and placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort())
    for (const [k, v] of Object.entries(zh)) expect(placeholders((en as Record<string, string>)[k]), k).toEqual(placeholders(v))
  })

  it('every literal key the web app asks for exists', () => {
    const keys = new Set(Object.keys(zh))
    const missing: string[] = []
    for (const file of sourceFiles(path.join(ROOT, 'web/src'))) {
      const text = fs.readFileSync(file, 'utf8')
      // t('a.b'), and keys picked by a condition: t(x ? 'a.b' : 'a.c').
      for (const m of text.matchAll(/\bt\(\s*([^,)]*)/g)) {
        for (const k of m[1].matchAll(/'([a-z]+\.[A-Za-z_.]+)'/g)) if (!keys.has(k[1])) missing.push(`${path.relative(ROOT, file)}: ${k[1]}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('keys built from data exist for every value the API can return', () => {
    const keys = new Set(Object.keys(zh))
    const needed = [
      ...['coverage', 'gaps', 'scenario', 'plan'].map((v) => `view.${v}`),
      ...['met', 'not_met', 'no_data'].map((s) => `plan.status.${s}`),
      ...['minutes', 'covered', 'score'].map((v) => `layer.${v}`),
      ...['population', 'age_0_2', 'age_3_5', 'age_6_11', 'age_12_14', 'age_15_59', 'age_60_plus'].map((g) => `group.${g}`),
      ...['age_0_2', 'age_3_5', 'age_6_11', 'age_12_14', 'age_15_59', 'age_60_plus', 'population'].map((g) => `age.${g}`),
      ...['network', 'straight-line', 'mixed'].map((m) => `method.${m}`),
      ...['existing', 'planned', 'under_construction'].map((s) => `status.${s}`),
      ...['add', 'move', 'remove', 'resize'].map((o) => `changes.${o}`),
      ...['city', 'district', 'township', 'community', 'cluster'].map((l) => `level.${l}`),
    ]
    expect(needed.filter((k) => !keys.has(k))).toEqual([])
  })
})
