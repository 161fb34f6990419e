import { describe, expect, it } from 'vitest'
import { hilbertIndex, hilbertOrder } from './hilbert'

describe('hilbertIndex', () => {
  it('visits the order-1 square as (0,0) (0,1) (1,1) (1,0)', () => {
    expect([hilbertIndex(0, 0, 1), hilbertIndex(0, 1, 1), hilbertIndex(1, 1, 1), hilbertIndex(1, 0, 1)]).toEqual([0, 1, 2, 3])
  })

  it('is a bijection whose consecutive positions are adjacent cells (order 4)', () => {
    const side = 16
    const cellAt = new Map<number, [number, number]>()
    for (let x = 0; x < side; x++) for (let y = 0; y < side; y++) cellAt.set(hilbertIndex(x, y, 4), [x, y])
    expect(cellAt.size).toBe(side * side)
    for (let d = 1; d < side * side; d++) {
      const [x1, y1] = cellAt.get(d - 1)!
      const [x2, y2] = cellAt.get(d)!
      expect(Math.abs(x1 - x2) + Math.abs(y1 - y2)).toBe(1)
    }
  })
})

describe('hilbertOrder', () => {
  it('returns a permutation that keeps neighbours together', () => {
    // Two clusters far apart, interleaved in the input: the order must not interleave them.
    const lng = Float64Array.of(0, 10, 0.001, 10.001, 0.002, 10.002)
    const lat = Float64Array.of(0, 10, 0, 10, 0, 10)
    const order = Array.from(hilbertOrder(lng, lat))
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5])
    const cluster = order.map((i) => (lng[i] < 5 ? 'a' : 'b')).join('')
    expect(['aaabbb', 'bbbaaa']).toContain(cluster)
  })
})
