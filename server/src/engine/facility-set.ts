/**
 * The facilities of one type, snapped to the network of a travel context: coordinates, snap node
 * and leg, an active flag (removed facilities stay as inactive slots so indices never shift) and
 * grids for straight-line nearest-neighbour queries. Appending is amortised O(1), for what-if.
 */
import { bucketRingDistances } from './grid-lower-bound'
import { type PointGrid, buildPointGrid, insertPoint } from './point-grid'
import { snapPoint } from './snap'
import { FACILITY_GRID_CELL_M, type TravelContext } from './travel-context'

export interface FacilitySet {
  /** Facility slots in use (active or not); index = position in the input, then append order. */
  count: number
  lng: Float64Array
  lat: Float64Array
  /** Snap node (−1 = off the network) and leg in whole millimetres. */
  node: Int32Array
  legMm: Int32Array
  /** 1 = present, 0 = removed. */
  active: Uint8Array
  /** Grid over all facilities, and over those off the network (ids = facility index). */
  grid: PointGrid
  unsnappedGrid: PointGrid
  /** Active facilities off the network. */
  unsnappedActive: number
  /** Bucket ring distances of `unsnappedGrid` (lower bounds for skipping queries); null = to rebuild. */
  unsnappedRings: Int32Array | null
}

/**
 * Snaps facilities (points of one type) in a travel context.
 * @example const schools = createFacilitySet(ctx, Float64Array.of(121.55), Float64Array.of(29.87))
 * Contract: lng/lat degrees of equal length; facility i keeps index i; all active.
 */
export function createFacilitySet(ctx: TravelContext, lng: Float64Array, lat: Float64Array): FacilitySet {
  const capacity = Math.max(16, lng.length * 2)
  const set: FacilitySet = {
    count: 0,
    lng: new Float64Array(capacity),
    lat: new Float64Array(capacity),
    node: new Int32Array(capacity),
    legMm: new Int32Array(capacity),
    active: new Uint8Array(capacity),
    grid: buildPointGrid(new Float64Array(0), new Float64Array(0), { cellSizeM: FACILITY_GRID_CELL_M, extent: ctx.extent }),
    unsnappedGrid: buildPointGrid(new Float64Array(0), new Float64Array(0), { cellSizeM: FACILITY_GRID_CELL_M, extent: ctx.extent }),
    unsnappedActive: 0,
    unsnappedRings: null,
  }
  for (let i = 0; i < lng.length; i++) appendFacility(ctx, set, lng[i], lat[i])
  return set
}

/**
 * Adds one facility and returns its index (the next free slot).
 * @example const j = appendFacility(ctx, set, 121.56, 29.88)
 * Contract: lng/lat degrees; the new facility is active; existing indices are unchanged.
 */
export function appendFacility(ctx: TravelContext, set: FacilitySet, lng: number, lat: number): number {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) throw new RangeError(`facility coordinates must be finite, got ${lng}, ${lat}`)
  if (set.count === set.lng.length) growFacilitySet(set)
  const j = set.count++
  const [node, legM] = snapPoint(ctx.network, lng, lat, ctx.maxSnapDistanceM)
  set.lng[j] = lng
  set.lat[j] = lat
  set.node[j] = node
  set.legMm[j] = node >= 0 ? Math.round(legM * 1000) : 0
  set.active[j] = 1
  insertPoint(set.grid, lng, lat, j)
  if (node < 0) {
    insertPoint(set.unsnappedGrid, lng, lat, j)
    set.unsnappedActive++
    set.unsnappedRings = null
  }
  return j
}

/**
 * Marks facility j removed (its slot stays so other indices do not move).
 * @example deactivateFacility(set, 3)
 * Contract: 0 ≤ j < count; idempotent.
 */
export function deactivateFacility(set: FacilitySet, j: number): void {
  if (!(j >= 0 && j < set.count)) throw new RangeError(`no facility ${j}`)
  if (set.active[j] === 0) return
  set.active[j] = 0
  if (set.node[j] < 0) set.unsnappedActive--
}

/**
 * Ring distances of the off-network facilities' grid, rebuilt if facilities were added.
 * @example const rings = unsnappedFacilityRings(set)
 * Contract: valid lower-bound data for `distanceLowerBoundM(set.unsnappedGrid, rings, …)`.
 */
export function unsnappedFacilityRings(set: FacilitySet): Int32Array {
  if (set.unsnappedRings === null) set.unsnappedRings = bucketRingDistances(set.unsnappedGrid, set.active)
  return set.unsnappedRings
}

function growFacilitySet(set: FacilitySet): void {
  const cap = set.lng.length * 2
  const lng = new Float64Array(cap); lng.set(set.lng); set.lng = lng
  const lat = new Float64Array(cap); lat.set(set.lat); set.lat = lat
  const node = new Int32Array(cap); node.set(set.node); set.node = node
  const legMm = new Int32Array(cap); legMm.set(set.legMm); set.legMm = legMm
  const active = new Uint8Array(cap); active.set(set.active); set.active = active
}
