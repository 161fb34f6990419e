import { describe, expect, it } from 'vitest'
import { distanceM } from './geo'
import { type NearestHit, buildPointGrid, forEachPointWithin, insertPoint, nearestPoint } from './point-grid'
import { prng } from './test-support/prng'

describe('point grid', () => {
  const rand = prng(7)
  const n = 2000
  const lng = Float64Array.from({ length: n }, () => 121.4 + rand() * 0.3)
  const lat = Float64Array.from({ length: n }, () => 29.7 + rand() * 0.3)
  const grid = buildPointGrid(lng, lat, { cellSizeM: 400 })

  it('finds the same nearest point as a linear scan, including from outside the extent', () => {
    const hit: NearestHit = { id: -1, distM: 0 }
    for (let q = 0; q < 300; q++) {
      const x = 121.3 + rand() * 0.5
      const y = 29.6 + rand() * 0.5
      let best = -1
      let bestD = Infinity
      for (let i = 0; i < n; i++) {
        const d = distanceM(x, y, lng[i], lat[i])
        if (d < bestD) {
          bestD = d
          best = i
        }
      }
      nearestPoint(grid, x, y, Infinity, null, hit)
      expect(hit.id).toBe(best)
      expect(hit.distM).toBeCloseTo(bestD, 6)
    }
  })

  it('respects the distance limit and the active filter', () => {
    const hit: NearestHit = { id: -1, distM: 0 }
    nearestPoint(grid, lng[5], lat[5], 0, null, hit)
    expect(hit.id).toBe(5)
    const active = new Uint8Array(n).fill(1)
    active[5] = 0
    nearestPoint(grid, lng[5], lat[5], 0, active, hit)
    expect(hit.id).toBe(-1)
    expect(hit.distM).toBe(Infinity)
  })

  it('breaks exact ties towards the lower id', () => {
    const g = buildPointGrid(Float64Array.of(121.5, 121.5, 121.6), Float64Array.of(29.8, 29.8, 29.8), { cellSizeM: 100 })
    const hit: NearestHit = { id: -1, distM: 0 }
    nearestPoint(g, 121.5, 29.8, 10, null, hit)
    expect(hit.id).toBe(0)
  })

  it('visits exactly the points within a radius', () => {
    const x = 121.55, y = 29.85, radius = 1500
    const seen: number[] = []
    forEachPointWithin(grid, x, y, radius, (id) => seen.push(id))
    const expected = []
    for (let i = 0; i < n; i++) if (distanceM(x, y, lng[i], lat[i]) <= radius) expected.push(i)
    expect(seen.sort((a, b) => a - b)).toEqual(expected)
  })

  it('accepts appended points, inside and outside the extent', () => {
    const g = buildPointGrid(Float64Array.of(121.5), Float64Array.of(29.8), { cellSizeM: 500 })
    for (let i = 0; i < 40; i++) insertPoint(g, 121.5 + i * 0.001, 29.8, 100 + i)
    insertPoint(g, 125, 35, 999) // far outside
    const hit: NearestHit = { id: -1, distM: 0 }
    nearestPoint(g, 121.5 + 0.0301, 29.8, Infinity, null, hit)
    expect(hit.id).toBe(130)
    nearestPoint(g, 125.1, 35, Infinity, null, hit)
    expect(hit.id).toBe(999)
  })

  it('stores the points bucket by bucket, keeping ids and the traversal order of input-order inserts', () => {
    // 1 km buckets from (121.5, 29.8): points 0 and 2 share the first bucket, 1 and 3 the one east of it.
    const e = (m: number) => 121.5 + m / (111_195 * Math.cos((29.8 * Math.PI) / 180))
    const xs = Float64Array.of(e(100), e(1500), e(300), e(1200), e(1999))
    const g = buildPointGrid(xs, new Float64Array(5).fill(29.8), { cellSizeM: 1000, extent: { minLng: 121.5, minLat: 29.8, maxLng: e(3000), maxLat: 29.81 } })
    const chain = (b: number) => { const out: number[] = []; for (let p = g.head[b]; p >= 0; p = g.next[p]) out.push(p); return out }
    // Slots 0–1 hold the first bucket, 2–4 the second; each chain runs from the highest id down.
    expect(chain(0)).toEqual([1, 0])
    expect(chain(1)).toEqual([4, 3, 2])
    expect([0, 1, 2, 3, 4].map((p) => g.id[p])).toEqual([0, 2, 1, 3, 4])
    expect(g.occupied).toBe(2)
    const seen: number[] = []
    forEachPointWithin(g, e(1000), 29.8, 5000, (id) => seen.push(id))
    expect(seen).toEqual([2, 0, 4, 3, 1])
  })
})
