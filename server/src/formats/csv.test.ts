import { describe, expect, it } from 'vitest'
import { detectDelimiter, parseCsv } from './csv'
import { errorOf, fixture } from './test-support'

describe('parseCsv', () => {
  it('reads UTF-8 with BOM: header names clean, values as strings, quoted commas and newlines kept', () => {
    const { records, warnings } = parseCsv(fixture('valid', 'facilities.csv'))
    expect(warnings).toEqual([])
    expect(records).toHaveLength(3) // the trailing ",,,,," row is blank and skipped
    expect(records[0]).toEqual({
      index: 1,
      line: 2,
      properties: { id: 'K01', name: '幼儿园, 东门', type: 'kindergarten', capacity: '270', lng: '121.5512', lat: '29.8741' },
    })
    expect(records[1].properties).toMatchObject({ name: '社区卫生站\n(临时)', capacity: '' })
    expect(records[1].line).toBe(4) // the quoted newline makes row 2 end on line 4
    expect(records[2]).toMatchObject({ index: 3, line: 5, properties: { id: 'K03' } })
  })

  it('detects semicolons (and CRLF line ends)', () => {
    const { records } = parseCsv(fixture('valid', 'facilities-semicolon.csv'))
    expect(records.map((r) => r.properties.name)).toEqual(['Centro de saúde', 'Escola'])
    expect(records[0].properties.capacity).toBe('35')
  })

  it('reads GBK files from Chinese Excel, with a warning', () => {
    const { records, warnings } = parseCsv(fixture('valid', 'facilities-gbk.csv'))
    expect(warnings[0]).toMatch(/GBK\/GB18030/)
    expect(Object.keys(records[0].properties)).toEqual(['编号', '名称', '类型', '规模', '经度', '纬度'])
    expect(records[1].properties).toMatchObject({ 编号: 'G2', 名称: '慈溪市养老院', 经度: '121.2480' })
  })

  it('reads UTF-16 tab-separated "Unicode text" from Excel', () => {
    const body = '\uFEFFid\tname\n1\t宁波\n'
    const bytes = new Uint8Array(Buffer.from(body, 'utf16le'))
    expect(parseCsv(bytes).records).toEqual([{ index: 1, line: 2, properties: { id: '1', name: '宁波' } }])
  })

  it('names a ragged row with its row and line number', async () => {
    const e = await errorOf(() => parseCsv(fixture('invalid', 'facilities-ragged.csv')))
    expect(e.code).toBe('bad_request')
    expect(e.details).toEqual([
      { record: 2, message: 'row 2 (line 3) has 7 fields; the header has 6' },
      { record: 3, message: 'row 3 (line 4) has 5 fields; the header has 6' },
    ])
  })

  it('names empty and duplicate header columns', async () => {
    const e = await errorOf(() => parseCsv(fixture('invalid', 'duplicate-header.csv')))
    expect(e.details).toEqual([
      { field: 'column 3', message: 'header: column 3 has no name' },
      { field: 'id', message: 'header: column name "id" appears twice (columns 1 and 4)' },
    ])
  })

  it('reports an unclosed quote with its line', async () => {
    const e = await errorOf(() => parseCsv('id,name\n1,"open\n2,b\n'))
    expect(e.details[0].message).toMatch(/^line 3: Quote Not Closed/)
  })

  it('rejects an empty or whitespace-only file, and enforces maxRecords', async () => {
    expect((await errorOf(() => parseCsv('\n \n'))).message).toBe('file is empty')
    expect((await errorOf(() => parseCsv(fixture('valid', 'facilities.csv'), { maxRecords: 2 }))).message).toBe('file has more than 2 rows; the limit is 2')
  })

  it('passes domain faults through untouched for the importer to name', () => {
    const missing = parseCsv(fixture('invalid', 'facilities-missing-lng.csv')).records
    expect(Object.keys(missing[0].properties)).not.toContain('lng')
    expect(parseCsv(fixture('invalid', 'facilities-bad-capacity.csv')).records[1].properties.capacity).toBe('约三百')
    expect(parseCsv(fixture('invalid', 'facilities-duplicate-ids.csv')).records.map((r) => r.properties.id)).toEqual(['D1', 'D2', 'D1'])
  })
})

describe('detectDelimiter', () => {
  it('picks the separator that splits the lines consistently, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n')).toBe(';')
    expect(detectDelimiter('a\tb\n"x,y,z"\t2\n')).toBe('\t')
    expect(detectDelimiter('name,note\n"a;b;c",d\n')).toBe(',')
    expect(detectDelimiter('single\n1\n')).toBe(',')
  })
})
