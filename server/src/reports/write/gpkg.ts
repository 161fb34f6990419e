/**
 * GeoPackage writer (OGC 12-128r18, via @ngageoint/geopackage): one feature table per layer
 * (table name = layer id), geometries in EPSG:4326, one column per property with its SQLite type
 * (INTEGER when every value is a whole number, REAL for other numbers, TEXT otherwise). The
 * library's own `id` primary key and `geometry` column are reserved: properties of those names are
 * written as `id_` / `geometry_`.
 *
 * Node 20 note: the library runs SQLite as WebAssembly (rtree-sql.js, a sql.js build with R*Tree).
 * Its loader sees Node's global `fetch` and tries to fetch the .wasm file by a relative URL, which
 * fails; so we read the .wasm bytes ourselves and hand them over before the first use. The optional
 * native better-sqlite3 backend is not used (it needs a compiler or a downloaded binary).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { ReportData, ReportLayer } from '../tables'

const require = createRequire(import.meta.url)

type GeoPackageModule = typeof import('@ngageoint/geopackage')
let ready: Promise<GeoPackageModule> | null = null

/** Loads the library once, with its SQLite WebAssembly initialised from the package's bytes. */
function geopackage(): Promise<GeoPackageModule> {
  ready ??= (async () => {
    // The library reports on the console, at load, that the optional native backend is absent.
    const error = console.error
    let mod: GeoPackageModule
    console.error = () => {}
    try {
      mod = require('@ngageoint/geopackage') as GeoPackageModule
    } finally {
      console.error = error
    }
    const initSqlJs = require('rtree-sql.js') as (config: { wasmBinary: Uint8Array }) => Promise<unknown>
    const wasmBinary = fs.readFileSync(require.resolve('rtree-sql.js/dist/sql-wasm.wasm'))
    ;(mod.SqljsAdapter as unknown as { SQL: unknown }).SQL = await initSqlJs({ wasmBinary })
    mod.Context.setupCustomContext(mod.SqljsAdapter, mod.CanvasKitCanvasAdapter)
    return mod
  })()
  ready.catch(() => (ready = null))
  return ready
}

const RESERVED = new Set(['id', 'geometry'])
/** The column a property is written to. */
export const gpkgColumnName = (key: string) => (RESERVED.has(key.toLowerCase()) ? `${key}_` : key)

/** Columns of a layer in order of first appearance, each with the SQLite type its values need. */
export function layerColumns(layer: ReportLayer): { key: string; name: string; dataType: 'INTEGER' | 'REAL' | 'TEXT' }[] {
  const kinds = new Map<string, { text: boolean; real: boolean }>()
  for (const f of layer.features) {
    for (const [key, v] of Object.entries(f.properties ?? {})) {
      let k = kinds.get(key)
      if (!k) kinds.set(key, (k = { text: false, real: false }))
      if (typeof v === 'string') k.text = true
      else if (typeof v === 'number' && !Number.isInteger(v)) k.real = true
    }
  }
  return [...kinds].map(([key, k]) => ({ key, name: gpkgColumnName(key), dataType: k.text ? 'TEXT' : k.real ? 'REAL' : 'INTEGER' }))
}

/**
 * A report's layers as one GeoPackage file.
 * @example const bytes = await writeGpkg(data) // SELECT count(*) FROM cells  ↔  data.layers[0].features.length
 */
export async function writeGpkg(data: ReportData): Promise<Buffer> {
  const { GeoPackageAPI } = await geopackage()
  const gp = await GeoPackageAPI.create()
  try {
    for (const layer of data.layers) {
      const columns = layerColumns(layer)
      gp.createFeatureTableFromProperties(layer.id, columns.map((c) => ({ name: c.name, dataType: c.dataType })))
      const features = layer.features.map((f) => {
        const properties: Record<string, string | number | null> = {}
        for (const c of columns) {
          const v = f.properties?.[c.key] ?? null
          properties[c.name] = v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : c.dataType === 'TEXT' ? String(v) : v
        }
        return { type: 'Feature' as const, properties, geometry: f.geometry }
      })
      await gp.addGeoJSONFeaturesToGeoPackage(features, layer.id, true)
      // The layer's title (in the report's language) is what GIS software lists the table by.
      const contents = gp.contentsDao.queryForId(layer.id)
      if (contents) {
        contents.identifier = layer.title
        contents.description = `${data.name}: ${layer.title}`
        gp.contentsDao.update(contents)
      }
    }
    return Buffer.from(await gp.export())
  } finally {
    gp.close()
  }
}
