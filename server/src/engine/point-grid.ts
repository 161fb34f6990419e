/**
 * A uniform grid over longitude/latitude for nearest-neighbour and radius queries on points
 * (street nodes for snapping, facilities and cells for straight-line fallbacks). Buckets are
 * singly linked lists on typed arrays, so points can be appended (what-if facilities) without
 * rebuilding; a built grid stores its points bucket by bucket, so scanning a bucket reads
 * adjacent memory. Queries walk square rings of buckets outwards and stop as soon as no
 * unvisited bucket can hold anything closer. Never O(points) per query at city scale.
 */
import { METRES_PER_DEGREE, cosLatitude, distanceWithCosM } from './geo'

export interface GridExtent {
  minLng: number
  minLat: number
  maxLng: number
  maxLat: number
}

/** A uniform lng/lat bucket grid: its origin, bucket size in degrees and dimensions. */
export interface GridFrame {
  minLng: number
  minLat: number
  /** Bucket size in degrees. */
  cellLng: number
  cellLat: number
  cols: number
  rows: number
}

export interface PointGrid extends GridFrame {
  /** Smallest cosine of latitude inside the extent (for metric lower bounds). */
  cosMin: number
  /** First point of each bucket (−1 = empty), then `next` along the chain. */
  head: Int32Array
  next: Int32Array
  /** Points outside the extent are chained here and always checked. */
  outsideHead: number
  /** Buckets holding at least one point (for cost estimates). */
  occupied: number
  /** Point coordinates, their latitude cosines and the external id each point stands for. */
  lng: Float64Array
  lat: Float64Array
  cos: Float64Array
  id: Int32Array
  count: number
}

/** Out-parameter of `nearestPoint`, reused across queries to avoid allocation. */
export interface NearestHit {
  id: number
  distM: number
}

export interface PointGridOptions {
  /** Bucket size in metres (grown if the grid would exceed 4 M buckets). */
  cellSizeM: number
  /** Extent to cover; default: the points' bounding box. Points outside it still work (slower). */
  extent?: GridExtent
  /** External ids of the points; default 0..n−1. */
  ids?: Int32Array
}

const MAX_BUCKETS = 4_000_000

/**
 * Builds a grid over points.
 * @example const grid = buildPointGrid(lngs, lats, { cellSizeM: 250 })
 * Contract: lng/lat degrees of equal length n; cellSizeM > 0 metres; the grid holds points 0..n−1
 * with ids `options.ids` (default the position), stored bucket by bucket (a point's slot is not
 * its position: use `id`). Spare capacity is allocated for appends.
 */
export function buildPointGrid(lng: Float64Array, lat: Float64Array, options: PointGridOptions): PointGrid {
  const n = lng.length
  let extent = options.extent
  if (!extent) {
    extent = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity }
    for (let i = 0; i < n; i++) {
      if (lng[i] < extent.minLng) extent.minLng = lng[i]
      if (lng[i] > extent.maxLng) extent.maxLng = lng[i]
      if (lat[i] < extent.minLat) extent.minLat = lat[i]
      if (lat[i] > extent.maxLat) extent.maxLat = lat[i]
    }
    if (n === 0) extent = { minLng: 0, minLat: 0, maxLng: 0, maxLat: 0 }
  }
  const cosMin = Math.min(cosLatitude(extent.minLat), cosLatitude(extent.maxLat))
  const midCos = cosLatitude(0.5 * (extent.minLat + extent.maxLat))
  let cellM = options.cellSizeM
  let cellLat = 0, cellLng = 0, cols = 1, rows = 1
  for (;;) {
    cellLat = cellM / METRES_PER_DEGREE
    cellLng = cellM / (METRES_PER_DEGREE * Math.max(midCos, 1e-6))
    cols = Math.floor((extent.maxLng - extent.minLng) / cellLng) + 1
    rows = Math.floor((extent.maxLat - extent.minLat) / cellLat) + 1
    if (cols * rows <= MAX_BUCKETS) break
    cellM *= 2
  }
  const capacity = Math.max(16, n)
  const grid: PointGrid = {
    minLng: extent.minLng,
    minLat: extent.minLat,
    cellLng,
    cellLat,
    cols,
    rows,
    cosMin,
    head: new Int32Array(cols * rows).fill(-1),
    next: new Int32Array(capacity),
    outsideHead: -1,
    occupied: 0,
    lng: new Float64Array(capacity),
    lat: new Float64Array(capacity),
    cos: new Float64Array(capacity),
    id: new Int32Array(capacity),
    count: 0,
  }
  // Insert bucket by bucket (stable: by input position within a bucket), so that each bucket's
  // chain and neighbouring buckets of a row are adjacent in memory; traversal orders are the
  // same as inserting in input order.
  const bucketCount = cols * rows
  const bucket = new Int32Array(n)
  const start = new Int32Array(bucketCount + 2)
  for (let i = 0; i < n; i++) {
    const x = Math.floor((lng[i] - grid.minLng) / cellLng)
    const y = Math.floor((lat[i] - grid.minLat) / cellLat)
    bucket[i] = x >= 0 && x < cols && y >= 0 && y < rows ? y * cols + x : -1
    start[bucket[i] + 2]++
  }
  for (let b = 0; b <= bucketCount; b++) start[b + 1] += start[b]
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[start[bucket[i] + 1]++] = i
  for (let k = 0; k < n; k++) {
    const i = order[k]
    insertPoint(grid, lng[i], lat[i], options.ids ? options.ids[i] : i)
  }
  return grid
}

/**
 * Appends a point (amortised O(1); the arrays double when full).
 * @example insertPoint(grid, 121.55, 29.87, 5000)
 * Contract: lng/lat degrees; id any integer ≥ 0; returns the point's slot in the grid.
 */
export function insertPoint(grid: PointGrid, lng: number, lat: number, id: number): number {
  if (grid.count === grid.lng.length) growGrid(grid)
  const p = grid.count++
  grid.lng[p] = lng
  grid.lat[p] = lat
  grid.cos[p] = cosLatitude(lat)
  grid.id[p] = id
  const cx = Math.floor((lng - grid.minLng) / grid.cellLng)
  const cy = Math.floor((lat - grid.minLat) / grid.cellLat)
  if (cx >= 0 && cx < grid.cols && cy >= 0 && cy < grid.rows) {
    const b = cy * grid.cols + cx
    if (grid.head[b] < 0) grid.occupied++
    grid.next[p] = grid.head[b]
    grid.head[b] = p
  } else {
    grid.next[p] = grid.outsideHead
    grid.outsideHead = p
  }
  return p
}

function growGrid(grid: PointGrid): void {
  const cap = grid.lng.length * 2
  const grow = <T extends Float64Array | Int32Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(cap)
    b.set(a)
    return b
  }
  grid.next = grow(grid.next)
  grid.lng = grow(grid.lng)
  grid.lat = grow(grid.lat)
  grid.cos = grow(grid.cos)
  grid.id = grow(grid.id)
}

/**
 * Nearest point within maxDistM whose id is active; ties go to the smaller id.
 * @example const hit = { id: -1, distM: 0 }; nearestPoint(grid, 121.55, 29.87, 500, null, hit)
 * Contract: maxDistM metres (Infinity allowed), inclusive; active[id] = 0 excludes a point;
 * writes hit.id (−1 when none) and hit.distM (metres). Exact: same answer as a linear scan.
 */
export function nearestPoint(
  grid: PointGrid, lng: number, lat: number, maxDistM: number, active: Uint8Array | null, hit: NearestHit,
): void {
  const cosQ = cosLatitude(lat)
  let bestId = -1
  let bestD = maxDistM
  for (let p = grid.outsideHead; p >= 0; p = grid.next[p]) {
    const id = grid.id[p]
    if (active !== null && active[id] === 0) continue
    const d = distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p])
    if (d < bestD || (d === bestD && (bestId < 0 || id < bestId))) {
      bestD = d
      bestId = id
    }
  }
  const ringM = ringWidthM(grid, cosQ)
  const qx = Math.floor((lng - grid.minLng) / grid.cellLng)
  const qy = Math.floor((lat - grid.minLat) / grid.cellLat)
  const rMax = Math.max(qx, grid.cols - 1 - qx, qy, grid.rows - 1 - qy)
  const rMin = Math.max(0, -qx, qx - (grid.cols - 1), -qy, qy - (grid.rows - 1))
  for (let r = rMin; r <= rMax; r++) {
    // Everything in ring r is at least (r − 1) bucket widths away.
    if (r > 0 && (r - 1) * ringM > bestD) break
    const x0 = Math.max(qx - r, 0), x1 = Math.min(qx + r, grid.cols - 1)
    const y0 = Math.max(qy - r, 0), y1 = Math.min(qy + r, grid.rows - 1)
    for (let y = y0; y <= y1; y++) {
      const edgeRow = y === qy - r || y === qy + r
      const step = edgeRow || r === 0 ? 1 : 2 * r
      for (let x = edgeRow ? x0 : qx - r; x <= x1; x += step) {
        if (x < x0) continue
        for (let p = grid.head[y * grid.cols + x]; p >= 0; p = grid.next[p]) {
          const id = grid.id[p]
          if (active !== null && active[id] === 0) continue
          const d = distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p])
          if (d < bestD || (d === bestD && (bestId < 0 || id < bestId))) {
            bestD = d
            bestId = id
          }
        }
      }
    }
  }
  hit.id = bestId
  hit.distM = bestId >= 0 ? bestD : Infinity
}

/**
 * Calls visit(id, distM) for every point within radiusM (inclusive), in no particular order.
 * @example forEachPointWithin(grid, 121.55, 29.87, 1000, (id, d) => hits.push(id))
 * Contract: radiusM metres ≥ 0 (Infinity visits all); each point visited once.
 */
export function forEachPointWithin(
  grid: PointGrid, lng: number, lat: number, radiusM: number, visit: (id: number, distM: number) => void,
): void {
  const cosQ = cosLatitude(lat)
  for (let p = grid.outsideHead; p >= 0; p = grid.next[p]) {
    const d = distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p])
    if (d <= radiusM) visit(grid.id[p], d)
  }
  const ringM = ringWidthM(grid, cosQ)
  const reach = radiusM === Infinity ? Infinity : Math.floor(radiusM / ringM) + 1
  const qx = Math.floor((lng - grid.minLng) / grid.cellLng)
  const qy = Math.floor((lat - grid.minLat) / grid.cellLat)
  const x0 = Math.max(0, reach === Infinity ? 0 : qx - reach), x1 = Math.min(grid.cols - 1, qx + reach)
  const y0 = Math.max(0, reach === Infinity ? 0 : qy - reach), y1 = Math.min(grid.rows - 1, qy + reach)
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      for (let p = grid.head[y * grid.cols + x]; p >= 0; p = grid.next[p]) {
        const d = distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p])
        if (d <= radiusM) visit(grid.id[p], d)
      }
    }
  }
}

/**
 * Metric width of a bucket: points in buckets r rings away are at least (r − 1) × this far.
 * @example ringWidthM(grid, cosLatitude(29.8)) // ≈ 245 for 250 m buckets
 * Contract: metres > 0; a lower bound for any point in the grid's extent and a query whose
 * latitude cosine is cosQ.
 */
export function ringWidthM(grid: PointGrid, cosQ: number): number {
  const c = Math.min(grid.cosMin, cosQ)
  return Math.min(grid.cellLat * METRES_PER_DEGREE, grid.cellLng * METRES_PER_DEGREE * c)
}

/** Side of a field-bounds block in metres (rounded to a power-of-two number of grid buckets). */
const BLOCK_M = 1000

/**
 * log₂ of the block side in buckets of a cell grid.
 * @example blockShift(ctx.cells.grid) // 2 for 250 m buckets
 * Contract: integer ≥ 0.
 */
export function blockShift(grid: PointGrid): number {
  return Math.max(0, Math.round(Math.log2(BLOCK_M / (grid.cellLat * METRES_PER_DEGREE))))
}

/**
 * Block of every cell of a cell grid (ids = cell indices), −1 for cells outside it.
 * @example const block = cellBlocks(grid, cellCount)
 * Contract: the block a cell's bucket belongs to (row-major over ⌈cols / 2^shift⌉ columns).
 */
export function cellBlocks(grid: PointGrid, cellCount: number): Int32Array {
  const shift = blockShift(grid)
  const blockCols = ((grid.cols - 1) >> shift) + 1
  const block = new Int32Array(cellCount).fill(-1)
  for (let y = 0; y < grid.rows; y++) {
    for (let x = 0; x < grid.cols; x++) {
      for (let p = grid.head[y * grid.cols + x]; p >= 0; p = grid.next[p]) block[grid.id[p]] = (y >> shift) * blockCols + (x >> shift)
    }
  }
  return block
}
