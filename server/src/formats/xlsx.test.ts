import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { errorOf, fixture } from './test-support'
import { columnLetter, parseXlsx } from './xlsx'

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('data')
  for (const row of rows) ws.addRow(row)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

describe('parseXlsx', () => {
  it('reads the first sheet: numbers stay numbers, formulas give results, dates become ISO, blank rows skipped', async () => {
    const { records, warnings } = await parseXlsx(fixture('valid', 'facilities.xlsx'))
    expect(warnings).toEqual(['workbook has 2 worksheets; read the first, "设施"'])
    expect(records).toEqual([
      {
        index: 1,
        line: 2,
        properties: { id: 'X1', name: '东门幼儿园', type: 'kindergarten', capacity: 270, lng: 121.5512, lat: 29.8741, opened: '2021-09-01', places: 9 },
      },
      {
        index: 2,
        line: 4,
        properties: { id: 'X2', name: '东湖小学', type: 'primary_school', capacity: 1080, lng: 121.5603, lat: 29.8702, opened: '2019-03-15T08:30:00', places: 24 },
      },
    ])
  })

  it('reads a named sheet and names the sheets when it is missing', async () => {
    const { records } = await parseXlsx(fixture('valid', 'facilities.xlsx'), { sheet: '说明' })
    expect(records).toEqual([])
    const e = await errorOf(() => parseXlsx(fixture('valid', 'facilities.xlsx'), { sheet: 'Sheet1' }))
    expect(e.message).toBe('workbook has no worksheet "Sheet1" (it has "设施", "说明")')
  })

  it('names the row, cell and field of an Excel error value', async () => {
    const e = await errorOf(() => parseXlsx(fixture('invalid', 'facilities-bad-row.xlsx')))
    expect(e.details).toEqual([{ record: 2, field: 'capacity', message: 'row 2 (sheet row 4): cell D4 (capacity) contains the error #DIV/0!' }])
  })

  it('rejects a formula never calculated, a value under no header and duplicate headers', async () => {
    const uncalculated = await workbook([['id', 'n'], ['a', { formula: 'A1*2' }]])
    expect((await errorOf(() => parseXlsx(uncalculated))).details[0]).toMatchObject({ record: 1, field: 'n', message: expect.stringMatching(/never calculated/) })
    const orphan = await workbook([['id', null, 'x'], ['a', 5, 1]])
    expect((await errorOf(() => parseXlsx(orphan))).details[0]).toEqual({ field: 'column B', message: 'header: cell B1 is empty but its column holds data' })
    const dup = await workbook([['id', 'id'], [1, 2]])
    expect((await errorOf(() => parseXlsx(dup))).details[0].message).toBe('header: column name "id" appears twice (cells A1 and B1)')
  })

  it('rejects an empty sheet, a non-workbook zip, and too many rows', async () => {
    expect((await errorOf(async () => parseXlsx(await workbook([]))))).toMatchObject({ message: 'worksheet "data" is empty' })
    expect((await errorOf(() => parseXlsx(new Uint8Array([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]))))).toMatchObject({ message: 'workbook has no worksheet' })
    const truncated = fixture('valid', 'facilities.xlsx').subarray(0, 3000)
    expect((await errorOf(() => parseXlsx(truncated))).message).toMatch(/^file is not a readable XLSX workbook/)
    expect((await errorOf(() => parseXlsx(fixture('valid', 'facilities.xlsx'), { maxRecords: 1 }))).message).toBe('file has more than 1 rows; the limit is 1')
  })

  it('letters columns as Excel does', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA'])
  })
})
