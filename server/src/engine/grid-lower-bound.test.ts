import { describe, expect, it } from 'vitest'
import { bucketOf, bucketRingDistances, distanceLowerBoundM } from './grid-lower-bound'
import { type NearestHit, buildPointGrid, nearestPoint } from './point-grid'
import { prng } from './test-support/prng'

describe('grid lower bounds', () => {
  const extent = { minLng: 121.3, minLat: 29.6, maxLng: 121.8, maxLat: 30.1 }
  const rand = prng(11)
  const lng = Float64Array.from({ length: 30 }, () => 121.4 + rand() * 0.3)
  const lat = Float64Array.from({ length: 30 }, () => 29.7 + rand() * 0.3)
  const grid = buildPointGrid(lng, lat, { cellSizeM: 1000, extent })
  const active = new Uint8Array(30).fill(1)
  active[3] = 0

  it('never exceeds the true distance to the nearest active point, and is often far from zero', () => {
    const rings = bucketRingDistances(grid, active)
    const hit: NearestHit = { id: -1, distM: 0 }
    let useful = 0
    for (let q = 0; q < 500; q++) {
      const x = extent.minLng + rand() * 0.5
      const y = extent.minLat + rand() * 0.5
      const bound = distanceLowerBoundM(grid, rings, bucketOf(grid, x, y))
      nearestPoint(grid, x, y, Infinity, active, hit)
      expect(bound).toBeLessThanOrEqual(hit.distM)
      if (bound > 2000) useful++
    }
    expect(useful).toBeGreaterThan(50)
  })

  it('is 0 where a point lies, infinite for an empty grid, and 0 outside the grid', () => {
    const rings = bucketRingDistances(grid, null)
    expect(distanceLowerBoundM(grid, rings, bucketOf(grid, lng[0], lat[0]))).toBe(0)
    const empty = buildPointGrid(new Float64Array(0), new Float64Array(0), { cellSizeM: 1000, extent })
    expect(distanceLowerBoundM(empty, bucketRingDistances(empty, null), bucketOf(empty, 121.5, 29.8))).toBe(Infinity)
    expect(distanceLowerBoundM(grid, rings, bucketOf(grid, 125, 35))).toBe(0)
  })
})
