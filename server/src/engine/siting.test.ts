import { describe, expect, it } from 'vitest'
import { createFacilitySet } from './facility-set'
import { buildStreetNetwork } from './graph'
import { type CoverageSets, greedyMaximalCover, suggestSites } from './siting'
import { WALK_PROFILE } from './street-profile'
import { prng } from './test-support/prng'
import { gridPoint, gridSegments, pointArrays } from './test-support/street-grid'
import { createTravelContext } from './travel-context'
import { travelTimeToNearest } from './travel-time'

function setsOf(lists: number[][]): CoverageSets {
  const start = new Int32Array(lists.length + 1)
  lists.forEach((l, c) => (start[c + 1] = start[c] + l.length))
  return { start, item: Int32Array.from(lists.flat()) }
}

function coveredWeight(lists: number[][], chosen: number[], weight: Float64Array): number {
  const seen = new Set<number>()
  for (const c of chosen) for (const i of lists[c]) seen.add(i)
  let w = 0
  for (const i of seen) w += weight[i]
  return w
}

function bruteForceOptimum(lists: number[][], k: number, weight: Float64Array): number {
  let best = 0
  const pick = (from: number, chosen: number[]) => {
    best = Math.max(best, coveredWeight(lists, chosen, weight))
    if (chosen.length === k) return
    for (let c = from; c < lists.length; c++) pick(c + 1, [...chosen, c])
  }
  pick(0, [])
  return best
}

/** Plain (non-lazy) greedy, for comparison. */
function plainGreedy(lists: number[][], k: number, weight: Float64Array): number[] {
  const chosen: number[] = []
  for (let round = 0; round < k; round++) {
    let best = -1, bestGain = 0
    for (let c = 0; c < lists.length; c++) {
      const gain = coveredWeight(lists, [...chosen, c], weight) - coveredWeight(lists, chosen, weight)
      if (gain > bestGain) { best = c; bestGain = gain }
    }
    if (best < 0) break
    chosen.push(best)
  }
  return chosen
}

function randomInstance(seed: number) {
  const rand = prng(seed)
  const items = 12
  const weight = Float64Array.from({ length: items }, () => Math.floor(rand() * 100))
  const lists = Array.from({ length: 8 }, () => Array.from({ length: items }, (_, i) => i).filter(() => rand() < 0.3))
  return { lists, weight }
}

describe('greedyMaximalCover', () => {
  it('picks sites in order of newly covered population', () => {
    const weight = Float64Array.of(5, 7, 100, 1)
    const r = greedyMaximalCover(setsOf([[0, 1], [1, 2], [2, 3]]), { k: 2, weight })
    expect(r.chosen).toEqual([1, 0]) // 107 first, then only cell 0 (5) is new
    expect(r.gains).toEqual([107, 5])
    expect(Array.from(r.residual)).toEqual([0, 0, 0, 1])
  })

  it('is optimal where greedy provably is: disjoint catchments (top-k) and k = 1', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = prng(seed)
      const weight = Float64Array.from({ length: 20 }, () => Math.floor(rand() * 50))
      const disjoint = Array.from({ length: 5 }, (_, c) => [4 * c, 4 * c + 1, 4 * c + 2, 4 * c + 3])
      const r = greedyMaximalCover(setsOf(disjoint), { k: 3, weight })
      expect(r.gains.reduce((a, b) => a + b, 0)).toBe(bruteForceOptimum(disjoint, 3, weight))
      const { lists, weight: w } = randomInstance(seed)
      expect(greedyMaximalCover(setsOf(lists), { k: 1, weight: w }).gains[0] ?? 0).toBe(bruteForceOptimum(lists, 1, w))
    }
  })

  it('reaches at least (1 − 1/e) of the brute-force optimum and equals plain greedy (random instances)', () => {
    for (let seed = 100; seed < 160; seed++) {
      const { lists, weight } = randomInstance(seed)
      for (const k of [2, 3, 4]) {
        const r = greedyMaximalCover(setsOf(lists), { k, weight })
        const total = r.gains.reduce((a, b) => a + b, 0)
        expect(total).toBe(coveredWeight(lists, r.chosen, weight))
        expect(total).toBeGreaterThanOrEqual((1 - 1 / Math.E) * bruteForceOptimum(lists, k, weight))
        expect(r.chosen).toEqual(plainGreedy(lists, k, weight))
        for (let g = 1; g < r.gains.length; g++) expect(r.gains[g]).toBeLessThanOrEqual(r.gains[g - 1])
      }
    }
  })

  it('gives no gain for already covered cells (weight 0) and stops when nothing is left', () => {
    const r = greedyMaximalCover(setsOf([[0], [1], [0, 1]]), { k: 3, weight: Float64Array.of(0, 4) })
    expect(r.chosen).toEqual([1])
    expect(r.gains).toEqual([4])
  })

  it('caps a site at its capacity, serving the nearest cells first', () => {
    // Candidate 0 reaches cells 0, 1, 2 (nearest first) with 20 people each, capacity 30.
    const r = greedyMaximalCover(setsOf([[0, 1, 2], [2]]), { k: 2, weight: Float64Array.of(20, 20, 20), capacity: 30 })
    expect(r.chosen).toEqual([0, 1])
    expect(r.gains).toEqual([30, 20])
    expect(Array.from(r.residual)).toEqual([0, 10, 0])
  })

  it('chooses by gain per cost within a budget', () => {
    // Gains 100 (cost 10), 60 (cost 3), 50 (cost 3); budget 7 buys the two cheap ones.
    const r = greedyMaximalCover(setsOf([[0], [1], [2]]), { k: 3, weight: Float64Array.of(100, 60, 50), cost: Float64Array.of(10, 3, 3), budget: 7 })
    expect(r.chosen).toEqual([1, 2])
    expect(r.totalCost).toBe(6)
  })
})

describe('suggestSites on a street grid', () => {
  it('puts the first site where the uncovered people are, with existing facilities fixed', () => {
    // 10 × 10 grid of 100 m blocks, one cell per node; a school at (0,0); children live only
    // in the 3 × 3 corner block around (8,8) (9 cells × 10) and next to the school (10).
    const network = buildStreetNetwork(gridSegments({ cols: 10, rows: 10 }), WALK_PROFILE)
    const pts: [number, number][] = []
    for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) pts.push(gridPoint(c, r))
    const cells = pointArrays(pts)
    const ctx = createTravelContext({ network, cellLng: cells.lng, cellLat: cells.lat })
    const school = createFacilitySet(ctx, Float64Array.of(pts[0][0]), Float64Array.of(pts[0][1]))
    const field = travelTimeToNearest(ctx, school, { speedKmh: 4 })
    const target = new Float64Array(100)
    for (let r = 7; r <= 9; r++) for (let c = 7; c <= 9; c++) target[r * 10 + c] = 10
    target[1] = 10 // (1,0): 100 m from the school, already covered
    // 5 minutes = 333 m. Candidates are the populated cells in index order: (1,0), (7,7), (8,7)…
    // The first that reaches the whole 3 × 3 block is (8,7): its farthest corners are 300 m away
    // ((7,7) misses (9,9) at 400 m); (8,8) ties with it but comes later.
    const result = suggestSites(ctx, field, { targetPopulation: target, thresholdMinutes: 5, k: 2 })
    expect(result.coveredBefore).toBe(10)
    expect(result.sites).toHaveLength(1) // one site covers everyone; a second would add nothing
    expect(result.sites[0]).toMatchObject({ lng: pts[78][0], lat: pts[78][1], gain: 90 })
    expect(result.coveredAfter).toBe(100)
  })
})
