import { describe, expect, it } from 'vitest'
import { coverageByArea } from './coverage'

describe('coverageByArea', () => {
  // Cells: minutes, target population, area.
  const minutes = Float64Array.of(3, 12, Infinity, 10, 5)
  const target = Float64Array.of(10, 20, 30, 40, 0)
  const cellArea = Int32Array.of(0, 0, 1, 1, 1)

  it('counts a cell at exactly the threshold as covered and an unreachable one as not', () => {
    const { areas, total } = coverageByArea({ minutes, targetPopulation: target, thresholdMinutes: 10, cellArea, areaCount: 2 })
    expect(areas[0]).toMatchObject({ targetPopulation: 30, coveredPopulation: 10, rate: 1 / 3 })
    expect(areas[1]).toMatchObject({ targetPopulation: 70, coveredPopulation: 40, rate: 4 / 7 })
    expect(total).toMatchObject({ targetPopulation: 100, coveredPopulation: 50, rate: 0.5 })
  })

  it('gives cumulative shares within 5/10/15/20/30 minutes', () => {
    const { total } = coverageByArea({ minutes, targetPopulation: target, thresholdMinutes: 10 })
    expect(total.within.map((w) => w.minutes)).toEqual([5, 10, 15, 20, 30])
    expect(total.within.map((w) => w.population)).toEqual([10, 50, 70, 70, 70])
    expect(total.within.map((w) => w.share)).toEqual([0.1, 0.5, 0.7, 0.7, 0.7])
  })

  it('reports a null rate for an area without target population and ignores cells outside areas', () => {
    const { areas, total } = coverageByArea({ minutes, targetPopulation: target, thresholdMinutes: 10, cellArea: Int32Array.of(-1, -1, -1, -1, 2), areaCount: 3 })
    expect(areas[2].rate).toBeNull()
    expect(areas[2].within[0].share).toBeNull()
    expect(total.targetPopulation).toBe(0)
  })
})
