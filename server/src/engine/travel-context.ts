/**
 * The per-network, per-cell-set preparation every travel-time computation starts from: the cells
 * snapped once to the street network, the inverse map node → cells, grids for straight-line
 * fallbacks, and reusable search buffers. Build one per (network profile, cell set) in each
 * worker; it holds no global state and is never shared between concurrent computations.
 */
import { type BucketQueue, createBucketQueue } from './bucket-search'
import { type SearchScratch, createSearchScratch } from './dijkstra'
import type { StreetNetwork } from './graph'
import { bucketOf } from './grid-lower-bound'
import { type GridExtent, type PointGrid, buildPointGrid, cellBlocks } from './point-grid'
import { DEFAULT_MAX_SNAP_DISTANCE_M, snapPoints } from './snap'

/** Catalogue default detour factor for straight-line fallbacks. */
export const DEFAULT_DETOUR_FACTOR = 1.3

/** Bucket size of the facility grids (every facility set of a context uses the same layout). */
export const FACILITY_GRID_CELL_M = 1000

export interface CellSites {
  count: number
  /** Cell centroids (degrees). */
  lng: Float64Array
  lat: Float64Array
  /** Snap node (−1 = off the network) and straight-line leg to it (whole millimetres). */
  node: Int32Array
  legMm: Int32Array
  /** Cells snapped to node u: nodeCells[nodeCellStart[u] … nodeCellStart[u + 1] − 1]. */
  nodeCellStart: Int32Array
  nodeCells: Int32Array
  /** Cells off the network (they use straight-line times). */
  unsnapped: Int32Array
  /** Grids over all cells and over the unsnapped ones, ids = cell index. */
  grid: PointGrid
  unsnappedGrid: PointGrid
  /** Bucket of each cell in the facility grids' layout (−1 outside), for O(1) lower bounds. */
  facilityBucket: Int32Array
  /** Block of each cell (≈ 1 km squares of `grid` buckets, −1 outside it), for field bounds (field-bounds.ts). */
  block: Int32Array
}

export interface TravelContext {
  network: StreetNetwork | null
  cells: CellSites
  maxSnapDistanceM: number
  detourFactor: number
  /** Area the grids cover (cells and network, with a margin). */
  extent: GridExtent
  /** Search buffers sized for the network (null without one). */
  scratch: SearchScratch | null
  queue: BucketQueue | null
  /** Epoch-stamped marks over cells, for de-duplicating what-if change lists. */
  cellStamp: Int32Array
  cellEpoch: number
}

export interface TravelContextInput {
  /** Street network of the mode, or null for straight-line only. */
  network: StreetNetwork | null
  /** Cell centroids, WGS84 degrees. */
  cellLng: Float64Array
  cellLat: Float64Array
  /** Snap limit in metres (catalogue `maxSnapDistanceM`, default 500). */
  maxSnapDistanceM?: number
  /** Straight-line detour factor (catalogue `detourFactor`, default 1.3). */
  detourFactor?: number
}

/**
 * Snaps the cells and prepares buffers for one network and one cell set.
 * @example const ctx = createTravelContext({ network: walkNet, cellLng, cellLat })
 * Contract: maxSnapDistanceM ≥ 0 metres; detourFactor ≥ 1; cells keep the input order (cell
 * index = position); O(cells) grid queries.
 */
export function createTravelContext(input: TravelContextInput): TravelContext {
  const { network, cellLng: lng, cellLat: lat } = input
  const maxSnapDistanceM = input.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_DISTANCE_M
  const detourFactor = input.detourFactor ?? DEFAULT_DETOUR_FACTOR
  if (!(maxSnapDistanceM >= 0)) throw new RangeError(`maxSnapDistanceM must be ≥ 0, got ${maxSnapDistanceM}`)
  if (!(detourFactor >= 1)) throw new RangeError(`detourFactor must be ≥ 1, got ${detourFactor}`)
  const count = lng.length
  const { node, legM } = snapPoints(network, lng, lat, maxSnapDistanceM)
  const legMm = new Int32Array(count)
  for (let i = 0; i < count; i++) legMm[i] = node[i] >= 0 ? Math.round(legM[i] * 1000) : 0

  const nodeCount = network ? network.graph.nodeCount : 0
  const nodeCellStart = new Int32Array(nodeCount + 1)
  let unsnappedCount = 0
  for (let i = 0; i < count; i++) {
    if (node[i] >= 0) nodeCellStart[node[i] + 1]++
    else unsnappedCount++
  }
  for (let u = 0; u < nodeCount; u++) nodeCellStart[u + 1] += nodeCellStart[u]
  const nodeCells = new Int32Array(count - unsnappedCount)
  const fill = nodeCellStart.slice(0, nodeCount)
  const unsnapped = new Int32Array(unsnappedCount)
  for (let i = 0, k = 0; i < count; i++) {
    if (node[i] >= 0) nodeCells[fill[node[i]]++] = i
    else unsnapped[k++] = i
  }

  const extent = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity }
  const widen = (x: number, y: number) => {
    if (x < extent.minLng) extent.minLng = x
    if (x > extent.maxLng) extent.maxLng = x
    if (y < extent.minLat) extent.minLat = y
    if (y > extent.maxLat) extent.maxLat = y
  }
  for (let i = 0; i < count; i++) widen(lng[i], lat[i])
  if (network) {
    const g = network.graph
    for (let u = 0; u < g.nodeCount; u++) widen(g.nodeLng[u], g.nodeLat[u])
  }
  if (extent.minLng === Infinity) Object.assign(extent, { minLng: 0, minLat: 0, maxLng: 0, maxLat: 0 })
  // A ~2 km margin keeps facilities just outside the study area inside the grids.
  extent.minLng -= 0.02
  extent.minLat -= 0.02
  extent.maxLng += 0.02
  extent.maxLat += 0.02

  const unsnappedLng = new Float64Array(unsnappedCount)
  const unsnappedLat = new Float64Array(unsnappedCount)
  for (let k = 0; k < unsnappedCount; k++) {
    unsnappedLng[k] = lng[unsnapped[k]]
    unsnappedLat[k] = lat[unsnapped[k]]
  }
  const layout = buildPointGrid(new Float64Array(0), new Float64Array(0), { cellSizeM: FACILITY_GRID_CELL_M, extent })
  const facilityBucket = new Int32Array(count)
  for (let i = 0; i < count; i++) facilityBucket[i] = bucketOf(layout, lng[i], lat[i])
  const grid = buildPointGrid(lng, lat, { cellSizeM: 250, extent })
  return {
    network,
    cells: {
      count, lng, lat, node, legMm, nodeCellStart, nodeCells, unsnapped,
      grid,
      unsnappedGrid: buildPointGrid(unsnappedLng, unsnappedLat, { cellSizeM: 500, extent, ids: unsnapped }),
      facilityBucket,
      block: cellBlocks(grid, count),
    },
    maxSnapDistanceM,
    detourFactor,
    extent,
    scratch: network ? createSearchScratch(nodeCount) : null,
    queue: network ? createBucketQueue(nodeCount) : null,
    cellStamp: new Int32Array(count),
    cellEpoch: 0,
  }
}
