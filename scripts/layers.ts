/**
 * Import directions of the server's layers (docs: STYLE.md "a pure engine inside a thin shell"):
 * the engine imports nothing outside itself; db/ nothing from services/ or http/; services/
 * nothing from http/; contract/ nothing from db/, services/ or http/; http/ nothing from db/
 * (routers call services). Also finds import cycles among runtime imports (type-only imports
 * vanish at compile time and are left out), and SQL written outside db/ (STYLE.md: db/ is the
 * only place that speaks SQL).
 *
 * `npx tsx scripts/layers.ts` prints every violation and exits 1 if there is one;
 * test/architecture/layers.test.ts runs the same check.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../server/src')

/** What each layer must not import (first folder under server/src; `.` = a file at its root). */
export const FORBIDDEN: Record<string, string[] | 'all-but-self'> = {
  engine: 'all-but-self',
  contract: ['db', 'services', 'http', 'engine', 'formats', 'reports'],
  db: ['services', 'http', 'reports'],
  formats: ['db', 'services', 'http', 'reports'],
  services: ['http'],
  reports: ['http'],
  http: ['db'],
}

export interface ImportEdge {
  from: string
  to: string
  /** Only types are imported (erased at compile time). */
  typeOnly: boolean
  line: number
}

/** Module specifiers a TypeScript source imports or re-exports (static and dynamic), comments ignored. */
export function importsOf(source: string): { spec: string; typeOnly: boolean; line: number }[] {
  // Blank out comments (keeping line breaks) so that an example in a doc comment is not an import.
  const text = source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '')
  const out: { spec: string; typeOnly: boolean; line: number }[] = []
  const lineAt = (i: number) => text.slice(0, i).split('\n').length
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g
  for (let m = statement.exec(text); m; m = statement.exec(text)) {
    const line = lineAt(m.index + Math.max(0, m[0].search(/import|export/)))
    if (m[4]) {
      const names = m[3].replace(/^\{|\}$/g, '').trim()
      const inlineTypes = /^\{[^}]*\}$/.test(m[3].trim()) && names.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))
      out.push({ spec: m[4], typeOnly: Boolean(m[2]) || inlineTypes, line })
    } else out.push({ spec: (m[5] ?? m[6])!, typeOnly: false, line })
  }
  return out
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(p)
    return /\.(ts|mts)$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [p] : []
  })
}

function resolve(fromFile: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null // a package
  const base = path.resolve(path.dirname(fromFile), spec)
  for (const c of [base, `${base}.ts`, `${base}.mts`, base.replace(/\.m?js$/, '.ts'), path.join(base, 'index.ts')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c
  }
  return base
}

/** The layer of a file: its first folder under `root` (`.` for a file at the root), or null outside it. */
export function layerOf(root: string, file: string): string | null {
  const rel = path.relative(root, file)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null
  const parts = rel.split(path.sep)
  return parts.length > 1 ? parts[0] : '.'
}

/** Every import between files under `root`, tests left out (a test may reach across layers to set up). */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = []
  for (const file of tsFiles(root)) {
    if (/\.test\.ts$/.test(file) || file.includes(`${path.sep}test-support${path.sep}`)) continue
    for (const i of importsOf(fs.readFileSync(file, 'utf8'))) {
      const to = resolve(file, i.spec)
      if (to) edges.push({ from: file, to, typeOnly: i.typeOnly, line: i.line })
    }
  }
  return edges
}

/** Imports that point the wrong way, as `from:line → to (rule)`, paths relative to `root`. */
export function layerViolations(root: string, edges = importEdges(root), forbidden = FORBIDDEN): string[] {
  const out: string[] = []
  for (const e of edges) {
    const from = layerOf(root, e.from)
    const to = layerOf(root, e.to)
    if (!from || from === to) continue
    const rule = forbidden[from]
    const bad = rule === 'all-but-self' ? true : rule?.includes(to ?? '(outside)')
    if (bad) out.push(`${path.relative(root, e.from)}:${e.line} → ${path.relative(root, e.to)} (${from}/ must not import ${to === '.' ? 'server/src/*.ts' : `${to}/`})`)
  }
  return out
}

/** Cycles of runtime imports (Tarjan's strongly connected components of more than one file, or a file importing itself). */
export function importCycles(root: string, edges = importEdges(root)): string[][] {
  const graph = new Map<string, string[]>()
  for (const e of edges) {
    if (e.typeOnly) continue
    if (!graph.has(e.from)) graph.set(e.from, [])
    graph.get(e.from)!.push(e.to)
  }
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.map((f) => path.relative(root, f)).sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return cycles
}

/** A string or template literal that opens with an SQL statement (upper-case keywords, the project's style). */
const SQL_TEXT = /[`'"]\s*(SELECT\s[\s\S]{0,400}?\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TEMP\s+|TEMPORARY\s+)?TABLE\s|WITH\s+\w+\s+AS\s*\(|COPY\s+\w+)/g

/** SQL statements in files outside db/ (tests left out), as `file:line`. */
export function sqlOutsideDb(root: string): string[] {
  const out: string[] = []
  for (const file of tsFiles(root)) {
    if (/\.test\.ts$/.test(file) || layerOf(root, file) === 'db') continue
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(SQL_TEXT)) out.push(`${path.relative(root, file)}:${text.slice(0, m.index).split('\n').length}`)
  }
  return out
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const edges = importEdges(SERVER_SRC)
  const violations = layerViolations(SERVER_SRC, edges)
  const cycles = importCycles(SERVER_SRC, edges)
  const sql = sqlOutsideDb(SERVER_SRC)
  for (const v of violations) console.log(`layer: ${v}`)
  for (const c of cycles) console.log(`cycle: ${c.join(' ↔ ')}`)
  for (const f of sql) console.log(`sql outside db/: ${f}`)
  console.log(`${edges.length} imports checked: ${violations.length} layer violations, ${cycles.length} cycles, ${sql.length} SQL statements outside db/`)
  process.exit(violations.length || cycles.length || sql.length ? 1 : 0)
}
