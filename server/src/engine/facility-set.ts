/**
 * The facilities of one type, snapped onto the street segments of a travel context (snap.ts):
 * coordinates, the ends through which the network reaches each (node → facility), an active flag (removed facilities stay as inactive slots so indices never shift) and
 * grids for straight-line nearest-neighbour queries. Appending is amortised O(1), for what-if.
 */
import { bucketRingDistances } from './grid-lower-bound'
import { type PointGrid, buildPointGrid, insertPoint } from './point-grid'
import { type PointSeeds, type SnappedPoint, pointSeeds, snapToSegment } from './snap'
import { FACILITY_GRID_CELL_M, type TravelContext } from './travel-context'

export interface FacilitySet {
  /** Facility slots in use (active or not); index = position in the input, then append order. */
  count: number
  lng: Float64Array
  lat: Float64Array
  /**
   * Ends through which the network reaches the facility (snap.ts `pointSeeds`, network →
   * facility): first node (−1 = off the network) and the cost from it (along the edge + access
   * leg, cost units); second node (−1 = none) and its cost.
   */
  node: Int32Array
  legMm: Int32Array
  node2: Int32Array
  leg2Mm: Int32Array
  /** Edge (−1 = off the network), position along it from u and the access leg alone (cost units). */
  edge: Int32Array
  posMm: Int32Array
  accessMm: Int32Array
  /** Facilities (active or not) on each edge that has any, for cells on the same edge. */
  onEdge: Map<number, number[]>
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
    node2: new Int32Array(capacity),
    leg2Mm: new Int32Array(capacity),
    edge: new Int32Array(capacity),
    posMm: new Int32Array(capacity),
    accessMm: new Int32Array(capacity),
    onEdge: new Map(),
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
  const snapped: SnappedPoint = { edge: -1, posMm: 0, accessMm: 0, legM: Infinity }
  const seeds: PointSeeds = { node: -1, mm: 0, node2: -1, mm2: 0 }
  snapToSegment(ctx.network, lng, lat, ctx.maxSnapDistanceM, ctx.legFactor, snapped)
  if (ctx.network && snapped.edge >= 0) pointSeeds(ctx.network, snapped.edge, snapped.posMm, snapped.accessMm, false, seeds)
  else seeds.node = seeds.node2 = -1
  const node = seeds.node
  set.lng[j] = lng
  set.lat[j] = lat
  set.node[j] = node
  set.legMm[j] = node >= 0 ? seeds.mm : 0
  set.node2[j] = node >= 0 ? seeds.node2 : -1
  set.leg2Mm[j] = node >= 0 ? seeds.mm2 : 0
  set.edge[j] = node >= 0 ? snapped.edge : -1
  set.posMm[j] = node >= 0 ? snapped.posMm : 0
  set.accessMm[j] = node >= 0 ? snapped.accessMm : 0
  if (node >= 0) {
    const list = set.onEdge.get(snapped.edge)
    if (list) list.push(j)
    else set.onEdge.set(snapped.edge, [j])
  }
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
  const node2 = new Int32Array(cap); node2.set(set.node2); set.node2 = node2
  const leg2Mm = new Int32Array(cap); leg2Mm.set(set.leg2Mm); set.leg2Mm = leg2Mm
  const edge = new Int32Array(cap); edge.set(set.edge); set.edge = edge
  const posMm = new Int32Array(cap); posMm.set(set.posMm); set.posMm = posMm
  const accessMm = new Int32Array(cap); accessMm.set(set.accessMm); set.accessMm = accessMm
  const active = new Uint8Array(cap); active.set(set.active); set.active = active
}
