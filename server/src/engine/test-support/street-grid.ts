/**
 * Synthetic street networks for engine tests: square grids of exact block lengths placed near
 * Ningbo, so expected travel times can be computed by hand (100 m blocks at 4 km/h = 1.5 min each).
 */
import type { StreetSegment } from '../street-segment'
import { offsetPoint } from '../geo'

/** South-west corner of every test grid (central Ningbo). */
export const GRID_ORIGIN: [number, number] = [121.55, 29.87]

export interface GridSpec {
  cols: number
  rows: number
  /** Block length in metres (default 100). */
  blockM?: number
  /** Where node (0, 0) sits (default GRID_ORIGIN). */
  origin?: [number, number]
  /** Node keys are keyBase + row × cols + col (default 1). */
  keyBase?: number
  /** Return false to leave out the block between (c1, r1) and (c2, r2). */
  keepBlock?: (c1: number, r1: number, c2: number, r2: number) => boolean
  /** OSM tags of every block (default highway=residential). */
  tags?: Record<string, string>
}

/** Position of grid node (col, row): col × blockM east and row × blockM north of the origin. */
export function gridPoint(col: number, row: number, blockM = 100, origin: [number, number] = GRID_ORIGIN): [number, number] {
  return offsetPoint(origin[0], origin[1], col * blockM, row * blockM)
}

/** Node key of grid node (col, row). */
export function gridKey(spec: GridSpec, col: number, row: number): number {
  return (spec.keyBase ?? 1) + row * spec.cols + col
}

/** A street segment between two arbitrary points with an exact declared length. */
export function segment(source: number, target: number, from: [number, number], to: [number, number], lengthM: number, tags: Record<string, string> = { highway: 'residential' }): StreetSegment {
  return { wayId: `w${source}-${target}`, source, target, coords: [from, to], lengthM, tags }
}

/** All blocks of a cols × rows grid (horizontal and vertical), each exactly blockM long. */
export function gridSegments(spec: GridSpec): StreetSegment[] {
  const blockM = spec.blockM ?? 100
  const origin = spec.origin ?? GRID_ORIGIN
  const keep = spec.keepBlock ?? (() => true)
  const out: StreetSegment[] = []
  const add = (c1: number, r1: number, c2: number, r2: number) => {
    if (!keep(c1, r1, c2, r2)) return
    out.push(segment(gridKey(spec, c1, r1), gridKey(spec, c2, r2), gridPoint(c1, r1, blockM, origin), gridPoint(c2, r2, blockM, origin), blockM, spec.tags))
  }
  for (let r = 0; r < spec.rows; r++) {
    for (let c = 0; c < spec.cols; c++) {
      if (c + 1 < spec.cols) add(c, r, c + 1, r)
      if (r + 1 < spec.rows) add(c, r, c, r + 1)
    }
  }
  return out
}

/** Float64Array pair of longitudes and latitudes for a list of points. */
export function pointArrays(points: [number, number][]): { lng: Float64Array; lat: Float64Array } {
  return { lng: Float64Array.from(points, (p) => p[0]), lat: Float64Array.from(points, (p) => p[1]) }
}
