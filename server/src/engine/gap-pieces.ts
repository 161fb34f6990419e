/**
 * Gap pieces (issue 12.4): a service gap larger than what one facility covers, split into
 * facility-sized pieces by greedy siting inside it. Candidate sites are the gap's own populated
 * cells; each round the greedy maximal covering (siting.ts) picks the site that newly covers the
 * most of the gap's target residents within the threshold; the piece is the cells that site serves
 * and its residents are what one new facility there would cover. The gap itself stays the parent
 * (its contiguous outline); pieces may leave residents no site reaches within `maxPieces`.
 */
import { facilityCatchments } from './catchments'
import { createFacilitySet } from './facility-set'
import { distanceM } from './geo'
import { type CoverageSets, greedyMaximalCover } from './siting'
import type { TravelContext } from './travel-context'

export interface GapPiecesInput {
  /** The gap's cells (indexes into the context's cells). */
  cells: ArrayLike<number>
  /** Target persons per context cell (only the gap's cells are read). */
  targetPopulation: Float64Array
  thresholdMinutes: number
  speedKmh: number
  /** Persons one facility can serve (null: no limit, the catchment decides). */
  capacity?: number | null
  /** At most this many pieces (default 50). */
  maxPieces?: number
  /** At most this many candidate sites (default 2,000): more populated cells are thinned on a square grid. */
  maxCandidates?: number
}

export interface GapPiece {
  /** The site: a cell of the gap, and its centroid. */
  siteCell: number
  lng: number
  lat: number
  /** Target residents one facility at the site newly covers (≤ capacity). */
  targetPopulation: number
  /** Cells this site serves most of (a cell split by a capacity goes to its larger share), nearest first. */
  cells: number[]
}

export interface GapPieces {
  pieces: GapPiece[]
  /** Target residents of the gap, and those no piece covers. */
  targetPopulation: number
  uncoveredPopulation: number
}

/**
 * Splits one gap into pieces, one per greedily chosen site.
 * @example splitGap(ctx, { cells: gapCells, targetPopulation, thresholdMinutes: 10, speedKmh: 4 })
 * // { pieces: [{ siteCell, lng, lat, targetPopulation, cells }], targetPopulation, uncoveredPopulation }
 * Contract: persons in, persons out; travel times as in `facilityCatchments` (cell → site ≤
 * thresholdMinutes, inclusive, at speedKmh); pieces in order of choice with non-increasing
 * residents (without capacity, a site's residents never exceed the one before); Σ piece residents +
 * uncoveredPopulation = the gap's target residents; every cell is in at most one piece.
 */
export function splitGap(ctx: TravelContext, input: GapPiecesInput): GapPieces {
  const gap = Array.from(input.cells)
  const target = input.targetPopulation
  const inGap = new Uint8Array(ctx.cells.count)
  const weight = new Float64Array(ctx.cells.count)
  let total = 0
  for (const i of gap) {
    inGap[i] = 1
    if (target[i] > 0) {
      weight[i] = target[i]
      total += target[i]
    }
  }
  const candidates = thinCandidates(ctx, gap.filter((i) => target[i] > 0), target, input.maxCandidates ?? 2000)
  if (!candidates.length) return { pieces: [], targetPopulation: total, uncoveredPopulation: total }
  const lng = Float64Array.from(candidates, (i) => ctx.cells.lng[i])
  const lat = Float64Array.from(candidates, (i) => ctx.cells.lat[i])
  const catchments = facilityCatchments(ctx, createFacilitySet(ctx, lng, lat), { speedKmh: input.speedKmh, maxMinutes: input.thresholdMinutes })
  // Coverage sets restricted to the gap's cells, each nearest first (ties by cell index).
  const start = new Int32Array(candidates.length + 1)
  const item: number[] = []
  for (let c = 0; c < candidates.length; c++) {
    const pairs: number[] = []
    for (let p = catchments.start[c]; p < catchments.start[c + 1]; p++) if (inGap[catchments.cell[p]]) pairs.push(p)
    pairs.sort((a, b) => catchments.minutes[a] - catchments.minutes[b] || catchments.cell[a] - catchments.cell[b])
    for (const p of pairs) item.push(catchments.cell[p])
    start[c + 1] = item.length
  }
  const sets: CoverageSets = { start, item: Int32Array.from(item) }
  const capacity = input.capacity ?? null
  const chosen = greedyMaximalCover(sets, { k: input.maxPieces ?? 50, weight, capacity })
  // Replay the choice with the greedy's serving rule (nearest cells first, up to the capacity) to
  // learn which cells each site serves.
  const residual = Float64Array.from(weight)
  const owner = new Int32Array(ctx.cells.count).fill(-1)
  const ownerTake = new Float64Array(ctx.cells.count)
  const served: number[][] = chosen.chosen.map((c, k) => {
    let left = capacity ?? Infinity
    const cells: number[] = []
    for (let p = sets.start[c]; p < sets.start[c + 1] && left > 0; p++) {
      const i = sets.item[p]
      const take = Math.min(residual[i], left)
      if (!(take > 0)) continue
      residual[i] -= take
      left -= take
      cells.push(i)
      // A cell split between sites belongs to the piece that serves most of it (the first on a tie).
      if (take > ownerTake[i]) {
        owner[i] = k
        ownerTake[i] = take
      }
    }
    return cells
  })
  const pieces: GapPiece[] = chosen.chosen.map((c, k) => {
    const site = candidates[c]
    return { siteCell: site, lng: ctx.cells.lng[site], lat: ctx.cells.lat[site], targetPopulation: chosen.gains[k], cells: served[k].filter((i) => owner[i] === k) }
  })
  const covered = chosen.gains.reduce((s, g) => s + g, 0)
  return { pieces, targetPopulation: total, uncoveredPopulation: Math.max(0, total - covered) }
}

/**
 * At most `max` candidate cells: all of them when few enough, else the most populated cell of
 * each square of a grid coarse enough (side doubled from 100 m until the count fits).
 */
function thinCandidates(ctx: TravelContext, cells: number[], target: Float64Array, max: number): number[] {
  if (cells.length <= max) return cells
  const { lng, lat } = ctx.cells
  let lng0 = Infinity, lat0 = Infinity
  for (const i of cells) {
    lng0 = Math.min(lng0, lng[i])
    lat0 = Math.min(lat0, lat[i])
  }
  for (let side = 100; ; side *= 2) {
    const best = new Map<string, number>()
    for (const i of cells) {
      const x = Math.floor(distanceM(lng0, lat[i], lng[i], lat[i]) / side)
      const y = Math.floor(distanceM(lng[i], lat0, lng[i], lat[i]) / side)
      const key = `${x},${y}`
      const b = best.get(key)
      if (b === undefined || target[i] > target[b]) best.set(key, i)
    }
    if (best.size <= max) return [...best.values()].sort((a, b) => a - b)
  }
}
