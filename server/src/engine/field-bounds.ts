/**
 * Upper bounds of a field's travel distances per block of cells, kept in a max-pyramid, so that a
 * straight-line change (a facility added or removed off the network, or an on-network facility's
 * straight-line pairs with off-network cells) visits only the blocks where a facility at that
 * place could matter: a branch and bound from the whole extent down to ≈ 1 km blocks (square
 * groups of the cell grid's buckets), pruning every block whose nearest possible cell is farther,
 * in straight-line travel, than the block's bound (or the search limit).
 *
 * Invariant: levels[0][b] ≥ field.metres of every cell of block b (−Infinity for a block
 * without cells) and each level above holds the maximum of the (up to) 2 × 2 nodes below it.
 * Decreases may leave a bound stale-high (still valid); every increase must be reported with
 * `raiseFieldBound`. A sweep resets each block it visits to the exact maximum of its cells.
 */
import { METRES_PER_DEGREE, cosLatitude, distanceWithCosM } from './geo'
import { blockShift } from './point-grid'
import { straightLineMm } from './straight-line'
import type { TravelContext } from './travel-context'

export interface FieldBounds {
  /** Level 0: one bound (metres) per block (cols[0] × rows[0]); level k halves both, up to 1 × 1. */
  levels: Float64Array[]
  cols: number[]
  rows: number[]
  /** A block is 2^shift × 2^shift buckets of the context's cell grid. */
  shift: number
  /** Cosine of the latitude of each block-row edge (rows[0] + 1 values), for lower bounds. */
  edgeCos: Float64Array
}

/**
 * Bounds for a context, all −Infinity (no cell counted yet): fill level 0 (block = ctx.cells.block),
 * then call `completeFieldBounds`.
 * @example const bounds = createFieldBounds(ctx)
 * Contract: ≈ 11 B per block (≈ 1 km²) of the cell grid's extent.
 */
export function createFieldBounds(ctx: TravelContext): FieldBounds {
  const grid = ctx.cells.grid
  const shift = blockShift(grid)
  const cols = [((grid.cols - 1) >> shift) + 1]
  const rows = [((grid.rows - 1) >> shift) + 1]
  while (cols[cols.length - 1] > 1 || rows[rows.length - 1] > 1) {
    cols.push(Math.ceil(cols[cols.length - 1] / 2))
    rows.push(Math.ceil(rows[rows.length - 1] / 2))
  }
  const edgeCos = new Float64Array(rows[0] + 1)
  for (let y = 0; y <= rows[0]; y++) edgeCos[y] = cosLatitude(grid.minLat + Math.min(y << shift, grid.rows) * grid.cellLat)
  return { levels: cols.map((c, k) => new Float64Array(c * rows[k]).fill(-Infinity)), cols, rows, shift, edgeCos }
}

/**
 * Sets every level above 0 to the maxima of level 0 (after filling it).
 * @example completeFieldBounds(bounds)
 * Contract: O(blocks).
 */
export function completeFieldBounds(bounds: FieldBounds): void {
  const { levels, cols, rows } = bounds
  for (let k = 1; k < levels.length; k++) {
    const below = levels[k - 1]
    const level = levels[k].fill(-Infinity)
    for (let y = 0; y < rows[k - 1]; y++) {
      for (let x = 0; x < cols[k - 1]; x++) {
        const i = (y >> 1) * cols[k] + (x >> 1)
        if (below[y * cols[k - 1] + x] > level[i]) level[i] = below[y * cols[k - 1] + x]
      }
    }
  }
}

/**
 * Exact bounds of the given per-cell metres.
 * @example field.bounds = buildFieldBounds(ctx, field.metres)
 * Contract: metres per cell of ctx (Infinity allowed); O(cells + blocks).
 */
export function buildFieldBounds(ctx: TravelContext, metres: Float64Array): FieldBounds {
  const bounds = createFieldBounds(ctx)
  const base = bounds.levels[0]
  const { block } = ctx.cells
  for (let c = 0; c < metres.length; c++) {
    const b = block[c]
    if (b >= 0 && metres[c] > base[b]) base[b] = metres[c]
  }
  completeFieldBounds(bounds)
  return bounds
}

/**
 * Records that cell c's metres rose to `metres` (keeps the invariant).
 * @example raiseFieldBound(ctx, field.bounds, c, field.metres[c])
 * Contract: O(levels); a no-op for cells outside the grid (sweeps always visit those).
 */
export function raiseFieldBound(ctx: TravelContext, bounds: FieldBounds, c: number, metres: number): void {
  const b = ctx.cells.block[c]
  if (b < 0) return
  let x = b % bounds.cols[0]
  let y = (b - x) / bounds.cols[0]
  for (let k = 0; k < bounds.levels.length; k++) {
    const i = y * bounds.cols[k] + x
    if (bounds.levels[k][i] >= metres) return
    bounds.levels[k][i] = metres
    x >>= 1
    y >>= 1
  }
}

/**
 * Calls visit(c, mm) with the straight-line travel distance mm (whole millimetres) from (lng, lat)
 * for every cell that may have mm ≤ min(its metres × 1000, limitMm) — a superset, found by pruning
 * blocks and then cells by lower bounds — and for every cell outside the grid; then resets each
 * visited block's bound to the maximum of `metres` over its cells (visit may change the metres of
 * the cell it is given, and only those).
 * @example sweepFieldBounds(ctx, bounds, field.metres, 121.55, 29.87, 1.3, cutoffMm, (c, mm) => offer(c, mm))
 * Contract: bounds valid for metres on entry and on return; detour ≥ 1; returns the number of
 * visit calls. Cost: the cells of the blocks that can matter (a few multiplications each), the
 * exact distance only for the cells that can, plus O(log blocks) per pruned subtree.
 */
export function sweepFieldBounds(
  ctx: TravelContext, bounds: FieldBounds, metres: Float64Array,
  lng: number, lat: number, detour: number, limitMm: number, visit: (c: number, mm: number) => void,
): number {
  const grid = ctx.cells.grid
  const { levels, cols, rows, shift, edgeCos } = bounds
  const cosQ = cosLatitude(lat)
  const toMm = detour * 1000
  let visited = 0
  for (let p = grid.outsideHead; p >= 0; p = grid.next[p]) {
    visit(grid.id[p], straightLineMm(distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p]), detour))
    visited++
  }
  const visitNode = (k: number, nx: number, ny: number): number => {
    const i = ny * cols[k] + nx
    const bound = levels[k][i]
    if (bound === -Infinity) return bound
    // Lower bound from the point to the node's rectangle of buckets.
    const by0 = ny << k, by1 = Math.min(rows[0], (ny + 1) << k)
    const x0 = (nx << k) << shift, x1 = Math.min(grid.cols, ((nx + 1) << k) << shift)
    const lngLo = grid.minLng + x0 * grid.cellLng, lngHi = grid.minLng + x1 * grid.cellLng
    const latLo = grid.minLat + (by0 << shift) * grid.cellLat, latHi = grid.minLat + Math.min(grid.rows, by1 << shift) * grid.cellLat
    const dLng = lng < lngLo ? lngLo - lng : lng > lngHi ? lng - lngHi : 0
    const dLat = lat < latLo ? latLo - lat : lat > latHi ? lat - latHi : 0
    const kx = METRES_PER_DEGREE * 0.5 * (cosQ + Math.min(edgeCos[by0], edgeCos[by1])) * toMm
    const ky = METRES_PER_DEGREE * toMm
    // 1 mm margin: rounding in the bound, and equal distances (ties are decided by index).
    if (Math.sqrt((dLng * kx) ** 2 + (dLat * ky) ** 2) > Math.min(bound * 1000, limitMm) + 1) return bound
    let m = -Infinity
    if (k === 0) {
      // Per cell, the same bound without square root or rounding first: most cells stop here.
      const y0 = ny << shift, y1 = Math.min(grid.rows, (ny + 1) << shift)
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          for (let p = grid.head[y * grid.cols + x]; p >= 0; p = grid.next[p]) {
            const c = grid.id[p]
            const before = metres[c]
            const limit = Math.min(before * 1000, limitMm) + 1
            const ex = (grid.lng[p] - lng) * kx
            const ey = (grid.lat[p] - lat) * ky
            if (ex * ex + ey * ey <= limit * limit) {
              visit(c, straightLineMm(distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p]), detour))
              visited++
              if (metres[c] > m) m = metres[c]
            } else if (before > m) m = before
          }
        }
      }
    } else {
      for (let y = 2 * ny; y <= 2 * ny + 1 && y < rows[k - 1]; y++) {
        for (let x = 2 * nx; x <= 2 * nx + 1 && x < cols[k - 1]; x++) {
          const child = visitNode(k - 1, x, y)
          if (child > m) m = child
        }
      }
    }
    levels[k][i] = m
    return m
  }
  visitNode(levels.length - 1, 0, 0)
  return visited
}
