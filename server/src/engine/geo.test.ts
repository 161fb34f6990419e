import { distance as turfDistance, point } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { distanceM, metresToMinutes, minutesToMetres, offsetPoint } from './geo'

describe('distanceM', () => {
  it('agrees with the geodesic (Turf haversine) within 0.05 % up to 50 km in Ningbo', () => {
    const pairs: [number, number, number, number][] = [
      [121.55, 29.87, 121.56, 29.87],
      [121.55, 29.87, 121.55, 29.88],
      [121.0, 28.9, 121.4, 29.2],
      [121.55, 29.87, 121.551, 29.8705],
    ]
    for (const [a, b, c, d] of pairs) {
      const geodesic = turfDistance(point([a, b]), point([c, d]), { units: 'meters' })
      expect(Math.abs(distanceM(a, b, c, d) - geodesic) / geodesic).toBeLessThan(5e-4)
    }
  })

  it('is symmetric bit for bit and zero for equal points', () => {
    expect(distanceM(121.5, 29.8, 121.7, 30.1)).toBe(distanceM(121.7, 30.1, 121.5, 29.8))
    expect(distanceM(121.5, 29.8, 121.5, 29.8)).toBe(0)
  })
})

describe('speed conversions', () => {
  it('gives 10.5 minutes for 700 m at 4 km/h, and 1000 m for 15 minutes', () => {
    expect(metresToMinutes(700, 4)).toBe(10.5)
    expect(minutesToMetres(15, 4)).toBe(1000)
    expect(metresToMinutes(Infinity, 4)).toBe(Infinity)
  })
})

describe('offsetPoint', () => {
  it('moves a point by the requested metres as measured by distanceM', () => {
    const [lng, lat] = offsetPoint(121.55, 29.87, 300, 400)
    expect(distanceM(121.55, 29.87, lng, lat)).toBeCloseTo(500, 6)
  })
})
