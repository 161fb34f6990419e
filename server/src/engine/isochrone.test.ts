import { cellArea, cellToLatLng, gridDisk, latLngToCell } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { distanceM } from './geo'
import { buildStreetNetwork } from './graph'
import { isochroneBands } from './isochrone'
import { WALK_PROFILE } from './street-profile'
import { gridPoint, gridSegments } from './test-support/street-grid'
import { createTravelContext } from './travel-context'

const empty = new Float64Array(0)

describe('isochroneBands on a 100 m street grid at 4 km/h', () => {
  const network = buildStreetNetwork(gridSegments({ cols: 21, rows: 21 }), WALK_PROFILE)
  const ctx = createTravelContext({ network, cellLng: empty, cellLat: empty })
  const [lng, lat] = gridPoint(10, 10)

  /**
   * Independent oracle: the nearest point on any block by brute force (planar at the centroid's
   * latitude), then the better of the block's two ends: Manhattan blocks from (10,10) plus the
   * part of the block between that end and the point (each part in whole mm, as the engine).
   */
  function expectedMinutes(h3: string): number {
    const [y, x] = cellToLatLng(h3)
    const kx = 111_195.08 * Math.cos((y * Math.PI) / 180), ky = 111_195.08
    let best = Infinity, bestMm = Infinity
    for (let c = 0; c < 21; c++) for (let r = 0; r < 21; r++) {
      for (const [c2, r2] of [[c + 1, r], [c, r + 1]]) {
        if (c2 > 20 || r2 > 20) continue
        const [ax, ay] = gridPoint(c, r), [bx, by] = gridPoint(c2, r2)
        const px = (ax - x) * kx, py = (ay - y) * ky, dx = (bx - ax) * kx, dy = (by - ay) * ky
        const t = Math.max(0, Math.min(1, -(px * dx + py * dy) / (dx * dx + dy * dy)))
        const d = Math.hypot(px + t * dx, py + t * dy)
        if (d >= best) continue
        best = d
        const pos = Math.round(t * 100_000)
        const viaA = 100_000 * (Math.abs(c - 10) + Math.abs(r - 10)) + pos
        const viaB = 100_000 * (Math.abs(c2 - 10) + Math.abs(r2 - 10)) + 100_000 - pos
        bestMm = Math.round(d * 1000) + Math.min(viaA, viaB)
      }
    }
    if (best > 500) return Infinity
    return (bestMm / 1000 * 60) / 4000
  }

  it('contains exactly the cells whose centroid reaches the point within each band', () => {
    const { bands, method } = isochroneBands(ctx, lng, lat, { bandsMinutes: [10, 5], speedKmh: 4 })
    expect(method).toBe('network')
    expect(bands.map((b) => b.minutes)).toEqual([5, 10]) // sorted
    const around = gridDisk(latLngToCell(lat, lng, 10), 12)
    for (const band of bands) {
      const expected = around.filter((h) => expectedMinutes(h) <= band.minutes).sort()
      expect([...band.cells].sort()).toEqual(expected)
    }
    expect(bands[0].cells.length).toBeGreaterThan(5)
    expect(bands[1].cells.length).toBeGreaterThan(bands[0].cells.length)
  })

  it('nests the bands and reports area as the sum of cell areas and population from the lookup', () => {
    const population = (h: string) => (h.endsWith('7fff') ? 10 : 1)
    const { bands } = isochroneBands(ctx, lng, lat, { bandsMinutes: [5, 10], speedKmh: 4, populationOf: population })
    expect(bands[1].cells).toEqual(expect.arrayContaining(bands[0].cells))
    for (const band of bands) {
      expect(band.areaKm2).toBeCloseTo(band.cells.reduce((s, h) => s + cellArea(h, 'km2'), 0), 12)
      expect(band.population).toBe(band.cells.reduce((s, h) => s + population(h), 0))
      expect(band.geometry.type).toBe('MultiPolygon')
      expect(band.geometry.coordinates.length).toBeGreaterThan(0)
    }
  })
})

describe('isochroneBands from a point off the network', () => {
  it('falls back to straight lines when the point is beyond the snap limit', () => {
    const network = buildStreetNetwork(gridSegments({ cols: 5, rows: 5 }), WALK_PROFILE)
    const ctx = createTravelContext({ network, cellLng: empty, cellLat: empty })
    const [lng, lat] = gridPoint(-10, 2) // 1 km west of the grid
    const { method, bands } = isochroneBands(ctx, lng, lat, { bandsMinutes: [5], speedKmh: 4 })
    expect(method).toBe('straight-line')
    for (const h of bands[0].cells) {
      const [y, x] = cellToLatLng(h)
      expect(distanceM(lng, lat, x, y) * 1.3).toBeLessThanOrEqual(1000 / 3 + 0.001)
    }
    expect(bands[0].cells.length).toBeGreaterThan(0)
  })
})

describe('isochroneBands without a network', () => {
  it('is a disc of radius (speed × time) / 1.3: 15 min at 4 km/h → 769 m, ≈ 1.86 km²', () => {
    const ctx = createTravelContext({ network: null, cellLng: empty, cellLat: empty })
    const { bands, method } = isochroneBands(ctx, 121.55, 29.87, { bandsMinutes: [15], speedKmh: 4 })
    expect(method).toBe('straight-line')
    const radius = 1000 / 1.3
    for (const h of bands[0].cells) {
      const [y, x] = cellToLatLng(h)
      expect(distanceM(121.55, 29.87, x, y)).toBeLessThanOrEqual(radius + 0.001)
    }
    expect(bands[0].areaKm2).toBeGreaterThan(Math.PI * (radius / 1000) ** 2 * 0.9)
    expect(bands[0].areaKm2).toBeLessThan(Math.PI * (radius / 1000) ** 2 * 1.1)
  })
})
