/**
 * A deterministic synthetic city over Ningbo's extent for engine benchmarks: a jittered street
 * grid (≥ 1 M segments at full scale) cut by rivers with bridges every ~2 km and by lakes/hills
 * with no streets, H3 resolution-10 cells (≥ 800 k) grouped in urban patches, a population per
 * cell and facilities of several types placed among populated cells. Same seed, same city.
 */
import { cellToChildren, polygonToCells } from 'h3-js'
import { cellCentroids } from '../../server/src/engine/cells'
import type { StreetSegment } from '../../server/src/formats/types'
import { METRES_PER_DEGREE, cosLatitude, distanceM } from '../../server/src/engine/geo'
import { prng } from '../../server/src/engine/test-support/prng'

export const NINGBO_EXTENT = { minLng: 120.9, maxLng: 122.3, minLat: 28.85, maxLat: 30.4 }

export interface CityScale {
  /** Street grid spacing in metres (195 m gives ≈ 1.1 M segments over the extent). */
  spacingM: number
  /** Share of the extent (from its centre) that the city covers, 1 = all of it. */
  extentShare: number
  /** Resolution-6 parents whose 2,401 resolution-10 children become the cells. */
  patches: number
}

export const FULL_SCALE: CityScale = { spacingM: 195, extentShare: 1, patches: 340 }
export const QUICK_SCALE: CityScale = { spacingM: 195, extentShare: 0.3, patches: 30 }

export interface SyntheticCity {
  extent: typeof NINGBO_EXTENT
  segments: StreetSegment[]
  cells: { h3: string[]; lng: Float64Array; lat: Float64Array; population: Float64Array }
}

function scaledExtent(share: number) {
  const e = NINGBO_EXTENT
  const cx = (e.minLng + e.maxLng) / 2, cy = (e.minLat + e.maxLat) / 2
  const hw = ((e.maxLng - e.minLng) / 2) * Math.sqrt(share), hh = ((e.maxLat - e.minLat) / 2) * Math.sqrt(share)
  return { minLng: cx - hw, maxLng: cx + hw, minLat: cy - hh, maxLat: cy + hh }
}

/**
 * Builds the synthetic city.
 * @example const city = buildSyntheticCity(42, FULL_SCALE)
 * Contract: deterministic in (seed, scale); segment lengths in metres ≥ straight-line distance.
 */
export function buildSyntheticCity(seed: number, scale: CityScale): SyntheticCity {
  const rand = prng(seed)
  const extent = scaledExtent(scale.extentShare)
  const midCos = cosLatitude((extent.minLat + extent.maxLat) / 2)
  const dLat = scale.spacingM / METRES_PER_DEGREE
  const dLng = scale.spacingM / (METRES_PER_DEGREE * midCos)
  const cols = Math.floor((extent.maxLng - extent.minLng) / dLng) + 1
  const rows = Math.floor((extent.maxLat - extent.minLat) / dLat) + 1

  // Lakes and hills: discs without streets (their cells fall back to straight lines).
  const holes = Array.from({ length: Math.round(25 * scale.extentShare) + 2 }, () => ({
    c: rand() * cols, r: rand() * rows, radius: (1000 + rand() * 2500) / scale.spacingM,
  }))
  const inHole = (c: number, r: number) => holes.some((h) => (c - h.c) ** 2 + (r - h.r) ** 2 < h.radius ** 2)
  // Rivers: east–west sinusoids; crossing them needs a bridge (every 10th column).
  const rivers = [0.25, 0.55, 0.8].map((y) => ({ y: y * rows, amp: rows * 0.03, phase: rand() * 6 }))
  const riverBetween = (c: number, r1: number, r2: number) =>
    rivers.some((rv) => {
      const y = rv.y + rv.amp * Math.sin(c / 40 + rv.phase)
      return r1 < y && r2 >= y
    })

  const lng = new Float64Array(cols * rows)
  const lat = new Float64Array(cols * rows)
  const alive = new Uint8Array(cols * rows)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c
      lng[i] = extent.minLng + (c + (rand() - 0.5) * 0.6) * dLng
      lat[i] = extent.minLat + (r + (rand() - 0.5) * 0.6) * dLat
      alive[i] = inHole(c, r) ? 0 : 1
    }
  }
  const residential = { highway: 'residential' }
  const primary = { highway: 'primary' }
  const footway = { highway: 'footway' }
  const segments: StreetSegment[] = []
  const link = (i: number, j: number, tags: Record<string, string>) => {
    if (!alive[i] || !alive[j]) return
    const a: [number, number] = [lng[i], lat[i]], b: [number, number] = [lng[j], lat[j]]
    segments.push({ wayId: String(segments.length), source: i + 1, target: j + 1, coords: [a, b], lengthM: distanceM(a[0], a[1], b[0], b[1]) * (1 + rand() * 0.15), tags })
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c
      const arterial = r % 8 === 0 || c % 8 === 0
      if (c + 1 < cols && (arterial || rand() > 0.08)) link(i, i + 1, arterial && r % 8 === 0 ? primary : rand() < 0.1 ? footway : residential)
      if (r + 1 < rows && (arterial || rand() > 0.08) && (!riverBetween(c, r, r + 1) || c % 10 === 0)) link(i, i + cols, arterial && c % 8 === 0 ? primary : residential)
    }
  }

  // Cells: the resolution-10 children of randomly chosen resolution-6 patches.
  const ring = [[extent.minLng, extent.minLat], [extent.maxLng, extent.minLat], [extent.maxLng, extent.maxLat], [extent.minLng, extent.maxLat], [extent.minLng, extent.minLat]]
  const parents = polygonToCells([ring], 6, true).sort()
  for (let k = parents.length - 1; k > 0; k--) {
    const m = Math.floor(rand() * (k + 1))
    const t = parents[k]; parents[k] = parents[m]; parents[m] = t
  }
  const h3: string[] = []
  for (const parent of parents.slice(0, scale.patches)) for (const child of cellToChildren(parent, 10)) h3.push(child)
  const { lng: cellLng, lat: cellLat } = cellCentroids(h3)
  const population = new Float64Array(h3.length)
  for (let i = 0; i < h3.length; i++) population[i] = rand() < 0.3 ? 0 : Math.floor(rand() * 300)
  return { extent, segments, cells: { h3, lng: cellLng, lat: cellLat, population } }
}

/**
 * `count` facility locations among populated cells (centroid ± 100 m), deterministic per seed.
 * @example const pts = syntheticFacilities(city, 7, 5000)
 * Contract: returns degrees; count ≥ 0.
 */
export function syntheticFacilities(city: SyntheticCity, seed: number, count: number): { lng: Float64Array; lat: Float64Array } {
  const rand = prng(seed)
  const { lng, lat, population } = city.cells
  const out = { lng: new Float64Array(count), lat: new Float64Array(count) }
  for (let k = 0; k < count; k++) {
    let i = Math.floor(rand() * lng.length)
    while (population[i] === 0) i = Math.floor(rand() * lng.length)
    out.lng[k] = lng[i] + ((rand() - 0.5) * 200) / (METRES_PER_DEGREE * cosLatitude(lat[i]))
    out.lat[k] = lat[i] + ((rand() - 0.5) * 200) / METRES_PER_DEGREE
  }
  return out
}
