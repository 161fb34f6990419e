import * as h3 from 'h3-js'
import { fromVectorTileJs, type VectorTileFeatureLike, type VectorTileLayerLike } from '@maplibre/vt-pbf'

/** Tile coordinate range of the encoded geometry (the MVT default). */
export const EXTENT = 4096

type TilePoint = ReturnType<VectorTileFeatureLike['loadGeometry']>[number][number]
type Properties = Record<string, number | string | boolean>

/** One feature as it is written: a polygon ring (or line) in tile coordinates. */
export interface TileFeature {
  id: number
  type: 2 | 3
  rings: { x: number; y: number }[][]
  properties: Properties
}

/** Web-Mercator tile bounds in degrees: [west, south, east, north]. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const lng = (xx: number) => (xx / n) * 360 - 180
  const lat = (yy: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * yy) / n))) * 180) / Math.PI
  return [lng(x), lat(y + 1), lng(x + 1), lat(y)]
}

/** Projects WGS84 lng/lat to integer coordinates of tile z/x/y (0…EXTENT inside the tile). */
export function projector(z: number, x: number, y: number): (lng: number, lat: number) => { x: number; y: number } {
  const n = 2 ** z
  return (lng, lat) => {
    const s = Math.sin((lat * Math.PI) / 180)
    const px = ((lng + 180) / 360) * n - x
    const py = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n - y
    return { x: Math.round(px * EXTENT), y: Math.round(py * EXTENT) }
  }
}

/**
 * An H3 cell's hexagon in tile coordinates, as a closed ring with positive area in tile space
 * (y down), i.e. an MVT exterior ring. Consecutive duplicate points (tiny cells) are dropped;
 * null when fewer than three distinct points remain.
 */
export function cellRing(cell: string, project: (lng: number, lat: number) => { x: number; y: number }): { x: number; y: number }[] | null {
  const ring: { x: number; y: number }[] = []
  for (const [lat, lng] of h3.cellToBoundary(cell)) {
    const p = project(lng, lat)
    const last = ring[ring.length - 1]
    if (!last || last.x !== p.x || last.y !== p.y) ring.push(p)
  }
  if (ring.length > 1 && ring[0].x === ring[ring.length - 1].x && ring[0].y === ring[ring.length - 1].y) ring.pop()
  if (ring.length < 3) return null
  let area = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) area += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y)
  if (area < 0) ring.reverse()
  ring.push({ ...ring[0] })
  return ring
}

class Layer implements VectorTileLayerLike {
  readonly version = 2
  readonly extent = EXTENT
  constructor(
    readonly name: string,
    private readonly features: TileFeature[],
  ) {}
  get length() {
    return this.features.length
  }
  feature(i: number): VectorTileFeatureLike {
    const f = this.features[i]
    return {
      type: f.type,
      id: f.id,
      extent: EXTENT,
      properties: f.properties,
      loadGeometry: () => f.rings as TilePoint[][],
    }
  }
}

/** Encodes named layers of features as one Mapbox Vector Tile (protobuf, uncompressed). */
export function encodeTile(layers: Record<string, TileFeature[]>): Uint8Array {
  const tile = { layers: Object.fromEntries(Object.entries(layers).map(([name, fs]) => [name, new Layer(name, fs)])) }
  return fromVectorTileJs(tile)
}
