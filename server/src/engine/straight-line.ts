/**
 * Straight-line travel (distance × detour factor, in whole millimetres) from cells to their
 * nearest facility, for cells or facilities off the street network.
 *
 * Candidates are compared by (whole millimetres, facility index): equal travel distances go to
 * the lower index, exactly as on the network and in the what-if updates, so every route to a
 * field (full run, batch, one cell at a time, incremental) gives the same arrays bit for bit.
 *
 * Many cells at once (`straightLineNearestAll`) uses the cheaper of two exact methods:
 * - facility side: with a distance limit and few facilities for it, each facility stamps the
 *   cells within the limit (grid buckets around it), keeping the minimum;
 * - cell side, in blocks of grid buckets: one nearest-facility query from the block's centre gives
 *   an upper bound for all its cells, the facilities that can beat it are collected once, and each
 *   cell compares only those.
 */
import type { FacilitySet } from './facility-set'
import { MAX_DISTANCE_MM, METRES_PER_DEGREE, cosLatitude, distanceWithCosM, metresToMinutes } from './geo'
import { type PointGrid, forEachPointWithin, ringWidthM } from './point-grid'

/** Out-parameter of `nearestByTravelMm`, reused across queries. */
export interface TravelHit {
  /** Id of the nearest point (facility index), −1 when none within the limit. */
  id: number
  /** Its straight-line travel distance in whole millimetres (Infinity when none). */
  mm: number
}

/** Cell arrays `straightLineNearestAll` writes (those of a NearestFacilityField). */
export interface StraightLineOutput {
  speedKmh: number
  metres: Float64Array
  minutes: Float64Array
  nearest: Int32Array
}

/** Side of the cell blocks of the cell-side method, in metres. */
const BLOCK_M = 500

/**
 * Straight-line travel distance in whole millimetres: distance × detour factor.
 * @example straightLineMm(500, 1.3) // 650_000
 * Contract: distM ≥ 0 metres, detour ≥ 1; returns an integer, monotone in distM, equal to
 * Math.round(distM × detour × 1000) (floor(x + 0.5) is exact below 2^52 mm and, unlike
 * Math.round, branch-free: ≈ 5× cheaper on the 2-core VM, where this is the hot spot).
 */
export function straightLineMm(distM: number, detour: number): number {
  return Math.floor(distM * detour * 1000 + 0.5)
}

/**
 * Nearest active point of a grid by straight-line travel distance, ties to the lower id.
 * @example const hit = { id: -1, mm: 0 }; nearestByTravelMm(set.grid, 121.55, 29.87, 1.3, 1_000_000, set.active, hit)
 * Contract: limitMm integer ≥ 0 (inclusive); active[id] = 0 excludes a point (null = all);
 * writes the lexicographic minimum of (straightLineMm(distance), id) with mm ≤ limitMm, or
 * id −1 and mm Infinity. Exact: same answer as a linear scan.
 * Why not `nearestPoint` (point-grid.ts), whose ring walk this repeats: two points a fraction of
 * a millimetre apart round to the same mm, and then the lower id must win (as in the network
 * search's integer labels), not the nearer point; a key callback in that loop would cost the
 * hot path a call per point.
 */
export function nearestByTravelMm(
  grid: PointGrid, lng: number, lat: number, detour: number, limitMm: number, active: Uint8Array | null, hit: TravelHit,
): void {
  const cosQ = cosLatitude(lat)
  let bestId = -1
  let bestMm = limitMm
  for (let p = grid.outsideHead; p >= 0; p = grid.next[p]) {
    const id = grid.id[p]
    if (active !== null && active[id] === 0) continue
    const mm = straightLineMm(distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p]), detour)
    if (mm < bestMm || (mm === bestMm && (bestId < 0 || id < bestId))) {
      bestMm = mm
      bestId = id
    }
  }
  const ringMm = ringWidthM(grid, cosQ) * detour * 1000
  const qx = Math.floor((lng - grid.minLng) / grid.cellLng)
  const qy = Math.floor((lat - grid.minLat) / grid.cellLat)
  const rMax = Math.max(qx, grid.cols - 1 - qx, qy, grid.rows - 1 - qy)
  const rMin = Math.max(0, -qx, qx - (grid.cols - 1), -qy, qy - (grid.rows - 1))
  for (let r = rMin; r <= rMax; r++) {
    // Everything in ring r is at least (r − 1) bucket widths away (1 mm margin for rounding).
    if (r > 0 && (r - 1) * ringMm > bestMm + 1) break
    const x0 = Math.max(qx - r, 0), x1 = Math.min(qx + r, grid.cols - 1)
    const y0 = Math.max(qy - r, 0), y1 = Math.min(qy + r, grid.rows - 1)
    for (let y = y0; y <= y1; y++) {
      const edgeRow = y === qy - r || y === qy + r
      const step = edgeRow || r === 0 ? 1 : 2 * r
      for (let x = edgeRow ? x0 : qx - r; x <= x1; x += step) {
        if (x < x0) continue
        for (let p = grid.head[y * grid.cols + x]; p >= 0; p = grid.next[p]) {
          const id = grid.id[p]
          if (active !== null && active[id] === 0) continue
          const mm = straightLineMm(distanceWithCosM(lng, lat, cosQ, grid.lng[p], grid.lat[p], grid.cos[p]), detour)
          if (mm < bestMm || (mm === bestMm && (bestId < 0 || id < bestId))) {
            bestMm = mm
            bestId = id
          }
        }
      }
    }
  }
  hit.id = bestId
  hit.mm = bestId >= 0 ? bestMm : Infinity
}

/**
 * Straight-line nearest active facility for every cell of a cell grid (ids = cell indices).
 * @example straightLineNearestAll(ctx.cells.grid, schools, 1.3, cutoffMm, field)
 * Contract: writes out.metres/minutes/nearest of the grid's cells only: the lexicographic
 * minimum of (straightLineMm(distance), facility index) over active facilities with
 * mm ≤ cutoffMm (metres = mm / 1000), else Infinity / Infinity / −1 — the same as
 * `nearestByTravelMm` per cell, whichever method (default: `straightLineMethod`'s choice).
 */
export function straightLineNearestAll(
  cells: PointGrid, facilities: FacilitySet, detour: number, cutoffMm: number, out: StraightLineOutput,
  method: StraightLineMethod = straightLineMethod(cells, facilities, detour, cutoffMm),
): void {
  let active = 0
  for (let j = 0; j < facilities.count && active === 0; j++) active += facilities.active[j]
  if (active === 0) {
    for (let p = 0; p < cells.count; p++) write(out, cells.id[p], Infinity, -1)
  } else if (method === 'facilities') stampFromFacilities(cells, facilities, detour, cutoffMm, out)
  else nearestInBlocks(cells, facilities, detour, cutoffMm, out)
}

export type StraightLineMethod = 'facilities' | 'cells'

/**
 * The cheaper method for `straightLineNearestAll`, by an estimate of distance evaluations: each
 * active facility visits the square of cell buckets around its reach (cutoffMm / detour); the
 * cell side costs about a dozen per cell. No limit means the cell side.
 * @example straightLineMethod(ctx.cells.grid, set, 1.3, 1_000_000) // 'facilities' for a few hundred facilities
 * Contract: O(facilities); the choice never changes the result.
 */
export function straightLineMethod(cells: PointGrid, facilities: FacilitySet, detour: number, cutoffMm: number): StraightLineMethod {
  let active = 0
  for (let j = 0; j < facilities.count; j++) active += facilities.active[j]
  const radiusM = (cutoffMm + 1) / 1000 / detour
  const side = 2 * Math.floor(radiusM / ringWidthM(cells, cells.cosMin)) + 3
  const perBucket = cells.count / Math.max(1, cells.occupied)
  return active * side * side * (1 + perBucket) < 16 * cells.count ? 'facilities' : 'cells'
}

function write(out: StraightLineOutput, c: number, mm: number, j: number): void {
  const metres = j >= 0 ? mm / 1000 : Infinity
  out.metres[c] = metres
  out.minutes[c] = metresToMinutes(metres, out.speedKmh)
  out.nearest[c] = j
}

/** Facility side: facilities in index order stamp the cells within the limit (strictly better wins). */
function stampFromFacilities(cells: PointGrid, facilities: FacilitySet, detour: number, cutoffMm: number, out: StraightLineOutput): void {
  const { metres, nearest } = out
  for (let p = 0; p < cells.count; p++) {
    metres[cells.id[p]] = Infinity
    nearest[cells.id[p]] = -1
  }
  // Every cell with mm ≤ cutoffMm lies within this radius (mm rounds half up).
  const radiusM = (cutoffMm + 1) / 1000 / detour
  let j = 0
  const stamp = (c: number, distM: number) => {
    const mm = straightLineMm(distM, detour)
    if (mm <= cutoffMm && mm / 1000 < metres[c]) {
      metres[c] = mm / 1000
      nearest[c] = j
    }
  }
  for (j = 0; j < facilities.count; j++) {
    if (facilities.active[j] !== 0) forEachPointWithin(cells, facilities.lng[j], facilities.lat[j], radiusM, stamp)
  }
  const id = cells.id
  for (let p = 0; p < cells.count; p++) out.minutes[id[p]] = metresToMinutes(metres[id[p]], out.speedKmh)
}

/** Cell side, per block of buckets: bound from the centre's nearest facility, then shared candidates. */
function nearestInBlocks(cells: PointGrid, facilities: FacilitySet, detour: number, cutoffMm: number, out: StraightLineOutput): void {
  const fg = facilities.grid
  const active = facilities.active
  const hit: TravelHit = { id: -1, mm: 0 }
  for (let p = cells.outsideHead; p >= 0; p = cells.next[p]) {
    nearestByTravelMm(fg, cells.lng[p], cells.lat[p], detour, cutoffMm, active, hit)
    write(out, cells.id[p], hit.mm, hit.id)
  }
  const g = Math.max(1, Math.round(BLOCK_M / (cells.cellLat * METRES_PER_DEGREE)))
  const scratch: BlockScratch = { candidates: new Int32Array(64), lngLo: 0, lngHi: 0, latLo: 0, latHi: 0, cosBlock: 1, limitMm: 0 }
  for (let by = 0; by * g < cells.rows; by++) {
    const y0 = by * g, y1 = Math.min(cells.rows, y0 + g) - 1
    const latLo = cells.minLat + y0 * cells.cellLat
    const latHi = cells.minLat + (y1 + 1) * cells.cellLat
    const cosBlock = Math.min(cosLatitude(latLo), cosLatitude(latHi))
    for (let bx = 0; bx * g < cells.cols; bx++) {
      const x0 = bx * g, x1 = Math.min(cells.cols, x0 + g) - 1
      let any = false
      for (let y = y0; y <= y1 && !any; y++) for (let x = x0; x <= x1 && !any; x++) any = cells.head[y * cells.cols + x] >= 0
      if (!any) continue
      const lngLo = cells.minLng + x0 * cells.cellLng
      const lngHi = cells.minLng + (x1 + 1) * cells.cellLng
      // Candidates: facilities that can be within the centre's nearest plus half the block's
      // diagonal (a guess; a cell whose best exceeds it is checked on its own below).
      const halfDiagMm = straightLineMm(0.5 * Math.hypot((lngHi - lngLo) * METRES_PER_DEGREE * cosBlock, (latHi - latLo) * METRES_PER_DEGREE), detour)
      nearestByTravelMm(fg, 0.5 * (lngLo + lngHi), 0.5 * (latLo + latHi), detour, Math.min(cutoffMm + 2 * halfDiagMm, MAX_DISTANCE_MM), active, hit)
      const boundMm = hit.id >= 0 ? Math.min(cutoffMm, Math.ceil((hit.mm + halfDiagMm) * 1.01) + 2) : cutoffMm
      scratch.lngLo = lngLo
      scratch.lngHi = lngHi
      scratch.latLo = latLo
      scratch.latHi = latHi
      scratch.cosBlock = cosBlock
      scratch.limitMm = boundMm + 1
      const count = collectCandidates(fg, active, scratch, detour)
      const candidates = scratch.candidates
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          for (let p = cells.head[y * cells.cols + x]; p >= 0; p = cells.next[p]) {
            const lng = cells.lng[p], lat = cells.lat[p], cos = cells.cos[p]
            let bestMm = Infinity
            let bestJ = -1
            for (let k = 0; k < count; k++) {
              const q = candidates[k]
              const mm = straightLineMm(distanceWithCosM(lng, lat, cos, fg.lng[q], fg.lat[q], fg.cos[q]), detour)
              const f = fg.id[q]
              if (mm <= cutoffMm && (mm < bestMm || (mm === bestMm && f < bestJ))) {
                bestMm = mm
                bestJ = f
              }
            }
            // Exact iff the best is within the bound (no facility left out can reach it).
            if (bestMm <= boundMm || (bestJ < 0 && boundMm === cutoffMm)) write(out, cells.id[p], bestMm, bestJ)
            else {
              nearestByTravelMm(fg, lng, lat, detour, cutoffMm, active, hit)
              write(out, cells.id[p], hit.mm, hit.id)
            }
          }
        }
      }
    }
  }
}

/** Candidate buffer and the current block's rectangle (degrees) and limit (mm, margin included). */
interface BlockScratch {
  candidates: Int32Array
  lngLo: number
  lngHi: number
  latLo: number
  latHi: number
  /** Smallest latitude cosine in the block. */
  cosBlock: number
  limitMm: number
}

/**
 * Facility slots of `fg` whose lower bound to the block is within scratch.limitMm; writes them
 * to scratch.candidates (grown as needed) and returns how many.
 */
function collectCandidates(fg: PointGrid, active: Uint8Array, s: BlockScratch, detour: number): number {
  const reachM = (s.limitMm + 1) / 1000 / detour
  const reachLat = reachM / METRES_PER_DEGREE
  const cosReach = Math.min(cosLatitude(Math.max(-90, s.latLo - reachLat)), cosLatitude(Math.min(90, s.latHi + reachLat)), s.cosBlock)
  const reachLng = reachM / (METRES_PER_DEGREE * Math.max(cosReach, 1e-9))
  const fx0 = Math.max(0, Math.floor((s.lngLo - reachLng - fg.minLng) / fg.cellLng))
  const fx1 = Math.min(fg.cols - 1, Math.floor((s.lngHi + reachLng - fg.minLng) / fg.cellLng))
  const fy0 = Math.max(0, Math.floor((s.latLo - reachLat - fg.minLat) / fg.cellLat))
  const fy1 = Math.min(fg.rows - 1, Math.floor((s.latHi + reachLat - fg.minLat) / fg.cellLat))
  let count = addChain(fg, fg.outsideHead, active, s, 0, detour)
  for (let fy = fy0; fy <= fy1; fy++) {
    for (let fx = fx0; fx <= fx1; fx++) count = addChain(fg, fg.head[fy * fg.cols + fx], active, s, count, detour)
  }
  return count
}

/** Appends the active points of one bucket chain whose lower bound to the block is within s.limitMm. */
function addChain(fg: PointGrid, head: number, active: Uint8Array, s: BlockScratch, count: number, detour: number): number {
  for (let q = head; q >= 0; q = fg.next[q]) {
    if (active[fg.id[q]] === 0) continue
    const fLng = fg.lng[q], fLat = fg.lat[q]
    const dLng = fLng < s.lngLo ? s.lngLo - fLng : fLng > s.lngHi ? fLng - s.lngHi : 0
    const dLat = fLat < s.latLo ? s.latLo - fLat : fLat > s.latHi ? fLat - s.latHi : 0
    const dx = dLng * METRES_PER_DEGREE * 0.5 * (fg.cos[q] + s.cosBlock)
    const dy = dLat * METRES_PER_DEGREE
    if (Math.sqrt(dx * dx + dy * dy) * detour * 1000 > s.limitMm) continue
    if (count === s.candidates.length) {
      const grown = new Int32Array(count * 2)
      grown.set(s.candidates)
      s.candidates = grown
    }
    s.candidates[count++] = q
  }
  return count
}
