/**
 * Minutes from every cell to the nearest facility of one type (API.md "Travel time"): one
 * multi-source search per type from all facilities at once, each seeded at the ends of its
 * segment with the along-edge part and its access leg, on the reversed graph so times run
 * *towards* the facilities; then per cell the better of its segment's ends (its own along-edge
 * part and leg), and the direct distance along the segment to facilities on the same one. Pairs
 * with an end off the network use straight-line distance × detour factor instead: cells off the
 * network in one batch (straight-line.ts), snapped cells against off-network facilities by a
 * bounded sweep per such facility (field-bounds.ts).
 *
 * Unreachable (or beyond `maxMinutes`) = Infinity here; the API writes it as `minutes: null`.
 */
import { searchFromSources } from './bucket-search'
import { type SearchLabels, createLabels } from './dijkstra'
import { type FacilitySet, unsnappedFacilityRings } from './facility-set'
import { distanceLimitMm, metresToMinutes } from './geo'
import { type FieldBounds, completeFieldBounds, createFieldBounds, sweepFieldBounds } from './field-bounds'
import { distanceLowerBoundM } from './grid-lower-bound'
import { type TravelHit, nearestByTravelMm, straightLineNearestAll } from './straight-line'
import { directMm } from './snap'
import type { TravelContext } from './travel-context'

export { straightLineMm } from './straight-line'

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
  /**
   * Per ≈ 1 km block: upper bounds of `metres` for straight-line updates (field-bounds.ts), null
   * until needed. Kept valid by the engine's own updates; code that writes `metres` itself must
   * reset it to null.
   */
  bounds: FieldBounds | null
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
 * equal times (whole millimetres) go to the lower facility index; a pair is timed over the
 * network iff both ends are snapped. One search over the reached part of the graph, O(cells)
 * afterwards; with `reuse`, the arrays are overwritten and its bounds reset. Every cell equals
 * `evaluateCell`'s answer.
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
    ? Object.assign(reuse, { speedKmh, cutoffMm, bounds: null })
    : {
        speedKmh,
        cutoffMm,
        metres: new Float64Array(n),
        minutes: new Float64Array(n),
        nearest: new Int32Array(n),
        labels: ctx.network ? createLabels(ctx.network.graph.nodeCount) : null,
        bounds: null,
      }

  if (ctx.network && ctx.queue && field.labels) {
    if (reuse) {
      field.labels.dist.fill(0x7fffffff)
      field.labels.origin.fill(-1)
    }
    const sources = {
      node: facilities.node, startMm: facilities.legMm, node2: facilities.node2, start2Mm: facilities.leg2Mm,
      active: facilities.active, count: facilities.count,
    }
    searchFromSources(ctx.network.reversed, field.labels, ctx.queue, sources, cutoffMm)
  }

  // Cells off the network (all of them without one) meet facilities only in a straight line:
  // one batch for all of them. Same rules as evaluateCell.
  const cells = ctx.cells
  straightLineNearestAll(field.labels ? cells.unsnappedGrid : cells.grid, facilities, ctx.detourFactor, cutoffMm, field)
  if (!field.labels) return field

  // Per snapped cell: the better of its ends' labels plus its own along-edge part and leg
  // (input order: the writes are sequential).
  const { node, legMm, node2, leg2Mm, block } = cells
  const { metres, minutes, nearest } = field
  const { dist, origin } = field.labels
  for (let i = 0; i < n; i++) {
    const u = node[i]
    if (u < 0) continue
    let d = dist[u] + legMm[i]
    let o = origin[u]
    const w = node2[i]
    if (w >= 0) {
      const d2 = dist[w] + leg2Mm[i]
      if (d2 < d || (d2 === d && origin[w] < o)) {
        d = d2
        o = origin[w]
      }
    }
    if (d <= cutoffMm) {
      metres[i] = d / 1000
      minutes[i] = metresToMinutes(d / 1000, speedKmh)
      nearest[i] = o
    } else {
      metres[i] = Infinity
      minutes[i] = Infinity
      nearest[i] = -1
    }
  }
  // Cells on a facility's own segment: the direct distance along it (facilities in index order,
  // so equal times keep the lower index).
  const ends = ctx.network!.edges
  facilities.onEdge.forEach((list, edge) => {
    const start = cells.nodeCellStart[ends.u[edge]], end = cells.nodeCellStart[ends.u[edge] + 1]
    for (let k = 0; k < list.length; k++) {
      const j = list[k]
      if (facilities.active[j] === 0) continue
      for (let p = start; p < end; p++) {
        const c = cells.nodeCells[p]
        if (cells.edge[c] !== edge) continue
        const mm = sameEdgeMm(ctx, facilities, c, j)
        if (mm >= 0 && mm <= cutoffMm && (mm / 1000 < metres[c] || (mm / 1000 === metres[c] && j < nearest[c]))) {
          metres[c] = mm / 1000
          minutes[c] = metresToMinutes(mm / 1000, speedKmh)
          nearest[c] = j
        }
      }
    }
  })
  // With off-network facilities: the per-block maxima their straight-line sweeps prune by.
  const bounds = facilities.unsnappedActive > 0 ? createFieldBounds(ctx) : null
  const base = bounds ? bounds.levels[0] : null
  if (base !== null) {
    for (let i = 0; i < n; i++) {
      const b = block[i]
      if (node[i] >= 0 && b >= 0 && metres[i] > base[b]) base[b] = metres[i]
    }
  }
  if (bounds === null || base === null) return field
  // Snapped cells against off-network facilities (straight line): each such facility sweeps the
  // blocks where it can beat the network, lexicographically as in evaluateCell.
  for (let k = 0; k < cells.unsnapped.length; k++) {
    const c = cells.unsnapped[k]
    const b = block[c]
    if (b >= 0 && metres[c] > base[b]) base[b] = metres[c]
  }
  completeFieldBounds(bounds)
  field.bounds = bounds
  let j = 0
  const offer = (c: number, mm: number) => {
    const m = mm / 1000
    if (node[c] >= 0 && mm <= cutoffMm && (m < metres[c] || (m === metres[c] && j < nearest[c]))) {
      metres[c] = m
      minutes[c] = metresToMinutes(m, speedKmh)
      nearest[c] = j
    }
  }
  for (; j < facilities.count; j++) {
    if (facilities.active[j] === 1 && facilities.node[j] < 0) {
      sweepFieldBounds(ctx, bounds, metres, facilities.lng[j], facilities.lat[j], ctx.detourFactor, cutoffMm, offer)
    }
  }
  return field
}

/**
 * (Re)computes one cell of a field from the node labels and the straight-line candidates.
 * Shared by the full run and the what-if updates, so both follow exactly the same rules.
 * @example evaluateCell(ctx, set, field, 42, { id: -1, mm: 0 })
 * Contract: writes field.metres/minutes/nearest[i]: the lexicographic minimum of
 * (whole millimetres, facility index) over the cell's network and straight-line candidates.
 */
export function evaluateCell(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, i: number, hit: TravelHit): void {
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
    const w = cells.node2[i]
    const d2 = w >= 0 ? labels.dist[w] + cells.leg2Mm[i] : Infinity
    if (d2 <= cutoffMm && (d2 < bestMm || (d2 === bestMm && labels.origin[w] < bestJ))) {
      bestMm = d2
      bestJ = labels.origin[w]
    }
    const same = facilities.onEdge.get(cells.edge[i])
    if (same) {
      for (const j of same) {
        if (facilities.active[j] === 0) continue
        const mm = sameEdgeMm(ctx, facilities, i, j)
        if (mm >= 0 && mm <= cutoffMm && (mm < bestMm || (mm === bestMm && j < bestJ))) {
          bestMm = mm
          bestJ = j
        }
      }
    }
  }
  const detour = ctx.detourFactor
  const limitMm = Math.min(bestMm, cutoffMm)
  // A snapped cell meets straight-line candidates only from off-network facilities: skip the
  // query when none can be close enough (the usual case).
  const straightLine = node < 0 || (facilities.unsnappedActive > 0 &&
    distanceLowerBoundM(facilities.unsnappedGrid, unsnappedFacilityRings(facilities), cells.facilityBucket[i]) <= (limitMm + 1) / 1000 / detour)
  if (straightLine) {
    const grid = node >= 0 ? facilities.unsnappedGrid : facilities.grid
    nearestByTravelMm(grid, cells.lng[i], cells.lat[i], detour, limitMm, facilities.active, hit)
    if (hit.id >= 0 && (hit.mm < bestMm || (hit.mm === bestMm && hit.id < bestJ))) {
      bestMm = hit.mm
      bestJ = hit.id
    }
  }
  const metres = bestMm / 1000
  field.metres[i] = metres
  field.minutes[i] = metresToMinutes(metres, field.speedKmh)
  field.nearest[i] = bestJ
}

/**
 * Cost from cell c to facility j along their common edge (access legs included), −1 when the
 * edge's direction forbids it.
 * @example sameEdgeMm(ctx, set, c, j) // 200_000 + legs for a cell and a facility 200 m apart on one block
 * Contract: cells.edge[c] === facilities.edge[j] ≥ 0; cell → facility direction (snap.ts).
 */
export function sameEdgeMm(ctx: TravelContext, facilities: FacilitySet, c: number, j: number): number {
  const along = directMm(ctx.network!, facilities.edge[j], ctx.cells.posMm[c], facilities.posMm[j])
  return along < 0 ? -1 : ctx.cells.accessMm[c] + along + facilities.accessMm[j]
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
