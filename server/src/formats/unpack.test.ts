import zlib from 'node:zlib'
import JSZip from 'jszip'
import { writeArrayBuffer } from 'geotiff'
import { PbfWriter } from 'pbf'
import { describe, expect, it } from 'vitest'
import { detectFile, detectFormat } from './detect'
import { parseFile } from '.'
import { readPopulationSamples } from './geotiff'
import { parseOsmPbf } from './osm-pbf'
import { errorOf } from './test-support'
import { zipHasShapefile } from './shapefile'
import { checkZipUnpackedSize, gunzipBounded, hasEndOfCentralDirectory, readZipEntries } from './unpack'
import { fixture } from './test-support'

const MB = 1024 * 1024
const zeros = (n: number) => new Uint8Array(n)

/** A zip whose entries are `sizes` bytes of zeros each, deflated. */
async function zipOf(entries: Record<string, number>): Promise<Uint8Array> {
  const z = new JSZip()
  for (const [name, size] of Object.entries(entries)) z.file(name, zeros(size))
  return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } })
}

/** One OSM PBF blob: BlobHeader length, BlobHeader { type, datasize }, Blob { raw_size, zlib_data }. */
function pbfBlob(type: string, content: Uint8Array): Uint8Array {
  const blob = new PbfWriter()
  blob.writeVarintField(2, content.length)
  blob.writeBytesField(3, zlib.deflateSync(content))
  const blobBytes = blob.finish()
  const header = new PbfWriter()
  header.writeStringField(1, type)
  header.writeVarintField(3, blobBytes.length)
  const headerBytes = header.finish()
  const out = new Uint8Array(4 + headerBytes.length + blobBytes.length)
  new DataView(out.buffer).setUint32(0, headerBytes.length)
  out.set(headerBytes, 4)
  out.set(blobBytes, 4 + headerBytes.length)
  return out
}

describe('bounded unpacking (IMPORT_MAX_UNZIPPED_MB)', () => {
  it('gunzip: the whole content within the limit, a 413 naming the setting beyond it', async () => {
    const gz = zlib.gzipSync(zeros(3 * MB))
    expect((await gunzipBounded(gz, 3 * MB)).length).toBe(3 * MB)
    const e = await errorOf(() => gunzipBounded(gz, 3 * MB - 1))
    expect(e.status).toBe(413)
    expect(e.message).toMatch(/unpacks to more than 3 MB \(the limit is the setting IMPORT_MAX_UNZIPPED_MB\)/)
    // Truncated gzip stays a 400 with the old message.
    const cut = await errorOf(() => gunzipBounded(gz.subarray(0, gz.length - 20), 10 * MB))
    expect(cut.status).toBe(400)
    expect(cut.message).toMatch(/gzip data is truncated or corrupt/)
  })

  it('detectFile and detectFormat apply the limit to .gz uploads, sync and async alike', async () => {
    const gz = zlib.gzipSync(Buffer.concat([Buffer.from('id,name\n'), Buffer.alloc(2 * MB, 'a')]))
    expect((await errorOf(() => detectFile(gz, { fileName: 'x.csv.gz', maxUnpackedBytes: MB }))).status).toBe(413)
    expect((await errorOf(() => detectFormat(gz, { fileName: 'x.csv.gz', maxUnpackedBytes: MB }))).status).toBe(413)
    expect((await detectFile(gz, { fileName: 'x.csv.gz', maxUnpackedBytes: 3 * MB })).format).toBe('csv')
  })

  it('zip: the entries read share one budget (two of 600 KB pass 1.2 MB, fail 1 MB)', async () => {
    const zip = await zipOf({ 'a.shp': 600 * 1024, 'a.dbf': 600 * 1024 })
    const all = await readZipEntries(zip, () => true, 1200 * 1024)
    expect([...all.values()].map((v) => v.length)).toEqual([600 * 1024, 600 * 1024])
    const e = await errorOf(() => readZipEntries(zip, () => true, MB))
    expect(e.status).toBe(413)
    expect(e.message).toMatch(/the zip archive unpacks to more than 1 MB/)
    // Entries not asked for are never unpacked, so they do not count.
    expect((await readZipEntries(zip, (n) => n.endsWith('.shp'), MB)).size).toBe(1)
  })

  it('a truncated zip is a 400, not an endless search for its directory (but-unzip alone never returns)', async () => {
    const xlsx = fixture('valid', 'facilities.xlsx')
    expect(hasEndOfCentralDirectory(xlsx)).toBe(true)
    for (const cut of [xlsx.subarray(0, xlsx.length >> 1), xlsx.subarray(0, 14), fixture('invalid', 'facilities-truncated.xlsx')]) {
      expect(hasEndOfCentralDirectory(cut)).toBe(false)
      expect(zipHasShapefile(cut)).toBe(false)
      const e = await errorOf(() => readZipEntries(cut, () => true))
      expect(e.status).toBe(400)
      expect(e.message).toMatch(/truncated or corrupt/)
    }
  })

  it('an XLSX whose sheet unpacks beyond the limit is refused before exceljs reads it', async () => {
    const zip = await zipOf({ '[Content_Types].xml': 100, 'xl/worksheets/sheet1.xml': 4 * MB })
    expect(zip.length).toBeLessThan(64 * 1024)
    await expect(checkZipUnpackedSize(zip, 4 * MB + 100)).resolves.toBeUndefined()
    const e = await errorOf(() => parseFile(zip, { fileName: 'bomb.xlsx', expect: 'table', maxUnpackedBytes: 2 * MB }))
    expect(e.status).toBe(413)
  })

  it('a zipped Shapefile bomb is a 413 through parseFile', async () => {
    const zip = await zipOf({ 'layer.shp': 3 * MB, 'layer.dbf': 100 })
    const e = await errorOf(() => parseFile(zip, { fileName: 'layer.zip', expect: 'features', maxUnpackedBytes: 2 * MB }))
    expect(e.status).toBe(413)
    expect(e.message).toMatch(/IMPORT_MAX_UNZIPPED_MB/)
  })

  it('OSM PBF: blobs count against the limit together', () => {
    const data = pbfBlob('OSMData', zeros(700 * 1024))
    const file = new Uint8Array([...data, ...data])
    // Each blob decodes (zeros are an empty PrimitiveBlock); two of 700 KB exceed 1 MB.
    expect(parseOsmPbf(data, { maxUnpackedBytes: MB }).segments).toEqual([])
    let err: { status?: number; message: string } | null = null
    try {
      parseOsmPbf(file, { maxUnpackedBytes: MB })
    } catch (e) {
      err = e as { status: number; message: string }
    }
    expect(err?.status).toBe(413)
    expect(err?.message).toMatch(/OSM PBF/)
  })

  it('GeoTIFF: a band larger than the limit once decoded is refused before it is allocated', async () => {
    const meta = { GTModelTypeGeoKey: 2, GTRasterTypeGeoKey: 1, GeographicTypeGeoKey: 4326, ModelPixelScale: [0.01, 0.01, 0], ModelTiepoint: [0, 0, 0, 121.5, 29.91, 0] }
    const tif = new Uint8Array(writeArrayBuffer(new Float32Array(100 * 100).fill(1), { width: 100, height: 100, BitsPerSample: [32], SampleFormat: [3], ...meta }))
    expect((await readPopulationSamples(tif, { samplesPerSide: 1, maxUnpackedBytes: 40_000 })).lng.length).toBe(10_000)
    const e = await errorOf(() => readPopulationSamples(tif, { samplesPerSide: 1, maxUnpackedBytes: 39_999 }))
    expect(e.status).toBe(413)
    expect(e.message).toMatch(/100 × 100 pixels/)
  })
})
