/**
 * The per-network, per-cell-set preparation every travel-time computation starts from: the cells
 * snapped once onto the street segments of the network (snap.ts), the map node → cells of the
 * edges ending there, grids for straight-line fallbacks, and reusable search buffers. Build one
 * per (mode travel key, cell set) in each worker; it holds no global state and is never shared
 * between concurrent computations.
 */
import { type BucketQueue, createBucketQueue } from './bucket-search'
import { type SearchScratch, createSearchScratch } from './dijkstra'
import type { StreetNetwork } from './graph'
import { bucketOf } from './grid-lower-bound'
import { type GridExtent, type PointGrid, buildPointGrid, cellBlocks } from './point-grid'
import { DEFAULT_MAX_SNAP_DISTANCE_M, type PointSeeds, pointSeeds, snapPoints } from './snap'

/** Catalogue default detour factor for straight-line fallbacks. */
export const DEFAULT_DETOUR_FACTOR = 1.3

/** Bucket size of the facility grids (every facility set of a context uses the same layout). */
export const FACILITY_GRID_CELL_M = 1000

export interface CellSites {
  count: number
  /** Cell centroids (degrees). */
  lng: Float64Array
  lat: Float64Array
  /**
   * Where a cell leaves its edge (snap.ts `pointSeeds`, cell → network): first end node (−1 = off
   * the network) and the cost to it (access leg + along the edge, cost units); second end (−1 =
   * none) and its cost.
   */
  node: Int32Array
  legMm: Int32Array
  node2: Int32Array
  leg2Mm: Int32Array
  /** Edge the cell snapped onto (−1 = off), position along it from u and the access leg alone (cost units). */
  edge: Int32Array
  posMm: Int32Array
  accessMm: Int32Array
  /** Cells on the edges ending at node u: nodeCells[nodeCellStart[u] … nodeCellStart[u + 1] − 1] (each snapped cell under both ends of its edge). */
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
  /** Cost units per millimetre of access leg (the mode's speed over its access speed; 1 = same speed). */
  legFactor: number
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
  /** Access-leg cost factor (road-speeds.ts `legCostFactor(mode)`, default 1). */
  legFactor?: number
}

/**
 * Snaps the cells and prepares buffers for one network and one cell set.
 * @example const ctx = createTravelContext({ network: walkNet, cellLng, cellLat })
 * Contract: maxSnapDistanceM ≥ 0 metres; detourFactor ≥ 1; legFactor > 0; cells keep the input
 * order (cell index = position); O(cells) segment-grid queries.
 */
export function createTravelContext(input: TravelContextInput): TravelContext {
  const { network, cellLng: lng, cellLat: lat } = input
  const maxSnapDistanceM = input.maxSnapDistanceM ?? DEFAULT_MAX_SNAP_DISTANCE_M
  const detourFactor = input.detourFactor ?? DEFAULT_DETOUR_FACTOR
  if (!(maxSnapDistanceM >= 0)) throw new RangeError(`maxSnapDistanceM must be ≥ 0, got ${maxSnapDistanceM}`)
  if (!(detourFactor >= 1)) throw new RangeError(`detourFactor must be ≥ 1, got ${detourFactor}`)
  const legFactor = input.legFactor ?? 1
  if (!(legFactor > 0 && legFactor < Infinity)) throw new RangeError(`legFactor must be > 0, got ${legFactor}`)
  const count = lng.length
  const { edge, posMm, accessMm } = snapPoints(network, lng, lat, maxSnapDistanceM, legFactor)
  const node = new Int32Array(count).fill(-1)
  const legMm = new Int32Array(count)
  const node2 = new Int32Array(count).fill(-1)
  const leg2Mm = new Int32Array(count)
  const seeds: PointSeeds = { node: -1, mm: 0, node2: -1, mm2: 0 }
  for (let i = 0; i < count; i++) {
    if (edge[i] < 0 || !network) continue
    pointSeeds(network, edge[i], posMm[i], accessMm[i], true, seeds)
    node[i] = seeds.node
    legMm[i] = seeds.mm
    node2[i] = seeds.node2
    leg2Mm[i] = seeds.mm2
  }

  const nodeCount = network ? network.graph.nodeCount : 0
  const edgeU = network ? network.edges.u : new Int32Array(0)
  const edgeV = network ? network.edges.v : new Int32Array(0)
  const nodeCellStart = new Int32Array(nodeCount + 1)
  let unsnappedCount = 0
  for (let i = 0; i < count; i++) {
    const e = edge[i]
    if (e < 0) {
      unsnappedCount++
      continue
    }
    nodeCellStart[edgeU[e] + 1]++
    nodeCellStart[edgeV[e] + 1]++
  }
  for (let u = 0; u < nodeCount; u++) nodeCellStart[u + 1] += nodeCellStart[u]
  const nodeCells = new Int32Array(nodeCellStart[nodeCount])
  const fill = nodeCellStart.slice(0, nodeCount)
  const unsnapped = new Int32Array(unsnappedCount)
  for (let i = 0, k = 0; i < count; i++) {
    const e = edge[i]
    if (e < 0) {
      unsnapped[k++] = i
      continue
    }
    nodeCells[fill[edgeU[e]]++] = i
    nodeCells[fill[edgeV[e]]++] = i
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
      count, lng, lat, node, legMm, node2, leg2Mm, edge, posMm, accessMm, nodeCellStart, nodeCells, unsnapped,
      grid,
      unsnappedGrid: buildPointGrid(unsnappedLng, unsnappedLat, { cellSizeM: 500, extent, ids: unsnapped }),
      facilityBucket,
      block: cellBlocks(grid, count),
    },
    maxSnapDistanceM,
    detourFactor,
    legFactor,
    extent,
    scratch: network ? createSearchScratch(nodeCount) : null,
    queue: network ? createBucketQueue(nodeCount) : null,
    cellStamp: new Int32Array(count),
    cellEpoch: 0,
  }
}
