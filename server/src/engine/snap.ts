/**
 * Snapping points (cell centroids, facilities, isochrone origins, sites, candidates) onto the
 * street itself: the nearest point on the nearest open segment of the mode's network within the
 * snap limit (API.md "Travel time"). A snapped point is (edge, position along it in cost units,
 * access leg in cost units); the leg is walked at the mode's access speed (`legFactor` cost units
 * per millimetre: the mode's speed over its access speed, 1 for walking).
 *
 * A point reaches the network through the ends of its edge: `pointSeeds` gives the one or two
 * (node, cost) pairs, in the direction of travel. **Direction convention**: residents travel
 * cell → facility, so a one-way segment is walked/ridden only from u to v (FORWARD) or v to u
 * (BACKWARD) in that direction: a cell leaves its segment towards a permitted end; a facility is
 * reached from the end its segment permits entering from. Isochrones run from the origin
 * outwards (the origin leaves like a cell, reached cells are entered like facilities). A point
 * snapped exactly onto an end (position 0 or the whole cost) is at that node, whatever the
 * direction. Two points on the same edge also have the direct distance along it (`directMm`).
 */
import type { StreetNetwork } from './graph'
import { type SegmentHit, nearestOnSegments } from './segment-index'

/** Catalogue default `maxSnapDistanceM`. */
export const DEFAULT_MAX_SNAP_DISTANCE_M = 500

const FORWARD = 1
const BACKWARD = 2

/** A point on the network: edge (−1 = off the network), position from u and access leg, cost units. */
export interface SnappedPoint {
  edge: number
  posMm: number
  accessMm: number
  /** The straight leg in metres (Infinity when off the network). */
  legM: number
}

/** The (one or two) ends through which a snapped point enters or leaves the network. */
export interface PointSeeds {
  /** First end node and the cost between it and the point (including the access leg); −1 = none. */
  node: number
  mm: number
  /** Second end node (−1 = none: the point is at a node, or the one-way forbids it) and its cost. */
  node2: number
  mm2: number
}

/**
 * Snaps one point onto the nearest open segment within maxSnapDistanceM (inclusive).
 * @example snapToSegment(net, 121.55, 29.87, 500, 1, out) // out.edge, out.posMm, out.accessMm
 * Contract: lng/lat degrees; legFactor > 0 cost units per mm of leg; posMm an integer in
 * [0, edge cost] = round(fraction of the polyline × edge cost); accessMm = round(legM · 1000 ·
 * legFactor); network null → off the network. Allocates nothing (`hit` is scratch).
 */
export function snapToSegment(
  network: StreetNetwork | null, lng: number, lat: number, maxSnapDistanceM: number, legFactor: number,
  out: SnappedPoint, hit: SegmentHit = { edge: -1, distM: 0, fraction: 0 },
): void {
  out.edge = -1
  out.posMm = 0
  out.accessMm = 0
  out.legM = Infinity
  if (network === null || network.edges.count === 0) return
  nearestOnSegments(network.edges, network.segmentGrid, lng, lat, maxSnapDistanceM, hit)
  if (hit.edge < 0) return
  out.edge = hit.edge
  out.posMm = Math.round(hit.fraction * network.edges.costMm[hit.edge])
  out.accessMm = Math.round(hit.distM * 1000 * legFactor)
  out.legM = hit.distM
}

/**
 * The network ends of a snapped point, in the direction of travel.
 * @example pointSeeds(net, edge, posMm, accessMm, true, seeds) // a cell: seeds.node, seeds.mm (+ node2, mm2)
 * Contract: fromPoint = true for travel from the point onto the network (cells, isochrone
 * origins), false for travel from the network to the point (facilities, isochrone cells); a
 * point at an end has just that node (cost = its access leg); otherwise each permitted end with
 * cost = access + the along-edge part (posMm to u, cost − posMm to v); edge −1 → no seeds.
 */
export function pointSeeds(network: StreetNetwork, edge: number, posMm: number, accessMm: number, fromPoint: boolean, out: PointSeeds): void {
  out.node = -1
  out.mm = 0
  out.node2 = -1
  out.mm2 = 0
  if (edge < 0) return
  const e = network.edges
  const cost = e.costMm[edge]
  if (posMm <= 0) {
    out.node = e.u[edge]
    out.mm = accessMm
    return
  }
  if (posMm >= cost) {
    out.node = e.v[edge]
    out.mm = accessMm
    return
  }
  const dir = e.dir[edge]
  // From the point: towards u is travelling v → u (BACKWARD). To the point: from u is u → v (FORWARD).
  const viaU = fromPoint ? (dir & BACKWARD) !== 0 : (dir & FORWARD) !== 0
  const viaV = fromPoint ? (dir & FORWARD) !== 0 : (dir & BACKWARD) !== 0
  if (viaU) {
    out.node = e.u[edge]
    out.mm = accessMm + posMm
  }
  if (viaV) {
    if (out.node < 0) {
      out.node = e.v[edge]
      out.mm = accessMm + cost - posMm
    } else {
      out.node2 = e.v[edge]
      out.mm2 = accessMm + cost - posMm
    }
  }
}

/**
 * Cost along one edge from position `fromMm` to `toMm` (both on `edge`), or −1 when its direction
 * is not permitted.
 * @example directMm(net, e, 100_000, 300_000) // 200_000 on a two-way edge
 * Contract: |toMm − fromMm| when equal, or when the edge permits u → v (to > from) / v → u (to < from).
 */
export function directMm(network: StreetNetwork, edge: number, fromMm: number, toMm: number): number {
  if (toMm === fromMm) return 0
  const dir = network.edges.dir[edge]
  if (toMm > fromMm) return (dir & FORWARD) !== 0 ? toMm - fromMm : -1
  return (dir & BACKWARD) !== 0 ? fromMm - toMm : -1
}

/** Batch result of `snapPoints`. */
export interface PointSnap {
  edge: Int32Array
  posMm: Int32Array
  accessMm: Int32Array
  /** Straight leg in metres; Infinity when not snapped. */
  legM: Float64Array
}

/**
 * Snaps many points (see `snapToSegment`).
 * @example snapPoints(net, lng, lat, 500) // { edge, posMm, accessMm, legM }
 * Contract: as `snapToSegment` per point; edge −1 for points beyond the limit or without a
 * network. O(points) grid queries, no allocation per point.
 */
export function snapPoints(
  network: StreetNetwork | null, lng: Float64Array, lat: Float64Array,
  maxSnapDistanceM: number = DEFAULT_MAX_SNAP_DISTANCE_M, legFactor = 1,
): PointSnap {
  const n = lng.length
  const out: PointSnap = { edge: new Int32Array(n).fill(-1), posMm: new Int32Array(n), accessMm: new Int32Array(n), legM: new Float64Array(n).fill(Infinity) }
  const one: SnappedPoint = { edge: -1, posMm: 0, accessMm: 0, legM: Infinity }
  const hit: SegmentHit = { edge: -1, distM: 0, fraction: 0 }
  for (let i = 0; i < n; i++) {
    snapToSegment(network, lng[i], lat[i], maxSnapDistanceM, legFactor, one, hit)
    out.edge[i] = one.edge
    out.posMm[i] = one.posMm
    out.accessMm[i] = one.accessMm
    out.legM[i] = one.legM
  }
  return out
}
