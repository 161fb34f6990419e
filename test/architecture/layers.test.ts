import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SERVER_SRC, importCycles, importEdges, importsOf, layerViolations, sqlOutsideDb } from '../../scripts/layers'


describe('layers of server/src point down (scripts/layers.ts)', () => {
  it('no import points the wrong way', () => {
    const edges = importEdges(SERVER_SRC)
    expect(edges.length).toBeGreaterThan(500)
    expect(layerViolations(SERVER_SRC, edges)).toEqual([])
  })

  it('no runtime import cycle', () => {
    expect(importCycles(SERVER_SRC)).toEqual([])
  })

  it('no SQL outside db/', () => {
    expect(sqlOutsideDb(SERVER_SRC)).toEqual([])
  })
})

describe('the import scanner', () => {
  it('reads static, multi-line, re-exported, side-effect and dynamic imports, and which are type-only', () => {
    const src = [
      "import fs from 'node:fs'",
      "import type { A } from './a'",
      'import {',
      '  type B,',
      '  type C,',
      "} from '../b'",
      "import { type D, e } from './d'",
      "export { f } from './f'",
      "export type { G } from './g'",
      "import './side-effect'",
      "const m = await import('./lazy')",
      '/** e.g. `import x from "./not-an-import"` */',
      "// import y from './commented-out'",
    ].join('\n')
    expect(importsOf(src)).toEqual([
      { spec: 'node:fs', typeOnly: false, line: 1 },
      { spec: './a', typeOnly: true, line: 2 },
      { spec: '../b', typeOnly: true, line: 3 },
      { spec: './d', typeOnly: false, line: 7 },
      { spec: './f', typeOnly: false, line: 8 },
      { spec: './g', typeOnly: true, line: 9 },
      { spec: './side-effect', typeOnly: false, line: 10 },
      { spec: './lazy', typeOnly: false, line: 11 },
    ])
  })

  describe('on a made-up tree with one violation of each rule and a cycle', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'))
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
      fs.writeFileSync(path.join(root, rel), text)
    }
    put('errors.ts', 'export const e = 1\n')
    put('engine/a.ts', "import { b } from './b'\nimport { e } from '../errors'\nimport * as h3 from 'h3-js'\n")
    put('engine/b.ts', 'export const b = 1\n')
    put('engine/a.test.ts', "import { x } from '../services/x'\n") // tests may reach across
    put('contract/c.ts', "import type { Row } from '../db/rows'\n")
    put('db/rows.ts', "import { s } from '../services/s'\nexport type Row = {}\n")
    put('services/s.ts', "import type { AppContext } from '../http/context'\nimport type { y } from './y'\nexport const s = 1\n")
    put('services/x.ts', "import { y } from './y'\nexport const x = 1\n")
    put('services/y.ts', "import { x } from './x'\nimport type { s } from './s'\nexport const y = 1\n")
    put('http/context.ts', "import { listRows } from '../db/rows'\nimport { s } from '../services/s'\n")
    put('services/sql.ts', "export const n = (db) => db.query(\n  `SELECT count(*) AS n\n   FROM areas`)\nexport const label = 'SELECT a type'\n")
    put('db/sql.ts', "export const n = (db) => db.query('SELECT 1 FROM areas')\n")

    it('names each wrong-way import with its file and line', () => {
      expect(layerViolations(root).sort()).toEqual([
        'contract/c.ts:1 → db/rows.ts (contract/ must not import db/)',
        'db/rows.ts:1 → services/s.ts (db/ must not import services/)',
        'engine/a.ts:2 → errors.ts (engine/ must not import server/src/*.ts)',
        'http/context.ts:1 → db/rows.ts (http/ must not import db/)',
        'services/s.ts:1 → http/context.ts (services/ must not import http/)',
      ])
    })

    it('finds SQL outside db/ and nothing in db/ or in plain text', () => {
      expect(sqlOutsideDb(root)).toEqual(['services/sql.ts:2'])
    })

    it('finds the runtime cycle, not the type-only way back', () => {
      expect(importCycles(root)).toEqual([['services/x.ts', 'services/y.ts']])
    })
  })
})
