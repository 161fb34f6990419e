/**
 * O(1) lower bounds for "is any active point of this grid within d of here?": a Chebyshev
 * distance transform over the grid's buckets. Lets the city-wide cell loop skip straight-line
 * queries against off-network facilities for almost every cell.
 */
import { type PointGrid, ringWidthM } from './point-grid'

/**
 * For every bucket, the Chebyshev distance (in buckets) to the nearest bucket holding an active
 * point: a cheap lower bound that lets most queries skip the grid entirely (see
 * `distanceLowerBoundM`). Rebuild after inserting points; removals only loosen the bound.
 * @example const rings = bucketRingDistances(grid, active)
 * Contract: returns Int32Array(cols × rows); 0 for occupied buckets; ≥ cols + rows when the
 * grid holds no active point; two chamfer passes, O(buckets).
 */
export function bucketRingDistances(grid: PointGrid, active: Uint8Array | null): Int32Array {
  const { cols, rows } = grid
  const far = cols + rows
  const rings = new Int32Array(cols * rows).fill(far)
  for (let b = 0; b < rings.length; b++) {
    for (let p = grid.head[b]; p >= 0; p = grid.next[p]) {
      if (active === null || active[grid.id[p]] !== 0) {
        rings[b] = 0
        break
      }
    }
  }
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const b = y * cols + x
      let d = rings[b]
      if (x > 0) d = Math.min(d, rings[b - 1] + 1)
      if (y > 0) {
        d = Math.min(d, rings[b - cols] + 1)
        if (x > 0) d = Math.min(d, rings[b - cols - 1] + 1)
        if (x + 1 < cols) d = Math.min(d, rings[b - cols + 1] + 1)
      }
      rings[b] = d
    }
  }
  for (let y = rows - 1; y >= 0; y--) {
    for (let x = cols - 1; x >= 0; x--) {
      const b = y * cols + x
      let d = rings[b]
      if (x + 1 < cols) d = Math.min(d, rings[b + 1] + 1)
      if (y + 1 < rows) {
        d = Math.min(d, rings[b + cols] + 1)
        if (x + 1 < cols) d = Math.min(d, rings[b + cols + 1] + 1)
        if (x > 0) d = Math.min(d, rings[b + cols - 1] + 1)
      }
      rings[b] = d
    }
  }
  return rings
}

/**
 * Bucket index of a position, or −1 outside the grid.
 * @example bucketOf(grid, 121.55, 29.87) // 51234
 * Contract: the bucket a point at (lng, lat) would be inserted into; O(1).
 */
export function bucketOf(grid: PointGrid, lng: number, lat: number): number {
  const x = Math.floor((lng - grid.minLng) / grid.cellLng)
  const y = Math.floor((lat - grid.minLat) / grid.cellLat)
  return x < 0 || y < 0 || x >= grid.cols || y >= grid.rows ? -1 : y * grid.cols + x
}

/**
 * A lower bound of the distance from a position in `bucket` to any active point, from bucket
 * ring distances (see `bucketRingDistances`).
 * @example if (distanceLowerBoundM(grid, rings, bucketOf(grid, lng, lat)) > bestM) skipQuery()
 * Contract: metres ≥ 0; never exceeds the true distance from a position inside the grid's
 * latitude range to the nearest active point (0 when the bucket is −1 or points lie outside the
 * grid); O(1).
 */
export function distanceLowerBoundM(grid: PointGrid, rings: Int32Array, bucket: number): number {
  if (grid.outsideHead >= 0 || bucket < 0) return 0
  const r = rings[bucket]
  if (r >= grid.cols + grid.rows) return Infinity
  return r <= 1 ? 0 : (r - 1) * ringWidthM(grid, grid.cosMin)
}
