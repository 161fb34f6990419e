import * as h3 from 'h3-js'
import type { CellTable } from '../analysis/inputs'
import { CellShapes } from './shapes'

/** The finest resolution: the population grid (API.md: cells are H3 resolution 10). */
export const FINE_RESOLUTION = 10
/** The coarsest resolution the map draws (a whole province fits in a few hundred res-6 cells). */
export const COARSE_RESOLUTION = 6

/**
 * H3 resolution drawn in a tile of zoom `z` (512-px tiles at ~30° N): the coarsest resolution whose
 * hexagons are still at least ~5 px across, so that a zoomed-out city is a few thousand cells and a
 * zoomed-in street block shows the res-10 cells themselves.
 * z ≤ 6 → 6, z 7 → 7, z 8–9 → 8, z 10–11 → 9, z ≥ 12 → 10.
 */
export function resolutionForZoom(z: number): number {
  if (z <= 6) return 6
  if (z === 7) return 7
  if (z <= 9) return 8
  if (z <= 11) return 9
  return FINE_RESOLUTION
}

/** One resolution of the pyramid: its cells, their centroids and a grid index over them. */
export interface PyramidLevel {
  resolution: number
  h3: string[]
  lng: Float64Array
  lat: Float64Array
  /** Per res-10 cell (CellTable order): index of its ancestor at this level. */
  ancestor: Int32Array
  index: GridIndex
  shapes: CellShapes
}

/**
 * The population grid at every drawn resolution (6…10). Level 10 is the cell table itself; each
 * coarser level holds the parents of the populated cells only. Built once per population version
 * (~0.3 s for 120k cells; parent lookups shrink ~7× per level, so 800k cells stay ~2 s).
 */
export class CellPyramid {
  readonly levels = new Map<number, PyramidLevel>()

  constructor(readonly cells: CellTable) {
    const rows = cells.rows
    const n = cells.count
    const identity = Int32Array.from({ length: n }, (_, i) => i)
    let maxAbsLat = 0
    for (let i = 0; i < n; i++) maxAbsLat = Math.max(maxAbsLat, Math.abs(rows.lat[i]))
    const span = (res: number) => cellSpanDegrees(res, maxAbsLat)
    this.levels.set(FINE_RESOLUTION, {
      resolution: FINE_RESOLUTION,
      h3: rows.h3,
      lng: rows.lng,
      lat: rows.lat,
      ancestor: identity,
      index: new GridIndex(rows.lng, rows.lat, span(FINE_RESOLUTION)),
      shapes: new CellShapes(rows.h3, rows.lng, rows.lat),
    })
    // Each coarser level is built from the one below: parents of distinct cells only.
    let child = this.levels.get(FINE_RESOLUTION)!
    for (let res = FINE_RESOLUTION - 1; res >= COARSE_RESOLUTION; res--) {
      const position = new Map<string, number>()
      const parents: string[] = []
      const childToParent = new Int32Array(child.h3.length)
      for (let k = 0; k < child.h3.length; k++) {
        const p = h3.cellToParent(child.h3[k], res)
        let at = position.get(p)
        if (at === undefined) {
          at = parents.length
          position.set(p, at)
          parents.push(p)
        }
        childToParent[k] = at
      }
      const lng = new Float64Array(parents.length)
      const lat = new Float64Array(parents.length)
      parents.forEach((p, k) => {
        const [la, ln] = h3.cellToLatLng(p)
        lng[k] = ln
        lat[k] = la
      })
      const ancestor = new Int32Array(n)
      for (let i = 0; i < n; i++) ancestor[i] = childToParent[child.ancestor[i]]
      const level: PyramidLevel = { resolution: res, h3: parents, lng, lat, ancestor, index: new GridIndex(lng, lat, span(res)), shapes: new CellShapes(parents, lng, lat) }
      this.levels.set(res, level)
      child = level
    }
  }

  level(resolution: number): PyramidLevel {
    const l = this.levels.get(resolution)
    if (!l) throw new Error(`no pyramid level ${resolution}`)
    return l
  }

  /** Bounding box of all populated cells: [west, south, east, north]. */
  bounds(): [number, number, number, number] {
    const { lng, lat } = this.level(FINE_RESOLUTION)
    let w = Infinity
    let s = Infinity
    let e = -Infinity
    let n = -Infinity
    for (let i = 0; i < lng.length; i++) {
      if (lng[i] < w) w = lng[i]
      if (lng[i] > e) e = lng[i]
      if (lat[i] < s) s = lat[i]
      if (lat[i] > n) n = lat[i]
    }
    return Number.isFinite(w) ? [w, s, e, n] : [-180, -85, 180, 85]
  }
}

/**
 * Largest distance from an H3 cell's centroid to its vertices at `res`, in degrees of longitude
 * at latitude `lat` (the larger of the two degree lengths there), with a 1.5× safety factor.
 */
export function cellSpanDegrees(res: number, lat: number): number {
  const kmPerDegree = 111.0 * Math.max(0.2, Math.cos((Math.min(80, Math.abs(lat)) * Math.PI) / 180))
  return (h3.getHexagonEdgeLengthAvg(res, h3.UNITS.km) * 1.5) / kmPerDegree
}

/**
 * A uniform grid over points (centroids) stored as buckets in one sorted array: `query` returns
 * the points whose centroid lies in a box grown by `margin` degrees, so that every cell whose
 * hexagon overlaps the box is found.
 */
export class GridIndex {
  private readonly size: number
  private readonly x0: number
  private readonly y0: number
  private readonly cols: number
  private readonly rows: number
  private readonly start: Int32Array
  private readonly items: Int32Array

  constructor(
    private readonly lng: Float64Array,
    private readonly lat: Float64Array,
    readonly margin: number,
  ) {
    const n = lng.length
    // ~4 cell spans per bucket: a tile query touches few buckets at every zoom it is used for.
    this.size = Math.max(margin * 4, 1e-4)
    let w = Infinity
    let s = Infinity
    let e = -Infinity
    let nn = -Infinity
    for (let i = 0; i < n; i++) {
      w = Math.min(w, lng[i])
      e = Math.max(e, lng[i])
      s = Math.min(s, lat[i])
      nn = Math.max(nn, lat[i])
    }
    if (!n) (w = s = 0), (e = nn = 0)
    this.x0 = w
    this.y0 = s
    this.cols = Math.max(1, Math.floor((e - w) / this.size) + 1)
    this.rows = Math.max(1, Math.floor((nn - s) / this.size) + 1)
    const buckets = this.cols * this.rows
    const bucketOf = new Int32Array(n)
    const count = new Int32Array(buckets + 1)
    for (let i = 0; i < n; i++) {
      const b = this.bucket(lng[i], lat[i])
      bucketOf[i] = b
      count[b + 1]++
    }
    for (let b = 0; b < buckets; b++) count[b + 1] += count[b]
    this.start = count
    this.items = new Int32Array(n)
    const fill = count.slice(0, buckets)
    for (let i = 0; i < n; i++) this.items[fill[bucketOf[i]]++] = i
  }

  private bucket(lng: number, lat: number): number {
    const cx = Math.min(this.cols - 1, Math.max(0, Math.floor((lng - this.x0) / this.size)))
    const cy = Math.min(this.rows - 1, Math.max(0, Math.floor((lat - this.y0) / this.size)))
    return cy * this.cols + cx
  }

  /** Indexes of the points within [w−margin, e+margin] × [s−margin, n+margin]. */
  query(w: number, s: number, e: number, n: number): number[] {
    const m = this.margin
    const out: number[] = []
    const cx0 = Math.max(0, Math.floor((w - m - this.x0) / this.size))
    const cx1 = Math.min(this.cols - 1, Math.floor((e + m - this.x0) / this.size))
    const cy0 = Math.max(0, Math.floor((s - m - this.y0) / this.size))
    const cy1 = Math.min(this.rows - 1, Math.floor((n + m - this.y0) / this.size))
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const b = cy * this.cols + cx
        for (let k = this.start[b]; k < this.start[b + 1]; k++) {
          const i = this.items[k]
          const x = this.lng[i]
          const y = this.lat[i]
          if (x >= w - m && x <= e + m && y >= s - m && y <= n + m) out.push(i)
        }
      }
    }
    return out
  }
}
