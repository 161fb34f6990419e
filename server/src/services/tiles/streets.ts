import zlib from 'node:zlib'
import type { StreetTileJson } from '../../contract/responses'
import type { StreetSegment } from '../../formats/types'
import type { Database } from '../../db/database'
import { loadStreetSegments } from '../../db/streets'
import type { AnalysisInputs } from '../analysis/inputs'
import { EXTENT, TileLayerWriter, encodeTile, mercatorX, mercatorY, tileBounds } from './mvt'

/** Street classes drawn on the base map, from OSM `highway` (0 = major … 2 = paths). */
const MAJOR = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link'])
const MINOR = new Set(['tertiary', 'tertiary_link', 'residential', 'unclassified', 'living_street', 'road'])
export function streetClass(highway: string | undefined): number {
  if (highway && MAJOR.has(highway)) return 0
  if (highway && MINOR.has(highway)) return 1
  return 2
}
/** Below this zoom only major streets are drawn; below STREETS_MIN_ZOOM none. */
export const STREETS_MIN_ZOOM = 10
export const STREETS_ALL_ZOOM = 13
export const STREETS_MAX_ZOOM = 14
const BUCKET_DEG = 0.01

/**
 * The loaded street network as vector tiles (layer `streets`, property `k` = class), so that the
 * base map shows streets wherever a network was imported. Segments are bucketed once per
 * network version (each into every 0.01° bucket its bounding box touches).
 */
export class StreetIndex {
  private readonly buckets = new Map<number, number[]>()
  private readonly cls: Uint8Array
  readonly bounds: [number, number, number, number]

  constructor(private readonly segments: StreetSegment[]) {
    this.cls = Uint8Array.from(segments, (s) => streetClass(s.tags.highway))
    let W = 180, S = 90, E = -180, N = -90
    segments.forEach((seg, i) => {
      let w = 180, s = 90, e = -180, n = -90
      for (const [x, y] of seg.coords) {
        w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y)
      }
      W = Math.min(W, w); E = Math.max(E, e); S = Math.min(S, s); N = Math.max(N, n)
      for (let bx = Math.floor(w / BUCKET_DEG); bx <= Math.floor(e / BUCKET_DEG); bx++) {
        for (let by = Math.floor(s / BUCKET_DEG); by <= Math.floor(n / BUCKET_DEG); by++) {
          const key = bx * 100_000 + by
          const list = this.buckets.get(key)
          if (list) list.push(i)
          else this.buckets.set(key, [i])
        }
      }
    })
    this.bounds = segments.length ? [W, S, E, N] : [-180, -85, 180, 85]
  }

  get count() {
    return this.segments.length
  }

  /** Tile z/x/y, gzip-compressed (an empty tile where there are no streets). */
  tile(z: number, x: number, y: number): Buffer {
    const layer = new TileLayerWriter('streets', ['k'])
    if (z >= STREETS_MIN_ZOOM) {
      const [w, s, e, n] = tileBounds(z, x, y)
      const maxClass = z >= STREETS_ALL_ZOOM ? 2 : z >= 12 ? 1 : 0
      const scale = 2 ** z * EXTENT
      const seen = new Set<number>()
      const line = new Int32Array(2 * 4096)
      for (let bx = Math.floor(w / BUCKET_DEG); bx <= Math.floor(e / BUCKET_DEG); bx++) {
        for (let by = Math.floor(s / BUCKET_DEG); by <= Math.floor(n / BUCKET_DEG); by++) {
          for (const i of this.buckets.get(bx * 100_000 + by) ?? []) {
            if (seen.has(i) || this.cls[i] > maxClass) continue
            seen.add(i)
            let count = 0
            for (const [lng, lat] of this.segments[i].coords) {
              if (count === 4096) break
              const px = Math.round(mercatorX(lng) * scale - x * EXTENT)
              const py = Math.round(mercatorY(lat) * scale - y * EXTENT)
              if (count && line[2 * count - 2] === px && line[2 * count - 1] === py) continue
              line[2 * count] = px
              line[2 * count + 1] = py
              count++
            }
            if (count >= 2) layer.addLine(i, line, count, [this.cls[i]])
          }
        }
      }
    }
    return zlib.gzipSync(encodeTile([layer]))
  }
}

/** `GET /api/tiles/streets.json`: whether a network is loaded, and its tile URL (versioned). */

/** Street tiles of the stored network, rebuilt when the roads change (data_versions). */
export class StreetTiles {
  private cache?: { key: string; value: Promise<StreetIndex> }
  private tiles = new Map<string, Buffer>()

  constructor(
    private readonly version: () => Promise<string>,
    private readonly load: () => Promise<StreetSegment[]>,
  ) {}

  private async index(): Promise<{ key: string; index: StreetIndex }> {
    const key = await this.version()
    if (this.cache?.key !== key) {
      const value = this.load().then((segments) => new StreetIndex(segments))
      value.catch(() => (this.cache = undefined))
      this.cache = { key, value }
      this.tiles.clear()
    }
    return { key, index: await this.cache.value }
  }

  async tileJson(): Promise<StreetTileJson> {
    const { key, index } = await this.index()
    return {
      available: index.count > 0,
      segments: index.count,
      tiles: [`/api/tiles/streets/{z}/{x}/{y}.pbf?v=${key}`],
      minzoom: STREETS_MIN_ZOOM,
      maxzoom: STREETS_MAX_ZOOM,
      bounds: index.bounds,
    }
  }

  async tile(z: number, x: number, y: number): Promise<{ gzip: Buffer; key: string }> {
    const { key, index } = await this.index()
    const id = `${key}|${z}/${x}/${y}`
    let gzip = this.tiles.get(id)
    if (!gzip) {
      gzip = index.tile(z, x, y)
      if (this.tiles.size > 2000) this.tiles.clear()
      this.tiles.set(id, gzip)
    }
    return { gzip, key }
  }
}

/** Street tiles of a database's stored network, rebuilt when its roads' data version changes. */
export function storedStreetTiles(db: Database, inputs: Pick<AnalysisInputs, 'versions'>): StreetTiles {
  return new StreetTiles(async () => `r${(await inputs.versions()).roads}`, () => loadStreetSegments(db))
}
