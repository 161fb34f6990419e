/**
 * Zipped ESRI Shapefiles, as county planning bureaus hand them on: one layer (.shp + .dbf, with
 * .prj and .cpg where present) read with `shpjs`. Attributes are decoded by the .cpg, else by the
 * .dbf's language-driver byte (0x4D/0x7A = GBK, common in Chinese files), else as UTF-8. A .prj
 * in a projected CRS (e.g. CGCS2000 / 3-degree Gauss–Krüger) is reprojected to WGS84 by proj4; a
 * geographic CGCS2000 .prj is taken as WGS84 (they differ by centimetres).
 */
import { iter } from 'but-unzip'
import proj4 from 'proj4'
import { fileFault } from './issues'
import { hasEndOfCentralDirectory, readZipEntries } from './unpack'
import type { RawRecord } from './types'

/** Language-driver ids of the .dbf header (byte 29) that mean GBK / code page 936. */
const GBK_LDIDS = new Set([0x4d, 0x7a])

/** True when a zip archive's directory lists a .shp file. */
export function zipHasShapefile(bytes: Uint8Array): boolean {
  if (!hasEndOfCentralDirectory(bytes)) return false
  try {
    for (const e of iter(bytes)) if (/\.shp$/i.test(e.filename) && !e.filename.includes('__MACOSX')) return true
  } catch {
    return false
  }
  return false
}

export interface ShapefileContent {
  records: RawRecord[]
  warnings: string[]
  /** How the coordinates were read: `wgs84` (geographic .prj or none) or the projected CRS's name. */
  crs: string
  encoding: string
}

/** Reads the one layer of a zipped Shapefile into records (properties + WGS84 geometry). */
export async function parseShapefileZip(bytes: Uint8Array, opts: { maxRecords?: number; maxUnzippedBytes?: number } = {}): Promise<ShapefileContent> {
  // The layer's files together unpack to at most maxUnzippedBytes (a zip bomb stops there, not in memory).
  const files = await readZipEntries(bytes, (name) => !name.includes('__MACOSX') && /\.(shp|dbf|prj|cpg|shx)$/i.test(name), opts.maxUnzippedBytes)
  const layers = [...files.keys()].filter((f) => /\.shp$/i.test(f)).map((f) => f.slice(0, -4))
  if (layers.length === 0) throw fileFault('the zip archive holds no .shp file')
  if (layers.length > 1) throw fileFault(`the zip archive holds ${layers.length} Shapefile layers (${layers.join(', ')}); send one layer per file`)
  const base = layers[0]
  const part = (ext: string) => files.get([...files.keys()].find((k) => k.toLowerCase() === `${base}.${ext}`.toLowerCase()) ?? '')
  const shpBytes = part('shp')!
  const dbf = part('dbf')
  if (!dbf) throw fileFault(`${base}.dbf is missing from the zip archive: a Shapefile needs its attribute table`)
  const warnings: string[] = []
  const cpg = part('cpg') ? new TextDecoder().decode(part('cpg')).trim() : undefined
  let encoding = cpg ?? (GBK_LDIDS.has(dbf[29]) ? 'gbk' : 'utf-8')
  try {
    new TextDecoder(encoding)
  } catch {
    warnings.push(`${base}.cpg names an unknown encoding "${encoding}"; attributes read as UTF-8`)
    encoding = 'utf-8'
  }
  const prjText = part('prj') ? new TextDecoder().decode(part('prj')).trim() : undefined
  let crs = 'wgs84'
  if (!prjText) warnings.push(`${base}.prj is missing: coordinates taken as WGS84 longitude/latitude`)
  else {
    try {
      proj4(prjText)
    } catch (e) {
      throw fileFault(`${base}.prj cannot be read as a coordinate reference system (${(e as Error).message})`)
    }
    if (/^\s*PROJCS/i.test(prjText)) crs = /PROJCS\s*\[\s*"([^"]+)"/i.exec(prjText)?.[1] ?? 'projected'
    else if (/2000|CGCS/i.test(prjText)) warnings.push(`${base}.prj is CGCS2000 (geographic): taken as WGS84 (they differ by a few centimetres)`)
  }
  let fc: { features: { geometry: any; properties: Record<string, unknown> }[] }
  try {
    const { default: shp } = await import('shpjs') // on first use: not at every server start
    fc = (await shp({ shp: shpBytes, dbf, cpg: encoding, prj: crs === 'wgs84' ? undefined : prjText } as any)) as any
  } catch (e) {
    throw fileFault(`${base}.shp cannot be read (${(e as Error).message})`)
  }
  if (opts.maxRecords !== undefined && fc.features.length > opts.maxRecords) throw fileFault(`file has more than ${opts.maxRecords} records; the limit is ${opts.maxRecords}`)
  const records: RawRecord[] = fc.features.map((f, i) => ({ index: i + 1, properties: f.properties ?? {}, geometry: f.geometry ?? null }))
  return { records, warnings, crs, encoding }
}
