/**
 * Small random cities for property tests: a jittered street grid with missing blocks, irregular
 * block lengths and (optionally) one-way streets, cells scattered beyond the network's edge and
 * facilities partly off the network, all from a seed.
 */
import type { StreetSegment } from '../street-segment'
import { distanceM, offsetPoint } from '../geo'
import { GRID_ORIGIN } from './street-grid'
import { prng } from './prng'

export interface RandomCity {
  segments: StreetSegment[]
  cells: { lng: Float64Array; lat: Float64Array }
  facilities: { lng: Float64Array; lat: Float64Array }
  /** Random points for new facilities. */
  point: () => [number, number]
  rand: () => number
}

export function randomCity(seed: number, options: { side?: number; blockM?: number; cells?: number; facilities?: number; oneWayShare?: number } = {}): RandomCity {
  const rand = prng(seed)
  const side = options.side ?? 12
  const blockM = options.blockM ?? 150
  const key = (c: number, r: number) => 1 + r * side + c
  const pos: [number, number][] = []
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      pos.push(offsetPoint(GRID_ORIGIN[0], GRID_ORIGIN[1], c * blockM + (rand() - 0.5) * blockM * 0.4, r * blockM + (rand() - 0.5) * blockM * 0.4))
    }
  }
  const segments: StreetSegment[] = []
  const add = (c1: number, r1: number, c2: number, r2: number) => {
    if (rand() < 0.12) return
    const a = pos[r1 * side + c1], b = pos[r2 * side + c2]
    const tags: Record<string, string> = { highway: 'residential' }
    if (rand() < (options.oneWayShare ?? 0)) tags.oneway = 'yes'
    segments.push({ wayId: `w${segments.length}`, source: key(c1, r1), target: key(c2, r2), coords: [a, b], lengthM: distanceM(a[0], a[1], b[0], b[1]) * (1 + rand() * 0.3), tags })
  }
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      if (c + 1 < side) add(c, r, c + 1, r)
      if (r + 1 < side) add(c, r, c, r + 1)
    }
  }
  // Points over an area wider than the network (800 m beyond each edge): some are off it.
  const span = (side - 1) * blockM
  const point = (): [number, number] => offsetPoint(GRID_ORIGIN[0], GRID_ORIGIN[1], -800 + rand() * (span + 1600), -800 + rand() * (span + 1600))
  const many = (n: number) => {
    const pts = Array.from({ length: n }, point)
    return { lng: Float64Array.from(pts, (p) => p[0]), lat: Float64Array.from(pts, (p) => p[1]) }
  }
  return { segments, cells: many(options.cells ?? 300), facilities: many(options.facilities ?? 8), point, rand }
}
