import * as h3 from 'h3-js'
import { mercatorX, mercatorY } from './mvt'

/** Vertices kept per cell; the rare H3 boundaries with distortion vertices are computed each time. */
const MAX_VERTICES = 6

/**
 * Hexagon outlines of a list of H3 cells in Web-Mercator world coordinates ([0, 1]², y down),
 * computed on first use and kept as small offsets from the centroid: drawing a cell into a tile is
 * then a multiply-add per vertex instead of an H3 boundary lookup and a Mercator projection.
 * Rings are oriented with positive area in y-down space (MVT exterior rings).
 */
export class CellShapes {
  private readonly cx: Float64Array
  private readonly cy: Float64Array
  private readonly offsets: Float32Array
  /** Per cell: 0 = not computed yet, 255 = more than MAX_VERTICES (computed on every use), else the count. */
  private readonly counts: Uint8Array

  constructor(private readonly cells: string[], lng: Float64Array, lat: Float64Array) {
    const n = cells.length
    this.cx = new Float64Array(n)
    this.cy = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      this.cx[i] = mercatorX(lng[i])
      this.cy[i] = mercatorY(lat[i])
    }
    this.offsets = new Float32Array(n * MAX_VERTICES * 2)
    this.counts = new Uint8Array(n)
  }

  /**
   * Writes cell i's ring into `out` (x0,y0,x1,y1…, tile coordinates: world × `scale` − origin),
   * dropping consecutive duplicates after rounding; returns the number of points (0 when fewer
   * than three distinct points remain, e.g. a cell far too small for the zoom).
   */
  ring(i: number, scale: number, originX: number, originY: number, out: Int32Array): number {
    if (this.counts[i] === 0) this.compute(i)
    const count = this.counts[i]
    let pts: ArrayLike<number>
    let k0 = 0
    let m: number
    if (count === 255) {
      pts = this.outline(this.cells[i])
      m = pts.length / 2
    } else {
      pts = this.offsets
      k0 = i * MAX_VERTICES * 2
      m = count
    }
    const absolute = count === 255
    let written = 0
    for (let v = 0; v < m; v++) {
      const wx = absolute ? pts[2 * v] : this.cx[i] + pts[k0 + 2 * v]
      const wy = absolute ? pts[2 * v + 1] : this.cy[i] + pts[k0 + 2 * v + 1]
      const x = Math.round(wx * scale - originX)
      const y = Math.round(wy * scale - originY)
      if (written && out[2 * written - 2] === x && out[2 * written - 1] === y) continue
      out[2 * written] = x
      out[2 * written + 1] = y
      written++
    }
    if (written > 1 && out[0] === out[2 * written - 2] && out[1] === out[2 * written - 1]) written--
    return written >= 3 ? written : 0
  }

  private compute(i: number) {
    const pts = this.outline(this.cells[i])
    const m = pts.length / 2
    if (m > MAX_VERTICES) {
      this.counts[i] = 255
      return
    }
    const k0 = i * MAX_VERTICES * 2
    for (let v = 0; v < m; v++) {
      this.offsets[k0 + 2 * v] = pts[2 * v] - this.cx[i]
      this.offsets[k0 + 2 * v + 1] = pts[2 * v + 1] - this.cy[i]
    }
    this.counts[i] = m
  }

  /** The cell's vertices in world coordinates, oriented with positive area (y down). */
  private outline(cell: string): Float64Array {
    const boundary = h3.cellToBoundary(cell)
    const pts = new Float64Array(boundary.length * 2)
    boundary.forEach(([lat, lng], v) => {
      pts[2 * v] = mercatorX(lng)
      pts[2 * v + 1] = mercatorY(lat)
    })
    let area = 0
    const m = boundary.length
    for (let a = 0, b = m - 1; a < m; b = a++) area += (pts[2 * b] - pts[2 * a]) * (pts[2 * b + 1] + pts[2 * a + 1])
    if (area < 0) {
      for (let a = 0, b = m - 1; a < b; a++, b--) {
        const x = pts[2 * a]
        const y = pts[2 * a + 1]
        pts[2 * a] = pts[2 * b]
        pts[2 * a + 1] = pts[2 * b + 1]
        pts[2 * b] = x
        pts[2 * b + 1] = y
      }
    }
    return pts
  }
}
