import { areNeighborCells, cellArea, gridDisk, latLngToCell } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { indexCells } from './cells'
import { findGapClusters } from './gaps'

describe('findGapClusters', () => {
  // 37 cells: a centre and 3 rings. Cluster X = centre + two of its neighbours; cluster Y = a
  // ring-3 cell not touching X; a zero-target uncovered cell touching both must not join them.
  const centre = latLngToCell(29.87, 121.55, 10)
  const h3 = gridDisk(centre, 3)
  const cellIndex = indexCells(h3)
  const n = h3.length
  const ring1 = gridDisk(centre, 1).filter((h) => h !== centre)
  const x = [centre, ring1[0], ring1[1]]
  const touchesX = (h: string) => x.some((c) => c === h || areNeighborCells(c, h))
  const y = h3.find((h) => !touchesX(h) && !gridDisk(centre, 2).includes(h))!
  const bridge = h3.find((h) => !x.includes(h) && h !== y && touchesX(h) && areNeighborCells(h, y))
  const minutes = new Float64Array(n).fill(3)
  const target = new Float64Array(n).fill(5)
  const population = new Float64Array(n).fill(50)
  const set = (h: string, m: number, t: number) => {
    minutes[cellIndex.get(h)!] = m
    target[cellIndex.get(h)!] = t
  }
  x.forEach((h, k) => set(h, [20, 25, Infinity][k], [10, 20, 30][k]))
  set(y, 16, 8)
  if (bridge) set(bridge, Infinity, 0)

  it('clusters adjacent uncovered cells with target population, ranked by unserved target population', () => {
    expect(bridge).toBeDefined() // an uncovered cell without target population links X and Y
    const gaps = findGapClusters({ h3, cellIndex, minutes, targetPopulation: target, population, thresholdMinutes: 15 })
    expect(gaps).toHaveLength(2)
    expect(gaps[0]).toMatchObject({ rank: 1, targetPopulation: 60, population: 150, cellCount: 3 })
    expect([...gaps[0].cells].sort()).toEqual([...x].sort())
    expect(gaps[1]).toMatchObject({ rank: 2, targetPopulation: 8, population: 50, cellCount: 1, cells: [y] })
  })

  it('reports the area, the outline and the minutes to the nearest facility (min and target-weighted mean)', () => {
    const [first] = findGapClusters({ h3, cellIndex, minutes, targetPopulation: target, population, thresholdMinutes: 15 })
    expect(first.areaKm2).toBeCloseTo(x.reduce((s, h) => s + cellArea(h, 'km2'), 0), 12)
    expect(first.geometry.coordinates).toHaveLength(1) // one contiguous polygon
    expect(first.nearestMinutes.min).toBe(20)
    expect(first.nearestMinutes.mean).toBeCloseTo((20 * 10 + 25 * 20) / 30, 12) // the unreachable cell is left out
  })

  it('drops clusters below minPopulation and respects an area subset', () => {
    expect(findGapClusters({ h3, cellIndex, minutes, targetPopulation: target, population, thresholdMinutes: 15, minPopulation: 10 })).toHaveLength(1)
    const onlyY = findGapClusters({ h3, cellIndex, minutes, targetPopulation: target, population, thresholdMinutes: 15, cells: Int32Array.of(cellIndex.get(y)!) })
    expect(onlyY.map((g) => g.cells)).toEqual([[y]])
  })

  it('at a threshold covering every reachable cell, only the unreachable cell is left as a gap', () => {
    // X's cells are at 20, 25 and ∞ minutes, Y's at 16: at 30 minutes only the ∞ cell is uncovered.
    const gaps = findGapClusters({ h3, cellIndex, minutes, targetPopulation: target, population, thresholdMinutes: 30 })
    expect(gaps.map((g) => g.cells)).toEqual([[x[2]]])
    expect(gaps[0]).toMatchObject({ rank: 1, targetPopulation: 30, cellCount: 1, nearestMinutes: { min: null, mean: null } })
  })

  it('sees no gap when the threshold covers everyone', () => {
    const reachable = Float64Array.from(minutes, (m) => (m === Infinity ? 28 : m))
    expect(findGapClusters({ h3, cellIndex, minutes: reachable, targetPopulation: target, population, thresholdMinutes: 30 })).toEqual([])
    // Inclusive: a cell exactly at the threshold is covered.
    expect(findGapClusters({ h3, cellIndex, minutes: reachable, targetPopulation: target, population, thresholdMinutes: 28 })).toEqual([])
  })
})
