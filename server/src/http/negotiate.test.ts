import express from 'express'
import { describe, expect, it } from 'vitest'
import { contentDisposition, negotiateFormat, writeData } from './negotiate'

/** A request with these query parameters and Accept header, as Express builds it. */
const request = (query: Record<string, string>, accept?: string) => {
  const req = Object.create(express.request)
  Object.defineProperty(req, 'query', { value: query }) // Express 5 defines `query` as a getter
  req.headers = accept ? { accept } : {}
  return req
}

describe('negotiateFormat', () => {
  const offered = ['json', 'csv', 'xlsx', 'geojson', 'gpkg'] as const

  it('format= wins over the Accept header; without either, the first offered', () => {
    expect(negotiateFormat(request({ format: 'gpkg' }, 'text/csv'), offered)).toBe('gpkg')
    expect(negotiateFormat(request({ format: 'CSV' }), offered)).toBe('csv')
    expect(negotiateFormat(request({}), offered)).toBe('json')
    expect(negotiateFormat(request({}, '*/*'), offered)).toBe('json')
  })

  it('reads the Accept header by media type and quality', () => {
    expect(negotiateFormat(request({}, 'application/geopackage+sqlite3'), offered)).toBe('gpkg')
    expect(negotiateFormat(request({}, 'application/geo+json, text/csv;q=0.5'), offered)).toBe('geojson')
    expect(negotiateFormat(request({}, 'text/csv;q=0.9, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), offered)).toBe('xlsx')
    expect(negotiateFormat(request({}, 'image/png'), offered)).toBe('json') // nothing matches: the default
  })

  it('a format= not offered is a 400 naming the offered ones', () => {
    expect(() => negotiateFormat(request({ format: 'pdf' }), ['json', 'csv'])).toThrow(expect.objectContaining({ status: 400, details: [{ field: 'format', message: 'one of json, csv' }] }))
  })
})

describe('writeData and the download headers', () => {
  const table = { id: 't', title: '表', columns: [{ key: 'a', label: 'A', kind: 'integer' as const }], rows: [{ a: 1 }] }
  it('names the file after the report; several CSV tables come as a zip', async () => {
    const one = await writeData({ name: 'coverage-D1-kindergarten-zh', language: 'zh', tables: [table], layers: [] }, 'csv')
    expect([one.contentType, one.fileName]).toEqual(['text/csv; charset=utf-8', 'coverage-D1-kindergarten-zh.csv'])
    const two = await writeData({ name: 'r', language: 'zh', tables: [table, { ...table, id: 'u' }], layers: [] }, 'csv')
    expect([two.contentType, two.fileName, two.body.subarray(0, 2).toString('latin1')]).toEqual(['application/zip', 'r-csv.zip', 'PK'])
  })

  it('content-disposition keeps non-ASCII names in the RFC 5987 form', () => {
    expect(contentDisposition('报告 "1".pdf')).toBe(`attachment; filename="__ _1_.pdf"; filename*=UTF-8''${encodeURIComponent('报告 "1".pdf')}`)
  })
})
