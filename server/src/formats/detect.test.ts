import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { detectFormat } from './detect'
import { errorOf, fixture } from './test-support'

const text = (s: string) => new TextEncoder().encode(s)

describe('detectFormat', () => {
  it('recognises each format by its content, whatever the name', async () => {
    expect(detectFormat(text(' \n{"type":"FeatureCollection","features":[]}')).format).toBe('geojson')
    expect(detectFormat(text('id,lng,lat\n1,121.5,29.9\n')).format).toBe('csv')
    expect(detectFormat(fixture('valid', 'facilities.xlsx')).format).toBe('xlsx')
    expect(detectFormat(fixture('valid', 'streets-grid.osm')).format).toBe('osm-xml')
    expect(detectFormat(fixture('valid', 'streets-grid.osm.pbf')).format).toBe('osm-pbf')
    expect(detectFormat(new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0])).format).toBe('geotiff')
    expect(detectFormat(new Uint8Array([0x4d, 0x4d, 0, 42, 0, 0, 0, 8])).format).toBe('geotiff')
  })

  it('decompresses gzip transparently for any format and reports it', () => {
    const csv = 'id,lng,lat\n1,121.5,29.9\n'
    const d = detectFormat(gzipSync(csv), { fileName: 'schools.csv.gz' })
    expect(d).toMatchObject({ format: 'csv', gzip: true })
    expect(new TextDecoder().decode(d.bytes)).toBe(csv)
    expect(detectFormat(gzipSync(fixture('valid', 'streets-grid.osm')), { fileName: 'x.osm.gz' }).format).toBe('osm-xml')
    expect(detectFormat(gzipSync('{"type":"Point","coordinates":[1,2]}'), { fileName: 'a.geojson.gz' }).format).toBe('geojson')
  })

  it('says "file is empty" for 0 bytes, and for a gzip of nothing', async () => {
    const e = await errorOf(() => detectFormat(fixture('invalid', 'empty.geojson'), { fileName: 'empty.geojson' }))
    expect(e.status).toBe(400)
    expect(e.message).toBe('file is empty')
    expect(e.details).toEqual([{ message: 'file is empty' }])
    expect((await errorOf(() => detectFormat(gzipSync('')))).message).toMatch(/empty \(after gzip/)
  })

  it('rejects a truncated gzip stream', async () => {
    const e = await errorOf(() => detectFormat(fixture('invalid', 'streets-truncated.osm.gz'), { fileName: 'streets-truncated.osm.gz' }))
    expect(e.code).toBe('bad_request')
    expect(e.message).toMatch(/^gzip data is truncated or corrupt/)
  })

  it('rejects a text file named .pbf, naming both the declared and the actual type', async () => {
    const e = await errorOf(() => detectFormat(fixture('invalid', 'not-osm.pbf'), { fileName: 'not-osm.pbf' }))
    expect(e.message).toBe('file name ".pbf" says OSM PBF but the content is plain text')
  })

  it('rejects other contradictions between name or content type and content', async () => {
    const xlsx = fixture('valid', 'facilities.xlsx')
    expect((await errorOf(() => detectFormat(xlsx, { fileName: 'facilities.csv' }))).message).toBe('file name ".csv" says CSV but the content is XLSX')
    expect((await errorOf(() => detectFormat(text('a,b\n1,2\n'), { contentType: 'application/geo+json; charset=utf-8' }))).message)
      .toBe('content type application/geo+json says GeoJSON but the content is plain text')
    expect((await errorOf(() => detectFormat(text('a,b\n'), { fileName: 'a.csv.gz' }))).message).toMatch(/ends in \.gz but the content is not gzip/)
  })

  it('ignores content types that browsers send for anything', () => {
    expect(detectFormat(text('a,b\n1,2\n'), { contentType: 'application/vnd.ms-excel' }).format).toBe('csv')
    expect(detectFormat(text('a,b\n1,2\n'), { contentType: 'application/octet-stream' }).format).toBe('csv')
  })

  it('names unsupported binary and XML formats', async () => {
    expect((await errorOf(() => detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).message).toMatch(/legacy Excel \.xls/)
    expect((await errorOf(() => detectFormat(new Uint8Array([0, 0, 0x27, 0x0a, 0, 0, 0, 0, 1, 2, 0, 3, 4, 5, 6, 7, 8])))).message).toMatch(/not in a supported format/)
    expect((await errorOf(() => detectFormat(text('<?xml version="1.0"?>\n<gpx version="1.1"></gpx>')))).message).toMatch(/not OSM XML/)
  })
})
