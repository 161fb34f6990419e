/**
 * Incremental what-if on a nearest-facility field: add, remove or move one facility and update
 * only the cells whose answer changes, in place.
 *
 * - add: a Dijkstra from the new facility (seeded at one or both ends of its segment) on the
 *   field's own labels; it only spreads where it beats the current label, i.e. over the new
 *   facility's own catchment (≪ 1 ms in a city); cells on its own segment also get the direct
 *   distance along it.
 *   Straight-line pairs (every cell for a facility off the network, else the off-network cells)
 *   come from a sweep over the field's block bounds (field-bounds.ts): only blocks holding a
 *   cell that could be closer to the new facility than to its current one are visited, so the
 *   cost follows the catchment, not the city (≈ 0.2 ms with 800 k cells and no network).
 * - remove: the removed facility's region (nodes labelled with it, a forest rooted at its seed
 *   nodes) is cleared, re-seeded from its boundary and from other facilities' seeds inside it,
 *   and re-settled; only cells that pointed to it (through the region or along its segment)
 *   are re-evaluated — those it served in a straight line are found by the same bounded sweep
 *   (their distance to it is their current time), and their rising times raise the bounds.
 * - move = remove + add (the moved facility gets a new index; the old slot stays inactive).
 * Labels are lexicographic minima (see dijkstra.ts), so every operation leaves exactly the arrays
 * a full recomputation would produce; add-then-remove restores the original bit for bit.
 */
import { UNREACHED, beginTouched, seedNode, settle } from './dijkstra'
import { type FacilitySet, appendFacility, deactivateFacility } from './facility-set'
import { type FieldBounds, buildFieldBounds, raiseFieldBound, sweepFieldBounds } from './field-bounds'
import { metresToMinutes } from './geo'
import type { TravelHit } from './straight-line'
import type { TravelContext } from './travel-context'
import { type NearestFacilityField, evaluateCell, sameEdgeMm } from './travel-time'

export interface FieldChange {
  /** Cells whose time or nearest facility changed. */
  cells: Int32Array
  /** Their previous metres and nearest facility (the new values are in the field). */
  beforeMetres: Float64Array
  beforeNearest: Int32Array
}

interface ChangeRecorder {
  epoch: number
  cells: number[]
  beforeMetres: number[]
  beforeNearest: number[]
}

/**
 * Adds a facility at (lng, lat) and updates the field.
 * @example const { index, change } = addFacility(ctx, schools, field, 121.56, 29.88)
 * Contract: lng/lat degrees; index = the new facility's index; the field equals a full
 * recomputation with the facility added; change lists exactly the cells that improved. The
 * first straight-line update of a field builds its block bounds (O(cells), once).
 */
export function addFacility(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, lng: number, lat: number): { index: number; change: FieldChange } {
  const rec = beginChange(ctx)
  const index = insertIntoField(ctx, facilities, field, lng, lat, rec)
  return { index, change: endChange(field, rec) }
}

/**
 * Removes facility `index` and updates the field.
 * @example const change = removeFacility(ctx, schools, field, 3)
 * Contract: 0 ≤ index < facilities.count; the field equals a full recomputation without the
 * facility; change lists exactly the cells that got worse (or changed facility).
 */
export function removeFacility(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, index: number): FieldChange {
  const rec = beginChange(ctx)
  removeFromField(ctx, facilities, field, index, rec)
  return endChange(field, rec)
}

/**
 * Moves facility `index` to (lng, lat): remove + add. Returns the facility's new index.
 * @example const { index, change } = moveFacility(ctx, schools, field, 3, 121.57, 29.88)
 * Contract: as remove then add; change has each affected cell once, with its value before the move.
 */
export function moveFacility(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, index: number, lng: number, lat: number): { index: number; change: FieldChange } {
  const rec = beginChange(ctx)
  removeFromField(ctx, facilities, field, index, rec)
  const newIndex = insertIntoField(ctx, facilities, field, lng, lat, rec)
  return { index: newIndex, change: endChange(field, rec) }
}

/**
 * Change in covered target population implied by a field change.
 * @example coveredPopulationChange(change, field, targetPop, 15) // +1840
 * Contract: targetPopulation per cell (persons ≥ 0); covered = minutes ≤ thresholdMinutes;
 * returns persons newly covered minus persons no longer covered.
 */
export function coveredPopulationChange(change: FieldChange, field: NearestFacilityField, targetPopulation: Float64Array, thresholdMinutes: number): number {
  let gain = 0
  for (let k = 0; k < change.cells.length; k++) {
    const c = change.cells[k]
    const before = metresToMinutes(change.beforeMetres[k], field.speedKmh) <= thresholdMinutes
    const after = field.minutes[c] <= thresholdMinutes
    if (before !== after) gain += after ? targetPopulation[c] : -targetPopulation[c]
  }
  return gain
}

function insertIntoField(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, lng: number, lat: number, rec: ChangeRecorder): number {
  const j = appendFacility(ctx, facilities, lng, lat)
  const cells = ctx.cells
  const cutoffMm = field.cutoffMm
  const node = facilities.node[j]
  const labels = field.labels
  if (node >= 0 && labels && ctx.network && ctx.scratch) {
    const { heap, touched } = ctx.scratch
    beginTouched(touched)
    if (facilities.legMm[j] <= cutoffMm) seedNode(labels, heap, node, facilities.legMm[j], j, touched)
    const node2 = facilities.node2[j]
    if (node2 >= 0 && facilities.leg2Mm[j] <= cutoffMm) seedNode(labels, heap, node2, facilities.leg2Mm[j], j, touched)
    settle(ctx.network.reversed, labels, heap, cutoffMm, touched)
    // Only nodes now labelled j changed; each cell takes whichever of its ends improved.
    for (let k = 0; k < touched.count; k++) {
      const u = touched.list[k]
      const du = labels.dist[u]
      for (let p = cells.nodeCellStart[u]; p < cells.nodeCellStart[u + 1]; p++) {
        const c = cells.nodeCells[p]
        const d = cells.node[c] === u ? du + cells.legMm[c] : cells.node2[c] === u ? du + cells.leg2Mm[c] : Infinity
        if (d <= cutoffMm) offer(ctx, field, rec, c, d, j)
      }
    }
    // Cells on the new facility's own segment: the direct distance along it.
    const e = facilities.edge[j]
    const eu = ctx.network.edges.u[e]
    for (let p = cells.nodeCellStart[eu]; p < cells.nodeCellStart[eu + 1]; p++) {
      const c = cells.nodeCells[p]
      if (cells.edge[c] !== e) continue
      const mm = sameEdgeMm(ctx, facilities, c, j)
      if (mm >= 0 && mm <= cutoffMm) offer(ctx, field, rec, c, mm, j)
    }
  }
  // Straight-line pairs: with every cell if the facility is off the network, else with
  // off-network cells; only blocks whose bound it could beat are visited.
  const onNetwork = node >= 0
  if (onNetwork ? cells.unsnapped.length > 0 : cells.count > 0) {
    const snap = cells.node
    sweepFieldBounds(ctx, fieldBounds(ctx, field), field.metres, lng, lat, ctx.detourFactor, cutoffMm, (c, mm) => {
      if (mm <= cutoffMm && !(onNetwork && snap[c] >= 0)) offer(ctx, field, rec, c, mm, j)
    })
  }
  return j
}

function removeFromField(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, j: number, rec: ChangeRecorder): void {
  if (!(j >= 0 && j < facilities.count)) throw new RangeError(`no facility ${j}`)
  if (facilities.active[j] === 0) return
  deactivateFacility(facilities, j)
  const cells = ctx.cells
  const hit: TravelHit = { id: -1, mm: 0 }
  const labels = field.labels
  const start = facilities.node[j]
  const start2 = facilities.node2[j]
  if (start >= 0 && labels && ctx.network && ctx.scratch) {
    const search = ctx.network.reversed
    const transpose = ctx.network.graph
    const { heap, touched } = ctx.scratch
    const { dist, origin } = labels
    const cutoffMm = field.cutoffMm
    // The region labelled j is a shortest-path forest rooted at j's (one or two) seed nodes:
    // collect it breadth-first.
    beginTouched(touched)
    for (const root of [start, start2]) {
      if (root >= 0 && origin[root] === j && touched.stamp[root] !== touched.epoch) {
        touched.stamp[root] = touched.epoch
        touched.list[touched.count++] = root
      }
    }
    for (let k = 0; k < touched.count; k++) {
      const u = touched.list[k]
      for (let a = search.arcStart[u]; a < search.arcStart[u + 1]; a++) {
        const v = search.arcTarget[a]
        if (origin[v] === j && touched.stamp[v] !== touched.epoch) {
          touched.stamp[v] = touched.epoch
          touched.list[touched.count++] = v
        }
      }
    }
    const regionSize = touched.count
    for (let k = 0; k < regionSize; k++) {
      dist[touched.list[k]] = UNREACHED
      origin[touched.list[k]] = -1
    }
    // Re-seed from outside neighbours (arcs w → u of the search graph are u → w of its transpose)…
    for (let k = 0; k < regionSize; k++) {
      const u = touched.list[k]
      for (let a = transpose.arcStart[u]; a < transpose.arcStart[u + 1]; a++) {
        const w = transpose.arcTarget[a]
        if (origin[w] < 0) continue
        const d = dist[w] + transpose.arcLengthMm[a]
        if (d <= cutoffMm) seedNode(labels, heap, u, d, origin[w], null)
      }
    }
    // …and from other facilities with a seed node inside the region.
    if (regionSize > 0) {
      for (let f = 0; f < facilities.count; f++) {
        if (facilities.active[f] === 0) continue
        const u = facilities.node[f]
        if (u >= 0 && touched.stamp[u] === touched.epoch && facilities.legMm[f] <= cutoffMm) seedNode(labels, heap, u, facilities.legMm[f], f, null)
        const u2 = facilities.node2[f]
        if (u2 >= 0 && touched.stamp[u2] === touched.epoch && facilities.leg2Mm[f] <= cutoffMm) seedNode(labels, heap, u2, facilities.leg2Mm[f], f, null)
      }
    }
    settle(search, labels, heap, cutoffMm, null)
    for (let k = 0; k < regionSize; k++) {
      const u = touched.list[k]
      for (let p = cells.nodeCellStart[u]; p < cells.nodeCellStart[u + 1]; p++) {
        const c = cells.nodeCells[p]
        if (field.nearest[c] === j) reevaluate(ctx, facilities, field, rec, c, hit)
      }
    }
    // Cells j served directly along its own segment.
    const e = facilities.edge[j]
    const eu = ctx.network.edges.u[e]
    for (let p = cells.nodeCellStart[eu]; p < cells.nodeCellStart[eu + 1]; p++) {
      const c = cells.nodeCells[p]
      if (cells.edge[c] === e && field.nearest[c] === j) reevaluate(ctx, facilities, field, rec, c, hit)
    }
  }
  // Cells that reached j in a straight line (any cell if j is off the network, else off-network
  // cells): their distance to j is their metres, so only blocks with a bound that far are visited.
  if (start >= 0 && cells.unsnapped.length === 0) return
  const snap = cells.node
  sweepFieldBounds(ctx, fieldBounds(ctx, field), field.metres, facilities.lng[j], facilities.lat[j], ctx.detourFactor, field.cutoffMm, (c) => {
    if (field.nearest[c] === j && !(start >= 0 && snap[c] >= 0)) reevaluate(ctx, facilities, field, rec, c, hit)
  })
}

/** The field's block bounds, built on first use. */
function fieldBounds(ctx: TravelContext, field: NearestFacilityField): FieldBounds {
  if (field.bounds === null) field.bounds = buildFieldBounds(ctx, field.metres)
  return field.bounds
}

/** Recomputes cell c after its facility went away (its metres can only rise: bounds follow). */
function reevaluate(ctx: TravelContext, facilities: FacilitySet, field: NearestFacilityField, rec: ChangeRecorder, c: number, hit: TravelHit): void {
  record(ctx, field, rec, c)
  evaluateCell(ctx, facilities, field, c, hit)
  if (field.bounds !== null) raiseFieldBound(ctx, field.bounds, c, field.metres[c])
}

function beginChange(ctx: TravelContext): ChangeRecorder {
  ctx.cellEpoch++
  if (ctx.cellEpoch === 0x7fffffff) {
    ctx.cellStamp.fill(0)
    ctx.cellEpoch = 1
  }
  return { epoch: ctx.cellEpoch, cells: [], beforeMetres: [], beforeNearest: [] }
}

function record(ctx: TravelContext, field: NearestFacilityField, rec: ChangeRecorder, c: number): void {
  if (ctx.cellStamp[c] === rec.epoch) return
  ctx.cellStamp[c] = rec.epoch
  rec.cells.push(c)
  rec.beforeMetres.push(field.metres[c])
  rec.beforeNearest.push(field.nearest[c])
}

/** Gives cell c facility j at distanceMm if that is lexicographically better than what it has. */
function offer(ctx: TravelContext, field: NearestFacilityField, rec: ChangeRecorder, c: number, distanceMm: number, j: number): void {
  const metres = distanceMm / 1000
  if (!(metres < field.metres[c] || (metres === field.metres[c] && j < field.nearest[c]))) return
  record(ctx, field, rec, c)
  field.metres[c] = metres
  field.minutes[c] = metresToMinutes(metres, field.speedKmh)
  field.nearest[c] = j
}

/** Keeps the cells whose value really changed (a move can land where it started). */
function endChange(field: NearestFacilityField, rec: ChangeRecorder): FieldChange {
  const keep: number[] = []
  for (let k = 0; k < rec.cells.length; k++) {
    const c = rec.cells[k]
    if (field.metres[c] !== rec.beforeMetres[k] || field.nearest[c] !== rec.beforeNearest[k]) keep.push(k)
  }
  return {
    cells: Int32Array.from(keep, (k) => rec.cells[k]),
    beforeMetres: Float64Array.from(keep, (k) => rec.beforeMetres[k]),
    beforeNearest: Int32Array.from(keep, (k) => rec.beforeNearest[k]),
  }
}
