import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachBackend, openTestDatabase, type TestDatabase } from '../../../test/support/db'
import { decodeCopyBinary, encodeCopyText } from './database'
import { readVersions } from './versions'

it('refuses to decode what is not binary COPY output', () => {
  expect(() => decodeCopyBinary(new TextEncoder().encode('1\tabc\n'))).toThrow(/not binary COPY/)
})

it('encodes COPY text with escapes, nulls, bytea and JSON', () => {
  const { text, count } = encodeCopyText([
    ['a\tb\\c\nd', null, new Uint8Array([1, 255]), { k: 'v' }, 1.5, true],
  ])
  expect(count).toBe(1)
  expect(text).toBe('a\\tb\\\\c\\nd\t\\N\t\\\\x01ff\t{"k":"v"}\t1.5\tt\n')
})

describeEachBackend('database layer', (backend) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase(backend)
  })
  afterAll(() => t?.dispose())

  it('reports its backend and PostGIS 3', async () => {
    expect(t.db.backend).toBe(backend)
    const [row] = await t.db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
    expect(row.v).toMatch(/^3\.\d+\.\d+/)
  })

  it('round-trips awkward values through COPY', async () => {
    await t.db.exec('CREATE TABLE copy_probe (s text, n float8, b bytea, j jsonb, g geometry(Point, 4326))')
    const n = await t.db.copyIn('copy_probe', ['s', 'n', 'b', 'j', 'g'], [
      ['宁波\t"tab"\\back\nslash', 0.1, new Uint8Array([0, 1, 2, 254]), { name: '慈溪' }, 'SRID=4326;POINT(121.5 29.9)'],
      [null, null, null, null, null],
    ])
    expect(n).toBe(2)
    const rows = await t.db.query(`SELECT s, n, b, j, ST_X(g) AS x FROM copy_probe ORDER BY s NULLS LAST`)
    expect(rows[0].s).toBe('宁波\t"tab"\\back\nslash')
    expect(rows[0].n).toBe(0.1)
    expect([...rows[0].b]).toEqual([0, 1, 2, 254])
    expect(rows[0].j).toEqual({ name: '慈溪' })
    expect(rows[0].x).toBe(121.5)
    expect(rows[1]).toEqual({ s: null, n: null, b: null, j: null, x: null })
  })

  it('reads binary COPY: bytea as its bytes, NULL as null, integers big-endian', async () => {
    const big = new Uint8Array(300_000).map((_, i) => (i * 7) % 256)
    await t.db.exec('CREATE TABLE copy_binary_probe (k int, b bytea)')
    await t.db.copyIn('copy_binary_probe', ['k', 'b'], [[1, new Uint8Array([0, 255, 10, 13])], [2, null], [3, big]])
    const rows = decodeCopyBinary(await t.db.copyOutBinary('SELECT k, b FROM copy_binary_probe ORDER BY k'))
    expect(rows.map((r) => new DataView(r[0]!.buffer, r[0]!.byteOffset, 4).getInt32(0))).toEqual([1, 2, 3])
    expect([...rows[0][1]!]).toEqual([0, 255, 10, 13])
    expect(rows[1][1]).toBeNull()
    expect(rows[2][1]).toEqual(big)
    expect(decodeCopyBinary(await t.db.copyOutBinary('SELECT k FROM copy_binary_probe WHERE false'))).toEqual([])
  })

  it('returns int8 and numeric as numbers', async () => {
    const [row] = await t.db.query('SELECT 9404283::bigint AS a, 89.34::numeric AS b, count(*) AS c FROM generate_series(1, 3)')
    expect(row).toEqual({ a: 9404283, b: 89.34, c: 3 })
  })

  it('rolls a failed transaction back completely', async () => {
    const before = await readVersions(t.db)
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`UPDATE data_versions SET version = version + 100 WHERE kind = 'facilities'`)
        await tx.copyIn('domains', ['code', 'name_zh', 'name_en', 'sort'], [['zz_probe', '探针', 'probe', 99]])
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await readVersions(t.db)).toEqual(before)
    expect(await t.db.query(`SELECT 1 FROM domains WHERE code = 'zz_probe'`)).toEqual([])
  })

  it('refuses a COPY target that is not a plain identifier', async () => {
    await expect(t.db.copyIn('areas; DROP TABLE areas', ['code'], [['x']])).rejects.toThrow(/plain identifier/)
  })
})
