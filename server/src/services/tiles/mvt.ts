import { PbfWriter } from 'pbf'

/**
 * A minimal Mapbox Vector Tile 2.1 writer over `pbf` for the layers this server draws: many small
 * polygons (hexagons) and lines (streets) with a few numeric properties. Written directly rather than through an
 * object model because a zoomed-out tile holds thousands of features and must encode in
 * milliseconds; its output is checked by decoding it with @mapbox/vector-tile (mvt.test.ts).
 */

/** Tile coordinate range of the encoded geometry (the MVT default). */
export const EXTENT = 4096

const enum Geom {
  LineString = 2,
  Polygon = 3,
}
const MOVE_TO = 1
const LINE_TO = 2
const CLOSE_PATH = 7

/** One layer being written: features are appended with `addPolygon`, then the tile is `finish`ed. */
export class TileLayerWriter {
  private readonly keys: string[]
  private readonly values: number[] = []
  private readonly valueIndex = new Map<number, number>()
  private readonly features: { id: number; type: Geom; tags: number[]; geometry: number[] }[] = []

  /** `keys`: the property names, in the order `props` arrays are given to addPolygon. */
  constructor(
    readonly name: string,
    keys: string[],
  ) {
    this.keys = keys
  }

  get length() {
    return this.features.length
  }

  /**
   * Adds a one-ring polygon. `ring` holds `count` points as x0,y0,x1,y1… in tile coordinates (not
   * repeating the first point); `props[k]` is the value of key k (NaN = the property is absent).
   */
  addPolygon(id: number, ring: ArrayLike<number>, count: number, props: ArrayLike<number>) {
    const geometry: number[] = [command(MOVE_TO, 1), zigzag(ring[0]), zigzag(ring[1]), command(LINE_TO, count - 1)]
    for (let i = 1; i < count; i++) geometry.push(zigzag(ring[2 * i] - ring[2 * i - 2]), zigzag(ring[2 * i + 1] - ring[2 * i - 1]))
    geometry.push(command(CLOSE_PATH, 1))
    this.features.push({ id, type: Geom.Polygon, tags: this.tags(props), geometry })
  }

  /** Adds a line of `count` ≥ 2 points (x0,y0,x1,y1…, tile coordinates). */
  addLine(id: number, line: ArrayLike<number>, count: number, props: ArrayLike<number>) {
    const geometry: number[] = [command(MOVE_TO, 1), zigzag(line[0]), zigzag(line[1]), command(LINE_TO, count - 1)]
    for (let i = 1; i < count; i++) geometry.push(zigzag(line[2 * i] - line[2 * i - 2]), zigzag(line[2 * i + 1] - line[2 * i - 1]))
    this.features.push({ id, type: Geom.LineString, tags: this.tags(props), geometry })
  }

  private tags(props: ArrayLike<number>): number[] {
    const tags: number[] = []
    for (let k = 0; k < this.keys.length; k++) {
      const v = props[k]
      if (Number.isNaN(v)) continue
      let at = this.valueIndex.get(v)
      if (at === undefined) {
        at = this.values.length
        this.values.push(v)
        this.valueIndex.set(v, at)
      }
      tags.push(k, at)
    }
    return tags
  }

  write(pbf: PbfWriter) {
    pbf.writeVarintField(15, 2) // version
    pbf.writeStringField(1, this.name)
    pbf.writeVarintField(5, EXTENT)
    for (const f of this.features) pbf.writeMessage(2, writeFeature, f)
    for (const k of this.keys) pbf.writeStringField(3, k)
    for (const v of this.values) pbf.writeMessage(4, writeValue, v)
  }
}

/** Encodes layers into one tile (protobuf bytes, uncompressed). Empty layers are left out. */
export function encodeTile(layers: TileLayerWriter[]): Uint8Array {
  const pbf = new PbfWriter()
  for (const layer of layers) if (layer.length) pbf.writeMessage(3, (l: TileLayerWriter, p: PbfWriter) => l.write(p), layer)
  return pbf.finish()
}

function writeFeature(f: { id: number; type: Geom; tags: number[]; geometry: number[] }, pbf: PbfWriter) {
  pbf.writeVarintField(1, f.id)
  pbf.writePackedVarint(2, f.tags)
  pbf.writeVarintField(3, f.type)
  pbf.writePackedVarint(4, f.geometry)
}

function writeValue(v: number, pbf: PbfWriter) {
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
    if (v < 0) pbf.writeSVarintField(6, v)
    else pbf.writeVarintField(5, v)
  } else pbf.writeDoubleField(3, v)
}

function command(id: number, count: number) {
  return (count << 3) | (id & 7)
}

function zigzag(n: number) {
  return (n << 1) ^ (n >> 31)
}

/** Web-Mercator tile bounds in degrees: [west, south, east, north]. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const lng = (xx: number) => (xx / n) * 360 - 180
  const lat = (yy: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * yy) / n))) * 180) / Math.PI
  return [lng(x), lat(y + 1), lng(x + 1), lat(y)]
}

/** WGS84 longitude → Web-Mercator world x in [0, 1]. */
export function mercatorX(lng: number): number {
  return (lng + 180) / 360
}

/** WGS84 latitude → Web-Mercator world y in [0, 1] (0 = north edge). */
export function mercatorY(lat: number): number {
  const s = Math.sin((lat * Math.PI) / 180)
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)
}
