import { describe, expect, it } from 'vitest'
import { visitRoute } from './visit-route'

describe('visitRoute', () => {
  it('visits stops on a line out and back: length twice the farthest', () => {
    // base at 0 km, stops at 3, 1 and 2 km (indices 1, 2, 3)
    const x = [0, 3, 1, 2]
    const r = visitRoute(3, (a, b) => Math.abs(x[a] - x[b]))
    expect(r.length).toBe(6)
    expect(r.order).toEqual([2, 3, 1])
  })

  it('undoes the crossing nearest-neighbour leaves on a square', () => {
    // base (0,0); stops (1,0), (0,1), (1,1): the tour around the square is 4 long
    const pts = [[0, 0], [1, 0], [0, 1], [1, 1]]
    const d = (a: number, b: number) => Math.hypot(pts[a][0] - pts[b][0], pts[a][1] - pts[b][1])
    const r = visitRoute(3, d)
    expect(r.length).toBeCloseTo(4, 9)
    expect(new Set(r.order)).toEqual(new Set([1, 2, 3]))
  })

  it('no stops, no route', () => {
    expect(visitRoute(0, () => 1)).toEqual({ order: [], length: 0 })
  })
})
