import { describe, expect, it } from 'vitest'
import type { MultiPolygon, Polygon } from 'geojson'
import { assignPointsToAreas } from './point-in-area'

const square = (x0: number, y0: number, size: number): number[][] => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]

describe('assignPointsToAreas', () => {
  it('finds the containing square, honours holes and multipolygon parts', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] }
    const twoParts: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(20, 0, 1)], [square(30, 0, 1)]] }
    const x = Float64Array.of(1, 5, 20.5, 30.5, 25, 9.99)
    const y = Float64Array.of(1, 5, 0.5, 0.5, 0.5, 9.99)
    expect([...assignPointsToAreas(x, y, [withHole, twoParts])]).toEqual([0, -1, 1, 1, -1, 0])
  })

  it('agrees with brute-force ray casting on a jagged 1,000-vertex polygon', () => {
    // A star-like polygon: radius alternating between 1 and 0.5 over 1,000 vertices.
    const ring: number[][] = []
    for (let k = 0; k < 1000; k++) {
      const a = (k / 1000) * 2 * Math.PI
      const r = k % 2 ? 0.5 : 1
      ring.push([r * Math.cos(a), r * Math.sin(a)])
    }
    ring.push(ring[0])
    const brute = (x: number, y: number) => {
      let inside = false
      for (let k = 0; k < ring.length - 1; k++) {
        const [x1, y1] = ring[k]
        const [x2, y2] = ring[k + 1]
        if ((y1 > y) !== (y2 > y) && x < x1 + ((y - y1) / (y2 - y1)) * (x2 - x1)) inside = !inside
      }
      return inside
    }
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2.4 - 1.2
    const n = 5000
    const x = Float64Array.from({ length: n }, rnd)
    const y = Float64Array.from({ length: n }, rnd)
    const got = assignPointsToAreas(x, y, [{ type: 'Polygon', coordinates: [ring] }])
    let inside = 0
    for (let i = 0; i < n; i++) {
      expect(got[i] === 0, `point ${i}`).toBe(brute(x[i], y[i]))
      if (got[i] === 0) inside++
    }
    expect(inside).toBeGreaterThan(1000)
    expect(inside).toBeLessThan(4000)
  })
})
