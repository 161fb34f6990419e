/**
 * Snapping points (cell centroids, facilities, isochrone origins) to the nearest street node.
 * API.md: the straight-line leg from a point to its node is travelled at the same speed as the
 * network; a point farther than the snap limit is not on the network and falls back to
 * straight-line distance × detour factor.
 */
import type { StreetNetwork } from './graph'
import { type NearestHit, nearestPoint } from './point-grid'

/** Catalogue default `maxSnapDistanceM`. */
export const DEFAULT_MAX_SNAP_DISTANCE_M = 500

export interface PointSnap {
  /** Graph node of each point, −1 when it is farther than the limit (or there is no network). */
  node: Int32Array
  /** Straight-line leg to that node in metres; Infinity when not snapped. */
  legM: Float64Array
}

/**
 * Snaps each point to its nearest network node within maxSnapDistanceM.
 * @example snapPoints(net, Float64Array.of(121.55), Float64Array.of(29.87)) // { node: [17], legM: [42.3] }
 * Contract: lng/lat degrees; maxSnapDistanceM metres ≥ 0, inclusive; ties go to the lower node
 * index; network null → every point unsnapped. O(points) grid queries, no allocation per point.
 */
export function snapPoints(
  network: StreetNetwork | null,
  lng: Float64Array,
  lat: Float64Array,
  maxSnapDistanceM: number = DEFAULT_MAX_SNAP_DISTANCE_M,
): PointSnap {
  const n = lng.length
  const node = new Int32Array(n).fill(-1)
  const legM = new Float64Array(n).fill(Infinity)
  if (network === null || network.graph.nodeCount === 0) return { node, legM }
  const hit: NearestHit = { id: -1, distM: 0 }
  for (let i = 0; i < n; i++) {
    nearestPoint(network.nodeGrid, lng[i], lat[i], maxSnapDistanceM, null, hit)
    if (hit.id >= 0) {
      node[i] = hit.id
      legM[i] = hit.distM
    }
  }
  return { node, legM }
}

/**
 * Snaps one point; returns [node, legM] with node −1 when it is off the network.
 * @example snapPoint(net, 121.55, 29.87, 500) // [17, 42.3]
 * Contract: as `snapPoints` for a single point.
 */
export function snapPoint(network: StreetNetwork | null, lng: number, lat: number, maxSnapDistanceM: number): [number, number] {
  if (network === null || network.graph.nodeCount === 0) return [-1, Infinity]
  const hit: NearestHit = { id: -1, distM: 0 }
  nearestPoint(network.nodeGrid, lng, lat, maxSnapDistanceM, null, hit)
  return hit.id >= 0 ? [hit.id, hit.distM] : [-1, Infinity]
}
