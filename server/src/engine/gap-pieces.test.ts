import { describe, expect, it } from 'vitest'
import { splitGap } from './gap-pieces'
import { offsetPoint } from './geo'
import { GRID_ORIGIN } from './test-support/street-grid'
import { createTravelContext } from './travel-context'

// Cells on an east–west line, no street network: straight line × 1.3 at 4 km/h. Within 10 minutes
// a site reaches 666.7 m / 1.3 = 512.8 m. Cells at x = 0, 350, 790, 1610, 2010 m (target 10, 20,
// 30, 5, 7) and one cell at 5,000 m with no target (not among the candidates):
//   site 0 covers {0, 350} = 30; site 350 {350, 0, 790} = 60; site 790 {790, 350} = 50;
//   site 1610 {1610, 2010} = 12; site 2010 {2010, 1610} = 12.
const xs = [0, 350, 790, 1610, 2010, 5000]
const target = Float64Array.of(10, 20, 30, 5, 7, 0)
const points = xs.map((x) => offsetPoint(GRID_ORIGIN[0], GRID_ORIGIN[1], x, 0))
const ctx = createTravelContext({ network: null, cellLng: Float64Array.from(points, (p) => p[0]), cellLat: Float64Array.from(points, (p) => p[1]) })
const gap = [0, 1, 2, 3, 4, 5]

describe('splitGap', () => {
  it('splits a gap wider than one catchment into facility-sized pieces (hand-computed)', () => {
    const r = splitGap(ctx, { cells: gap, targetPopulation: target, thresholdMinutes: 10, speedKmh: 4 })
    // Round 1: site 350 m (60). Round 2: sites 1610 and 2010 tie at 12; the lower candidate wins.
    expect(r.pieces.map((p) => [p.siteCell, p.targetPopulation, p.cells])).toEqual([
      [1, 60, [1, 0, 2]],
      [3, 12, [3, 4]],
    ])
    expect(r.targetPopulation).toBe(72)
    expect(r.uncoveredPopulation).toBe(0)
    expect([r.pieces[0].lng, r.pieces[0].lat]).toEqual(points[1])
  })

  it('a gap one facility covers stays one piece', () => {
    const r = splitGap(ctx, { cells: [0, 1, 2], targetPopulation: target, thresholdMinutes: 10, speedKmh: 4 })
    expect(r.pieces.map((p) => [p.siteCell, p.targetPopulation])).toEqual([[1, 60]])
  })

  it('with a capacity, a site serves its nearest residents first and the rest go to the next site', () => {
    // Site 350 serves 20 (itself), 10 (cell 0 at 350 m), then 10 of cell 790's 30 (440 m): 40.
    // Then site 790 covers the 20 left there (so the cell is its piece's); then site 1610 the east pair.
    const r = splitGap(ctx, { cells: gap, targetPopulation: target, thresholdMinutes: 10, speedKmh: 4, capacity: 40 })
    expect(r.pieces.map((p) => [p.siteCell, p.targetPopulation, p.cells])).toEqual([
      [1, 40, [1, 0]],
      [2, 20, [2]],
      [3, 12, [3, 4]],
    ])
    expect(r.uncoveredPopulation).toBe(0)
  })

  it('stops at maxPieces and reports the residents left; a shorter threshold needs more pieces', () => {
    const one = splitGap(ctx, { cells: gap, targetPopulation: target, thresholdMinutes: 10, speedKmh: 4, maxPieces: 1 })
    expect(one.pieces).toHaveLength(1)
    expect(one.uncoveredPopulation).toBe(12)
    // 5 minutes: reach 256.4 m, every populated cell alone: five pieces, largest first.
    const short = splitGap(ctx, { cells: gap, targetPopulation: target, thresholdMinutes: 5, speedKmh: 4 })
    expect(short.pieces.map((p) => p.targetPopulation)).toEqual([30, 20, 10, 7, 5])
  })

  it('thins candidates to at most maxCandidates, keeping the most populated cell of each square', () => {
    // With 2 candidates allowed, 100, 200, 400 m squares leave 5, 5, 4 occupied; 800 m squares
    // leave [0, 800) with sites 0/350/790 (790 has most: 30) and [1600, 2400) (2010 has 7).
    const r = splitGap(ctx, { cells: gap, targetPopulation: target, thresholdMinutes: 10, speedKmh: 4, maxCandidates: 2 })
    expect(r.pieces.map((p) => [p.siteCell, p.targetPopulation])).toEqual([[2, 50], [4, 12]])
    expect(r.uncoveredPopulation).toBe(10)
  })
})
