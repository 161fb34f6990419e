import { describe, expect, it } from 'vitest'
import { bestHub, evaluateAssignment, isContiguous, type ClusterProblem } from './cluster-problem'
import { exactClusters } from './cluster-exact'
import { gridProblem, lineProblem, randomProblem } from './test-support/cluster-instances'

/**
 * Brute force, independent of the DP: every set partition (restricted growth strings), each
 * block checked for contiguity and bounds, each block's best hub tried exhaustively.
 */
function bruteForce(p: ClusterProblem): { count: number; objective: number } | null {
  const n = p.population.length
  const lo = p.minPopulation ?? 0
  const hi = p.maxPopulation ?? Infinity
  const a = new Array<number>(n).fill(0)
  let best: { count: number; objective: number } | null = null
  const visit = (i: number, max: number) => {
    if (i === n) {
      const k = max + 1
      if (p.count !== undefined && k !== p.count) return
      let total = 0
      for (let c = 0; c < k; c++) {
        const members = a.flatMap((x, u) => (x === c ? [u] : []))
        const pop = members.reduce((s, u) => s + p.population[u], 0)
        if (pop < lo || pop > hi || !isContiguous(p.adjacency, members)) return
        let blockBest = Infinity
        for (const h of members) {
          let s = 0
          for (const u of members) s += p.population[u] * p.minutes[u * n + h]
          blockBest = Math.min(blockBest, s)
        }
        total += blockBest
      }
      if (!best || k > best.count && p.count === undefined || (k === best.count && total < best.objective - 1e-9)) best = { count: k, objective: total }
      return
    }
    for (let c = 0; c <= max + 1; c++) {
      a[i] = c
      visit(i + 1, Math.max(max, c))
    }
  }
  a[0] = 0
  visit(1, 0)
  return best
}

describe('exactClusters', () => {
  it('groups a line of villages around the hubs a planner would pick', () => {
    // 10, 10, 80 | 10, 10, 80 persons, 1 minute apart, 100–200 persons per cluster: the only
    // split into two is after the third village; each cluster's hub is its big village:
    // 10 × 2 + 10 × 1 = 30 person-minutes each.
    const p = lineProblem([10, 10, 80, 10, 10, 80], 1, { minPopulation: 100, maxPopulation: 200 })
    const s = exactClusters(p)!
    expect([...s.cluster]).toEqual([0, 0, 0, 1, 1, 1])
    expect([...s.hubs]).toEqual([2, 5])
    expect(s.objective).toBe(60)
  })

  it('max-p: as many clusters as the floor allows, then the least travel', () => {
    // six villages of 100, 3 min apart, ≥ 200 each: three pairs, 100 × 3 min each = 900.
    const p = lineProblem([100, 100, 100, 100, 100, 100], 3, { minPopulation: 200, maxPopulation: 300 })
    const s = exactClusters(p)!
    expect([...s.cluster]).toEqual([0, 0, 1, 1, 2, 2])
    expect(s.objective).toBe(900)
    // with a count of 2: two triples around their middle village, 2 × (300 + 300)
    const two = exactClusters({ ...p, count: 2 })!
    expect([...two.cluster]).toEqual([0, 0, 0, 1, 1, 1])
    expect([...two.hubs]).toEqual([1, 4])
    expect(two.objective).toBe(1200)
  })

  it('on a grid prefers the cheap direction: rows, not L-shapes', () => {
    // 2 × 3 villages of 100; 1 min between columns, 4 min between rows; exactly 300 per cluster.
    // Rows: hub in the middle, 100 × 1 + 100 × 1 = 200 each → 400. An L {0,1,3} costs 500.
    const p = gridProblem(2, 3, [100, 100, 100, 100, 100, 100], 1, 4, { minPopulation: 300, maxPopulation: 300 })
    const s = exactClusters(p)!
    expect([...s.cluster]).toEqual([0, 0, 0, 1, 1, 1])
    expect([...s.hubs]).toEqual([1, 4])
    expect(s.objective).toBe(400)
    // pairs (200 each): three clusters; best is one column pair and two row pairs: 400 + 100 + 100
    const pairs = exactClusters({ ...p, minPopulation: 200, maxPopulation: 200 })!
    expect(pairs.hubs.length).toBe(3)
    expect(pairs.objective).toBe(600)
  })

  it('clusters are contiguous: a split that would be cheaper is not allowed', () => {
    // A line 0–1–2 where 0 and 2 are close in minutes but not neighbours: {0, 2} is not a cluster.
    const p = lineProblem([100, 1, 100], 1, { count: 2 })
    for (let i = 0; i < 3; i++) for (let h = 0; h < 3; h++) p.minutes[i * 3 + h] = i === h ? 0 : (i === 1 || h === 1) ? 50 : 1
    const s = exactClusters(p)!
    expect(isContiguous(p.adjacency, [...s.cluster].flatMap((c, u) => (c === s.cluster[0] ? [u] : [])))).toBe(true)
    // {0,2} + {1} would cost 100; the best contiguous plan {0} + {1,2} (or {0,1} + {2}) costs 50.
    expect(s.objective).toBe(50)
  })

  it('returns null when the bounds cannot be met', () => {
    expect(exactClusters(lineProblem([100, 100], 1, { minPopulation: 250 }))).toBeNull()
    expect(exactClusters(lineProblem([100, 100, 100], 1, { count: 2, maxPopulation: 100 }))).toBeNull()
  })

  it('equals brute force on 40 random instances (3 × 3 grids with random bounds and counts)', () => {
    let checked = 0
    for (let seed = 1; seed <= 40; seed++) {
      const p = randomProblem(seed, 3, 3)
      const bf = bruteForce(p)
      const s = exactClusters(p)
      if (!bf) {
        expect(s).toBeNull()
        continue
      }
      checked++
      expect(s).not.toBeNull()
      const e = evaluateAssignment(p, s!.cluster)
      expect(e.feasible).toBe(true)
      expect(s!.hubs.length).toBe(bf.count)
      expect(s!.objective).toBeCloseTo(bf.objective, 6)
      expect(e.objective).toBeCloseTo(s!.objective, 6)
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('bestHub names the runner-up', () => {
    const p = lineProblem([1, 1, 1], 10)
    expect(bestHub(p, [0, 1, 2])).toEqual({ hub: 1, cost: 20, runnerUp: 30 })
  })
})
