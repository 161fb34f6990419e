/**
 * The engine is a leaf (issue 9.6): its modules import only each other and third-party packages,
 * never the rest of the server, and no two of them import each other in a circle.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ENGINE = dirname(new URL(import.meta.url).pathname)

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [])
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1])
}

describe('engine imports', () => {
  const files = sources(ENGINE)
  const local = new Map(files.map((f) => [f, imports(f).filter((s) => s.startsWith('.')).map((s) => normalize(join(dirname(f), s)) + '.ts')]))

  it('imports nothing from outside server/src/engine', () => {
    const outside = [...local].flatMap(([f, deps]) => deps.filter((d) => !d.startsWith(ENGINE)).map((d) => `${relative(ENGINE, f)} → ${relative(ENGINE, d)}`))
    expect(outside).toEqual([])
    expect(files.length).toBeGreaterThan(30)
  })

  it('has no import circle', () => {
    const state = new Map<string, 1 | 2>()
    const cycles: string[] = []
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 2) return
      if (state.get(f) === 1) {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(ENGINE, p)).join(' → '))
        return
      }
      state.set(f, 1)
      for (const d of local.get(f) ?? []) visit(d, [...path, f])
      state.set(f, 2)
    }
    for (const f of files) visit(f, [])
    expect(cycles).toEqual([])
  })
})
