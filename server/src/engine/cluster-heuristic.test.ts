import { describe, expect, it } from 'vitest'
import { evaluateAssignment, isContiguous } from './cluster-problem'
import { exactClusters } from './cluster-exact'
import { heuristicClusters } from './cluster-heuristic'
import { clusterLowerBound } from './cluster-bound'
import { gridProblem, lineProblem, randomProblem } from './test-support/cluster-instances'
import { prng } from './test-support/prng'

describe('heuristicClusters', () => {
  it('finds the hand-computed optima of the line and the grid', () => {
    const line = heuristicClusters(lineProblem([10, 10, 80, 10, 10, 80], 1, { minPopulation: 100, maxPopulation: 200 }))
    expect([...line.cluster]).toEqual([0, 0, 0, 1, 1, 1])
    expect([...line.hubs]).toEqual([2, 5])
    expect(line.objective).toBe(60)
    const maxp = heuristicClusters(lineProblem([100, 100, 100, 100, 100, 100], 3, { minPopulation: 200, maxPopulation: 300 }))
    expect([...maxp.cluster]).toEqual([0, 0, 1, 1, 2, 2])
    expect(maxp.objective).toBe(900)
    const grid = heuristicClusters(gridProblem(2, 3, [100, 100, 100, 100, 100, 100], 1, 4, { minPopulation: 300, maxPopulation: 300 }))
    expect([...grid.cluster]).toEqual([0, 0, 0, 1, 1, 1])
    expect(grid.objective).toBe(400)
    expect(grid.feasible).toBe(true)
  })

  it('on random small instances: contiguous, never better than the exact optimum, and mostly equal to it', () => {
    let equal = 0
    let compared = 0
    for (let seed = 1; seed <= 40; seed++) {
      const p = randomProblem(seed, 3, 4)
      const exact = exactClusters(p)
      const h = heuristicClusters(p, { seed })
      for (let c = 0; c < h.hubs.length; c++) {
        const members = [...h.cluster].flatMap((x, u) => (x === c ? [u] : []))
        expect(isContiguous(p.adjacency, members)).toBe(true)
        expect(members).toContain(h.hubs[c])
      }
      expect(evaluateAssignment(p, h.cluster).objective).toBeCloseTo(h.objective, 6)
      if (!exact || !h.feasible) continue
      compared++
      if (h.hubs.length === exact.hubs.length) {
        expect(h.objective).toBeGreaterThanOrEqual(exact.objective - 1e-6)
        if (Math.abs(h.objective - exact.objective) < 1e-6) equal++
      } else expect(h.hubs.length).toBeLessThan(exact.hubs.length)
    }
    console.log(`[circle15] heuristic = exact optimum on ${equal} of ${compared} feasible random 3 × 4 instances`)
    expect(compared).toBeGreaterThan(15)
    expect(equal / compared).toBeGreaterThanOrEqual(0.8)
  })

  it('a 20 × 20 grid of villages: feasible clusters, and the bound below the plan', () => {
    const r = prng(7)
    const pop = Array.from({ length: 400 }, () => 500 + Math.floor(r() * 4000))
    const p = gridProblem(20, 20, pop, 2, 2, { minPopulation: 15_000, maxPopulation: 40_000 })
    const h = heuristicClusters(p, { seed: 1 })
    expect(h.feasible).toBe(true)
    const sizes = new Map<number, number>()
    h.cluster.forEach((c, u) => sizes.set(c, (sizes.get(c) ?? 0) + pop[u]))
    for (const s of sizes.values()) expect(s).toBeGreaterThanOrEqual(15_000)
    const lb = clusterLowerBound(p, { k: h.hubs.length, upperBound: h.objective })
    expect(lb).toBeGreaterThan(0)
    expect(lb).toBeLessThanOrEqual(h.objective)
  })
})

describe('clusterLowerBound', () => {
  it('is at most the exact optimum with the same number of clusters', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const p = randomProblem(seed, 3, 3)
      const exact = exactClusters(p)
      if (!exact) continue
      const lb = clusterLowerBound(p, { k: exact.hubs.length, upperBound: exact.objective })
      expect(lb).toBeLessThanOrEqual(exact.objective + 1e-6)
      expect(lb).toBeGreaterThanOrEqual(0)
    }
  })

  it('is tight where the p-median relaxation is the plan: a line of two pairs', () => {
    // hubs at 0 and 2 (or 1 and 3): each other unit 10 min away, 1 person → 20
    const p = lineProblem([1, 1, 1, 1], 10)
    expect(clusterLowerBound(p, { k: 2, upperBound: 20 })).toBeCloseTo(20, 3)
    expect(clusterLowerBound(p, { k: 4, upperBound: 0 })).toBe(0)
  })
})
