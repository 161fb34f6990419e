/**
 * Facility-side bounded searches: for each facility, the cells that reach it within a time limit
 * and their travel times (the catchments of 2SFCA and the coverage sets of site selection).
 * Times follow the same rules as `travelTimeToNearest` (network iff both ends are snapped onto
 * segments: legs, along-segment parts, the direct distance on a shared segment; else straight
 * line × detour), so a cell is in facility j's catchment exactly when its time to j is within
 * the limit.
 */
import { UNREACHED, boundedSearch, resetTouchedLabels } from './dijkstra'
import type { FacilitySet } from './facility-set'
import { distanceLimitMm, metresToMinutes } from './geo'
import { forEachPointWithin } from './point-grid'
import type { TravelContext } from './travel-context'
import { sameEdgeMm, straightLineMm } from './travel-time'

export interface Catchments {
  /** Pairs of facility j are start[j] … start[j + 1] − 1 (empty for inactive facilities). */
  start: Int32Array
  /** Cell of each pair, and its travel time to the facility in minutes (≤ maxMinutes). */
  cell: Int32Array
  minutes: Float64Array
  speedKmh: number
  maxMinutes: number
}

export interface CatchmentOptions {
  speedKmh: number
  /** Time limit d0 in minutes (inclusive). */
  maxMinutes: number
}

/**
 * Cells within maxMinutes of each facility, with their times.
 * @example
 * const c = facilityCatchments(ctx, clinics, { speedKmh: 4, maxMinutes: 15 })
 * c.cell.subarray(c.start[0], c.start[1]) // cells within 15 min of clinic 0
 * Contract: speedKmh > 0; maxMinutes ≥ 0; every pair has minutes ≤ maxMinutes; each cell at most
 * once per facility; one Dijkstra bounded by maxMinutes per active facility.
 */
export function facilityCatchments(ctx: TravelContext, facilities: FacilitySet, options: CatchmentOptions): Catchments {
  const { speedKmh, maxMinutes } = options
  if (!(speedKmh > 0 && speedKmh < Infinity)) throw new RangeError(`speedKmh must be > 0, got ${speedKmh}`)
  if (!(maxMinutes >= 0 && maxMinutes < Infinity)) throw new RangeError(`maxMinutes must be finite and ≥ 0, got ${maxMinutes}`)
  const cutoffMm = distanceLimitMm(maxMinutes, speedKmh)
  const cells = ctx.cells
  const detour = ctx.detourFactor
  const start = new Int32Array(facilities.count + 1)
  let cell = new Int32Array(1024)
  let minutes = new Float64Array(1024)
  let size = 0
  const push = (c: number, distanceMm: number) => {
    if (size === cell.length) {
      const nc = new Int32Array(size * 2); nc.set(cell); cell = nc
      const nm = new Float64Array(size * 2); nm.set(minutes); minutes = nm
    }
    cell[size] = c
    minutes[size++] = metresToMinutes(distanceMm / 1000, speedKmh)
  }
  const visitStraight = (c: number, distM: number) => {
    const d = straightLineMm(distM, detour)
    if (d <= cutoffMm) push(c, d)
  }
  const reachM = (cutoffMm + 1) / 1000 / detour
  for (let j = 0; j < facilities.count; j++) {
    start[j] = size
    if (facilities.active[j] === 0) continue
    const node = facilities.node[j]
    if (node >= 0 && ctx.network && ctx.scratch) {
      const scratch = ctx.scratch
      boundedSearch(ctx.network.reversed, scratch, node, facilities.legMm[j], cutoffMm, facilities.node2[j], facilities.leg2Mm[j])
      const { list, count } = scratch.touched
      const dist = scratch.labels.dist
      // A cell is listed under both ends of its edge: it is emitted once, at its first seed
      // node if the search reached that, else at its second; cells on the facility's own edge
      // after the loop, with the direct distance too. Unreached labels are UNREACHED.
      const { node: cellNode, node2: cellNode2, legMm, leg2Mm, nodeCellStart, nodeCells, edge: cellEdge } = cells
      const e = facilities.edge[j]
      const eu = ctx.network.edges.u[e]
      const ev = ctx.network.edges.v[e]
      for (let k = 0; k < count; k++) {
        const u = list[k]
        const du = dist[u]
        const atFacilityEdge = u === eu || u === ev
        const end = nodeCellStart[u + 1]
        for (let p = nodeCellStart[u]; p < end; p++) {
          const c = nodeCells[p]
          const b = cellNode2[c]
          let d: number
          if (cellNode[c] === u) {
            d = du + legMm[c]
            if (b >= 0) {
              const d2 = dist[b] + leg2Mm[c]
              if (d2 < d) d = d2
            }
          } else if (b === u && dist[cellNode[c]] === UNREACHED) d = du + leg2Mm[c]
          else continue
          if (d <= cutoffMm && !(atFacilityEdge && cellEdge[c] === e)) push(c, d)
        }
      }
      for (let p = nodeCellStart[eu]; p < nodeCellStart[eu + 1]; p++) {
        const c = nodeCells[p]
        if (cellEdge[c] !== e) continue
        const a = cellNode[c]
        const b = cellNode2[c]
        let d = dist[a] + legMm[c]
        if (b >= 0 && dist[b] + leg2Mm[c] < d) d = dist[b] + leg2Mm[c]
        const direct = sameEdgeMm(ctx, facilities, c, j)
        if (direct >= 0 && direct < d) d = direct
        if (d <= cutoffMm) push(c, d)
      }
      resetTouchedLabels(scratch)
      if (cells.unsnapped.length > 0) forEachPointWithin(cells.unsnappedGrid, facilities.lng[j], facilities.lat[j], reachM, visitStraight)
    } else {
      forEachPointWithin(cells.grid, facilities.lng[j], facilities.lat[j], reachM, visitStraight)
    }
  }
  start[facilities.count] = size
  return { start, cell: cell.slice(0, size), minutes: minutes.slice(0, size), speedKmh, maxMinutes }
}
