/**
 * JIT warm-up of the engine's hot paths (snapping points, the multi-source search, the cell pass)
 * on a small synthetic street grid, run once per thread at start: a thread's first field runs in
 * V8's interpreter and is several times slower than the next (measured on Porto: 337 ms for the
 * first field, 15–50 ms after), and the first request after a restart or an import pays that.
 * Runs only the engine, on data made here: no database, nothing stored, nothing shared.
 */
import { buildStreetNetwork, createFacilitySet, createTravelContext, travelTimeToNearest, WALK_PROFILE, type NearestFacilityField } from '../../engine'
import type { StreetSegment } from '../../engine/street-segment'

/** Grid side (nodes) and rounds: enough for V8 to optimise the loops, ~tens of ms on an idle core. */
const SIDE = 30
const ROUNDS = 12

/**
 * Computes a few fields on a SIDE × SIDE street grid with cells and facilities in between.
 * @example warmUpEngine() // at a worker's first task, and in the main thread after start-up loads
 * Contract: deterministic; returns the number of cells reached in the last round (> 0), so the
 * work cannot be optimised away.
 */
export function warmUpEngine(): number {
  const step = 0.001 // ≈ 100 m
  const at = (x: number, y: number): [number, number] => [121.5 + x * step, 29.8 + y * step * 0.9]
  const segments: StreetSegment[] = []
  const id = (x: number, y: number) => 1 + y * SIDE + x
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      if (x + 1 < SIDE) segments.push({ wayId: `w${y}`, source: id(x, y), target: id(x + 1, y), coords: [at(x, y), at(x + 1, y)], lengthM: 97, tags: { highway: 'residential' } })
      if (y + 1 < SIDE) segments.push({ wayId: `v${x}`, source: id(x, y), target: id(x, y + 1), coords: [at(x, y), at(x, y + 1)], lengthM: 87, tags: { highway: 'footway' } })
    }
  }
  const network = buildStreetNetwork(segments, WALK_PROFILE)
  const cells = (SIDE - 1) * (SIDE - 1)
  const cellLng = new Float64Array(cells)
  const cellLat = new Float64Array(cells)
  for (let k = 0; k < cells; k++) {
    const [lng, lat] = at((k % (SIDE - 1)) + 0.37, Math.floor(k / (SIDE - 1)) + 0.61)
    cellLng[k] = lng
    cellLat[k] = lat
  }
  const ctx = createTravelContext({ network, cellLng, cellLat })
  const facilities = 40
  const fLng = new Float64Array(facilities)
  const fLat = new Float64Array(facilities)
  let field: NearestFacilityField | undefined
  let reached = 0
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < facilities; j++) {
      const [lng, lat] = at(((j * 7 + round * 13) % (SIDE - 1)) + 0.5, ((j * 11 + round * 5) % (SIDE - 1)) + 0.2)
      fLng[j] = lng
      fLat[j] = lat
    }
    const set = createFacilitySet(ctx, fLng, fLat)
    field = travelTimeToNearest(ctx, set, { speedKmh: 4, reuse: field })
    reached = 0
    for (let i = 0; i < cells; i++) if (field.minutes[i] < Infinity) reached++
  }
  return reached
}
