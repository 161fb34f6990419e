/**
 * Shared pieces of the property-based tests (fast-check). Runs are bounded so that the whole fuzz
 * suite stays under about a minute on CI's 2 cores; `FUZZ_RUNS=<n>` multiplies every property's
 * runs for a deeper search (`FUZZ_RUNS=20 npx vitest run test/fuzz`), `FUZZ_SEED` replays one.
 * Each file counts the cases it ran and prints `fuzz <file>: <n> cases` (README figures).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { afterAll, expect } from 'vitest'

const SCALE = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1) || 1)

/** fast-check parameters for a property with `base` runs on CI (× FUZZ_RUNS). */
export function runs(base: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
  return { numRuns: Math.round(base * SCALE), ...(seed !== undefined ? { seed } : {}), endOnFailure: true }
}

/** Cases counted per test file; printed once at the end of the file. */
export function caseCounter(file: string) {
  const counts = new Map<string, number>()
  afterAll(() => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    const parts = [...counts].map(([k, v]) => `${k} ${v}`).join(', ')
    console.log(`fuzz ${file}: ${total} cases (${parts})`)
  })
  return (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1)
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures')
export const fixture = (rel: string) => new Uint8Array(fs.readFileSync(path.join(ROOT, rel)))

/** What a refusal must look like: 4xx with a code, a message and details that are plain records. */
export function expectCleanRefusal(status: number, body: any, context: string) {
  expect(status, context).toBeGreaterThanOrEqual(400)
  expect(status, context).toBeLessThan(500)
  expect(typeof body?.error?.code, context).toBe('string')
  expect(typeof body?.error?.message, context).toBe('string')
  expect(body.error.message, context).not.toMatch(/\bat .*\.(ts|js):\d+/)
  for (const d of body.error.details ?? []) expect(typeof d.message, context).toBe('string')
}

/** A hard per-case time limit: a parser that hangs fails the property instead of the suite. */
export async function within<T>(ms: number, what: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))
  try {
    return await Promise.race([run(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Mutations of a file's bytes: truncation, flipped bytes, inserted junk, a UTF-8 BOM, the text
 * re-encoded as GBK (Chinese Excel), as UTF-16, or a gzip wrapper (whole or cut short).
 */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number[]; value: number }
  | { kind: 'insert'; at: number; junk: Uint8Array }
  | { kind: 'bom' }
  | { kind: 'gbk' }
  | { kind: 'utf16' }
  | { kind: 'gzip'; cut: number }

/** A position in a file, 0–1: fc.double alone leans to the ends (0, 1), so evenly spread percentages too. */
const frac = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 99 }).map((n) => n / 100))

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(frac, { minLength: 1, maxLength: 8 }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: frac, junk: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.constant({ kind: 'bom' as const }),
  fc.constant({ kind: 'gbk' as const }),
  fc.constant({ kind: 'utf16' as const }),
  fc.record({ kind: fc.constant('gzip' as const), cut: frac }),
)

export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const pos = (f: number) => Math.min(bytes.length, Math.floor(f * bytes.length))
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, pos(m.at))
    case 'flip': {
      const out = bytes.slice()
      for (const f of m.at) if (out.length) out[Math.min(out.length - 1, pos(f))] = m.value
      return out
    }
    case 'insert': {
      const at = pos(m.at)
      return new Uint8Array([...bytes.subarray(0, at), ...m.junk, ...bytes.subarray(at)])
    }
    case 'bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])
    case 'gbk':
      return new Uint8Array(iconv.encode(Buffer.from(bytes).toString('utf8'), 'gbk'))
    case 'utf16':
      return new Uint8Array(iconv.encode(Buffer.from(bytes).toString('utf8'), 'utf16-le', { addBOM: true }))
    case 'gzip': {
      const gz = new Uint8Array(zlib.gzipSync(bytes))
      return m.cut > 0.5 ? gz : gz.slice(0, Math.max(2, Math.floor(m.cut * 2 * gz.length)))
    }
  }
}

/** Values that break fields: wrong types, NaN, huge and tiny numbers, empty, odd text. */
export const badScalar = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '0x10', '', ' ', '约三百', 'null', 'true', '１２３', '1,2,3', '12abc', '--1', '1e', '.', '__proto__'),
  fc.string({ maxLength: 12 }),
  fc.double(),
)

/** A JSON value nested `depth` levels deep (arrays or objects), for "deep nesting". */
export function deepValue(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v }
  return v
}
