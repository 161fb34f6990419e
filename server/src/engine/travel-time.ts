/**
 * Minutes from every cell to the nearest facility of one type (API.md "Travel time"): one
 * multi-source search per type from all facilities at once, each seeded with its snap leg, on
 * the reversed graph so times run *towards* the facilities; then per cell its own leg. Pairs
 * with an end off the network use straight-line distance × detour factor instead.
 *
 * Unreachable (or beyond `maxMinutes`) = Infinity here; the API writes it as `minutes: null`.
 */
import { searchFromSources } from './bucket-search'
import { type SearchLabels, createLabels } from './dijkstra'
import { type FacilitySet, unsnappedFacilityRings } from './facility-set'
import { distanceLimitMm, metresToMinutes } from './geo'
import { distanceLowerBoundM } from './grid-lower-bound'
import { type NearestHit, nearestPoint } from './point-grid'
import type { TravelContext } from './travel-context'

export type TravelMethod = 'network' | 'straight-line' | 'mixed'

export interface NearestFacilityField {
  /** Speed the minutes are expressed at (km/h). */
  speedKmh: number
  /** Search limit in whole millimetres; farther cells count as unreachable. */
  cutoffMm: number
  /** Per cell: travel distance to the nearest facility in metres (whole mm), Infinity = unreachable. */
  metres: Float64Array
  /** Per cell: the same in minutes at speedKmh. */
  minutes: Float64Array
  /** Per cell: index of the nearest facility, −1 = unreachable. */
  nearest: Int32Array
  /** Per network node: the search labels (kept for incremental what-if), null without a network. */
  labels: SearchLabels | null
}

export interface NearestOptions {
  /** Travel speed in km/h (> 0). */
  speedKmh: number
  /** Stop searching beyond this many minutes (default: no limit). */
  maxMinutes?: number
  /** A previous field of the same context to overwrite instead of allocating (repeated runs). */
  reuse?: NearestFacilityField
}

/**
 * Travel time from every cell of the context to the nearest active facility.
 * @example
 * const field = travelTimeToNearest(ctx, kindergartens, { speedKmh: 4 })
 * field.minutes[i] // 10.5 for a cell 7 blocks of 100 m from the nearest kindergarten
 * Contract: speedKmh > 0; minutes ≥ 0 or Infinity; nearest[i] = −1 iff minutes[i] = Infinity;
 * equal times go to the lower facility index; a pair is timed over the network iff both ends
 * are snapped. One search over the reached part of the graph, O(cells) afterwards.
 */
export function travelTimeToNearest(ctx: TravelContext, facilities: FacilitySet, options: NearestOptions): NearestFacilityField {
  const { speedKmh } = options
  if (!(speedKmh > 0 && speedKmh < Infinity)) throw new RangeError(`speedKmh must be > 0, got ${speedKmh}`)
  const maxMinutes = options.maxMinutes ?? Infinity
  if (!(maxMinutes >= 0)) throw new RangeError(`maxMinutes must be ≥ 0, got ${maxMinutes}`)
  const cutoffMm = distanceLimitMm(maxMinutes, speedKmh)
  const n = ctx.cells.count
  const reuse = options.reuse
  const field: NearestFacilityField = reuse
    ? Object.assign(reuse, { speedKmh, cutoffMm })
    : {
        speedKmh,
        cutoffMm,
        metres: new Float64Array(n),
        minutes: new Float64Array(n),
        nearest: new Int32Array(n),
        labels: ctx.network ? createLabels(ctx.network.graph.nodeCount) : null,
      }

  if (ctx.network && ctx.queue && field.labels) {
    if (reuse) {
      field.labels.dist.fill(0x7fffffff)
      field.labels.origin.fill(-1)
    }
    const sources = { node: facilities.node, startMm: facilities.legMm, active: facilities.active, count: facilities.count }
    searchFromSources(ctx.network.reversed, field.labels, ctx.queue, sources, cutoffMm)
  }

  // Per cell: its node's label plus its own leg. The common case (snapped cell, no off-network
  // facility close enough to compete) is inlined; everything else goes through evaluateCell,
  // which applies the same rules. (Input order beat node order here: it writes sequentially.)
  const hit: NearestHit = { id: -1, distM: 0 }
  const { node, legMm, facilityBucket } = ctx.cells
  const { metres, minutes, nearest } = field
  const dist = field.labels ? field.labels.dist : null
  const origin = field.labels ? field.labels.origin : null
  const rings = facilities.unsnappedActive > 0 ? unsnappedFacilityRings(facilities) : null
  const toLimitM = 1 / 1000 / ctx.detourFactor
  for (let i = 0; i < n; i++) {
    const u = node[i]
    if (u < 0 || dist === null || origin === null) {
      evaluateCell(ctx, facilities, field, i, hit)
      continue
    }
    const d = dist[u] + legMm[i]
    if (rings !== null && distanceLowerBoundM(facilities.unsnappedGrid, rings, facilityBucket[i]) <= (Math.min(d, cutoffMm) + 1) * toLimitM) {
      evaluateCell(ctx, facilities, field, i, hit)
    } else if (d <= cutoffMm) {
      metres[i] = d / 1000
      minutes[i] = metresToMinutes(d / 1000, speedKmh)
      nearest[i] = origin[u]
    } else {
      metres[i] = Infinity
      minutes[i] = Infinity
      nearest[i] = -1
    }
  }
  return field
}

/**
 * (Re)computes one cell of a field from the node labels and the straight-line candidates.
 * Shared by the full run and the what-if updates, so both follow exactly the same rules.
 * @example evaluateCell(ctx, set, field, 42, { id: -1, distM: 0 })
 * Contract: writes field.metres/minutes/nearest[i]: the lexicographic minimum of
 * (whole millimetres, facility index) over the cell's network and straight-line candidates.
 */
export function evaluateCell(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, i: number, hit: NearestHit): void {
  const cells = ctx.cells
  const cutoffMm = field.cutoffMm
  let bestMm = Infinity
  let bestJ = -1
  const node = cells.node[i]
  if (node >= 0) {
    const labels = field.labels as SearchLabels
    const d = labels.dist[node] + cells.legMm[i]
    if (d <= cutoffMm) {
      bestMm = d
      bestJ = labels.origin[node]
    }
  }
  const detour = ctx.detourFactor
  // Widened by 1 mm so a straight-line tie is still seen and decided by index.
  const limitM = (Math.min(bestMm, cutoffMm) + 1) / 1000 / detour
  // A snapped cell meets straight-line candidates only from off-network facilities: skip the
  // query when none can be close enough (the usual case, and the costly part of a city run).
  const straightLine = node < 0 || (facilities.unsnappedActive > 0 &&
    distanceLowerBoundM(facilities.unsnappedGrid, unsnappedFacilityRings(facilities), cells.facilityBucket[i]) <= limitM)
  if (straightLine) {
    const grid = node >= 0 ? facilities.unsnappedGrid : facilities.grid
    nearestPoint(grid, cells.lng[i], cells.lat[i], limitM, facilities.active, hit)
    if (hit.id >= 0) {
      const d = straightLineMm(hit.distM, detour)
      if (d <= cutoffMm && (d < bestMm || (d === bestMm && hit.id < bestJ))) {
        bestMm = d
        bestJ = hit.id
      }
    }
  }
  const metres = bestMm / 1000
  field.metres[i] = metres
  field.minutes[i] = metresToMinutes(metres, field.speedKmh)
  field.nearest[i] = bestJ
}

/**
 * Straight-line travel distance in whole millimetres: distance × detour factor.
 * @example straightLineMm(500, 1.3) // 650_000
 * Contract: distM ≥ 0 metres, detour ≥ 1; returns an integer.
 */
export function straightLineMm(distM: number, detour: number): number {
  return Math.round(distM * detour * 1000)
}

/**
 * How the field's times were obtained, over all cells or the given ones.
 * @example travelMethod(ctx, set, field) // 'network'
 * Contract: 'network' when every timed cell went over the network (unreachable cells on the
 * network count as network), 'straight-line' when none did, 'mixed' otherwise.
 */
export function travelMethod(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, cells?: Int32Array): TravelMethod {
  let network = 0
  let straight = 0
  const count = cells ? cells.length : ctx.cells.count
  for (let k = 0; k < count; k++) {
    const i = cells ? cells[k] : k
    const j = field.nearest[i]
    const onNetwork = ctx.cells.node[i] >= 0
    if (j < 0 ? onNetwork : onNetwork && facilities.node[j] >= 0) network++
    else straight++
  }
  if (straight === 0) return ctx.network ? 'network' : 'straight-line'
  return network === 0 ? 'straight-line' : 'mixed'
}
