import { getIssues } from '@placemarkio/check-geojson'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { cellToBoundary, gridDisk, latLngToCell } from 'h3-js'
import JSZip from 'jszip'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ReportData, ReportLayer, ReportTable } from '../tables'
import { tableCsv, writeCsv } from './csv'
import { writeGeojson } from './geojson'
import { writeGpkg } from './gpkg'
import { sheetName, writeXlsx } from './xlsx'

// Values chosen to break naive writers: commas, quotes, line breaks, Chinese, nulls, fractions.
const areas: ReportTable = {
  id: 'areas',
  title: '各街道覆盖率',
  columns: [
    { key: 'code', label: '代码', kind: 'text' },
    { key: 'name', label: '名称', kind: 'text' },
    { key: 'target', label: '目标人口', kind: 'integer' },
    { key: 'rate', label: '覆盖率', kind: 'percent' },
    { key: 'minutes', label: '平均时间（分钟）', kind: 'minutes' },
    { key: 'score', label: '2SFCA', kind: 'number' },
  ],
  rows: [
    { code: '330282001', name: '浒山街道', target: 12345, rate: 0.8312345, minutes: 7.25, score: 0.0123 },
    { code: '330282002', name: 'Name, with "quotes"\nand a line break', target: 0, rate: null, minutes: null, score: 1e-7 },
    { code: '330282003', name: '', target: 987654321, rate: 1, minutes: 0.1 + 0.2, score: -3.5 },
  ],
}
const ranks: ReportTable = {
  id: 'gaps',
  title: '服务缺口 [前 10]: 幼儿园/托育',
  columns: [{ key: 'rank', label: '排名', kind: 'integer' }, { key: 'target', label: '未覆盖人口', kind: 'integer' }],
  rows: [{ rank: 1, target: 420 }, { rank: 2, target: 17 }],
}
const centre = latLngToCell(30.17, 121.27, 10)
const cellsLayer: ReportLayer = {
  id: 'cells',
  title: '网格',
  features: gridDisk(centre, 1).map((h, k) => ({
    type: 'Feature',
    properties: { h3: h, population: 100 + k, targetPopulation: k * 1.5, minutes: k === 3 ? null : 2.5 * k, name: k === 0 ? '中心, "甲"' : `c${k}`, id: `x${k}` },
    // h3-js GeoJSON order: a closed, counter-clockwise outer ring (RFC 7946).
    geometry: { type: 'Polygon', coordinates: [cellToBoundary(h, true)] },
  })),
}
const facilitiesLayer: ReportLayer = {
  id: 'facilities',
  title: '设施',
  features: [
    { type: 'Feature', properties: { name: '阳光幼儿园', capacity: 180 }, geometry: { type: 'Point', coordinates: [121.27, 30.17] } },
    { type: 'Feature', properties: { name: 'Sunny', capacity: null }, geometry: { type: 'Point', coordinates: [121.28, 30.171] } },
  ],
}
const report = (tables: ReportTable[], layers: ReportLayer[] = []): ReportData => ({ name: 'coverage-330282-education-zh', language: 'zh', tables, layers })

describe('CSV writer', () => {
  it('parses back (csv-parse) to the same headers and values, quoting what RFC 4180 requires', async () => {
    const bytes = await writeCsv(report([areas]))
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 BOM for Excel
    const text = bytes.toString('utf8')
    expect(text).toContain('\r\n')
    expect(text).toContain('"Name, with ""quotes""\nand a line break"')
    const rows: string[][] = parse(bytes, { bom: true, relax_column_count: false })
    expect(rows[0]).toEqual(areas.columns.map((c) => c.label))
    expect(rows).toHaveLength(areas.rows.length + 1)
    rows.slice(1).forEach((line, r) => {
      areas.columns.forEach((c, k) => {
        const v = areas.rows[r][c.key]
        if (v === null) expect(line[k]).toBe('')
        else if (typeof v === 'number') expect(Number(line[k])).toBe(v) // exact: shortest round-trip form
        else expect(line[k]).toBe(v)
      })
    })
  })

  it('writes a zip of one CSV per table for a multi-table report', async () => {
    const zip = await JSZip.loadAsync(await writeCsv(report([areas, ranks])))
    expect(Object.keys(zip.files).sort()).toEqual(['areas.csv', 'gaps.csv'])
    const gaps: string[][] = parse(await zip.file('gaps.csv')!.async('nodebuffer'), { bom: true })
    expect(gaps).toEqual([['排名', '未覆盖人口'], ['1', '420'], ['2', '17']])
  })

  it('can write keys as the header and no BOM (machine-readable files)', () => {
    expect(tableCsv(ranks, { bom: false, keysAsHeader: true })).toBe('rank,target\r\n1,420\r\n2,17\r\n')
  })
})

describe('XLSX writer', () => {
  it('one sheet per table with Chinese headers, numbers as numbers with formats, a frozen header', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await writeXlsx(report([areas, ranks])) as any)
    // Sheet names are the titles, without the characters Excel forbids ([ ] : / become spaces).
    expect(wb.worksheets.map((s) => s.name)).toEqual(['各街道覆盖率', '服务缺口  前 10   幼儿园 托育'])
    const sheet = wb.worksheets[0]
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(sheet.getRow(1).values).toEqual([undefined, ...areas.columns.map((c) => c.label)])
    expect(sheet.getRow(1).font?.bold).toBe(true)
    areas.rows.forEach((row, r) => {
      areas.columns.forEach((c, k) => {
        const cell = sheet.getRow(r + 2).getCell(k + 1)
        const v = row[c.key]
        if (v === null) expect(cell.value).toBeNull()
        else expect(cell.value).toBe(v === '' ? '' : v)
        if (typeof v === 'number') expect(typeof cell.value).toBe('number')
      })
    })
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('#,##0')
    expect(sheet.getRow(2).getCell(4).numFmt).toBe('0.0%')
    expect(sheet.getRow(2).getCell(5).numFmt).toBe('0.0')
    // Widths fit the content: the long English name is wider than the 2-character header.
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(1).width!)
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual('987,654,321'.length)
  })
})

describe('sheet names', () => {
  it('are at most 31 characters and unique in a workbook (Excel compares them case-insensitively)', () => {
    const used = new Set<string>()
    const long = '宁波市各区县幼儿园服务覆盖情况及未覆盖人口统计表（按街道乡镇排列）'
    expect(sheetName(long, used)).toBe(long.slice(0, 31))
    expect(sheetName(long, used)).toBe(`${long.slice(0, 29)}-2`)
    expect(sheetName('Gaps', used)).toBe('Gaps')
    expect(sheetName('gaps', used)).toBe('gaps-2')
  })
})

describe('GeoJSON writer', () => {
  it('one valid FeatureCollection for a one-layer report, properties as numbers', async () => {
    const text = (await writeGeojson(report([], [cellsLayer]))).toString('utf8')
    expect(getIssues(text)).toEqual([])
    const fc = JSON.parse(text)
    expect(fc).toMatchObject({ type: 'FeatureCollection', name: 'cells' })
    expect(fc.features).toHaveLength(7)
    expect(fc.features.map((f: any) => f.properties)).toEqual(cellsLayer.features.map((f) => f.properties))
  })

  it('a zip of one valid FeatureCollection per layer otherwise', async () => {
    const zip = await JSZip.loadAsync(await writeGeojson(report([], [cellsLayer, facilitiesLayer])))
    expect(Object.keys(zip.files).sort()).toEqual(['cells.geojson', 'facilities.geojson'])
    const text = await zip.file('facilities.geojson')!.async('string')
    expect(getIssues(text)).toEqual([])
    expect(JSON.parse(text).features.map((f: any) => f.properties.name)).toEqual(['阳光幼儿园', 'Sunny'])
  })
})

describe('GeoPackage writer', () => {
  // Read back with plain SQLite (sql.js as WebAssembly), independent of the writing library.
  const require = createRequire(import.meta.url)
  const openSqlite = async (bytes: Buffer) => {
    const initSqlJs = require('rtree-sql.js')
    const SQL = await initSqlJs({ wasmBinary: fs.readFileSync(require.resolve('rtree-sql.js/dist/sql-wasm.wasm')) })
    return new SQL.Database(new Uint8Array(bytes))
  }
  const all = (db: any, sql: string) => {
    const r = db.exec(sql)
    return r.length ? r[0].values : []
  }

  it('opens as a GeoPackage with one feature table per layer, counts, sums and text intact', async () => {
    const bytes = await writeGpkg(report([], [cellsLayer, facilitiesLayer]))
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000')
    const db = await openSqlite(bytes)
    expect(all(db, 'PRAGMA application_id')[0][0]).toBe(0x47504b47) // 'GPKG'
    expect(all(db, "SELECT table_name, data_type, srs_id, identifier FROM gpkg_contents ORDER BY table_name")).toEqual([
      ['cells', 'features', 4326, '网格'], ['facilities', 'features', 4326, '设施'],
    ])
    expect(all(db, "SELECT table_name, column_name FROM gpkg_geometry_columns ORDER BY table_name")).toEqual([['cells', 'geometry'], ['facilities', 'geometry']])
    expect(all(db, 'SELECT count(*), sum(population), sum(targetPopulation), sum(minutes), count(minutes) FROM cells')[0]).toEqual([
      7, 7 * 100 + 21, 21 * 1.5, 2.5 * (21 - 3), 6,
    ])
    expect(all(db, "SELECT h3, name, id_ FROM cells ORDER BY rowid LIMIT 1")[0]).toEqual([centre, '中心, "甲"', 'x0'])
    expect(all(db, 'SELECT name, capacity FROM facilities ORDER BY rowid')).toEqual([['阳光幼儿园', 180], ['Sunny', null]])
    // Geometry blobs: GeoPackage header 'GP', version 0, flags with the envelope, SRS 4326.
    const blob: Uint8Array = all(db, 'SELECT geometry FROM facilities ORDER BY rowid LIMIT 1')[0][0]
    expect(String.fromCharCode(blob[0], blob[1])).toBe('GP')
    expect(new DataView(blob.buffer, blob.byteOffset).getInt32(4, (blob[3] & 1) === 1)).toBe(4326)
    db.close()
  })

  it('reads back with the GeoPackage library to the same features', async () => {
    const { GeoPackageAPI } = require('@ngageoint/geopackage')
    const gp = await GeoPackageAPI.open(await writeGpkg(report([], [cellsLayer])))
    const out = [...gp.queryForGeoJSONFeaturesInTable('cells')] as any[]
    gp.close()
    expect(out).toHaveLength(7)
    expect(out.map((f) => f.properties.h3)).toEqual(cellsLayer.features.map((f) => f.properties.h3))
    const ring = out[0].geometry.coordinates[0]
    const expected = (cellsLayer.features[0].geometry as any).coordinates[0]
    expect(ring).toHaveLength(expected.length)
    ring.forEach((p: number[], k: number) => { expect(p[0]).toBeCloseTo(expected[k][0], 9); expect(p[1]).toBeCloseTo(expected[k][1], 9) })
  })
})
