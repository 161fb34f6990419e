import * as h3 from 'h3-js'
import { describe, expect, it } from 'vitest'
import { POPULATION_COLUMNS } from '../../contract/catalogue'
import { CellTable } from '../analysis/inputs'
import { CellPyramid, GridIndex, resolutionForZoom } from './pyramid'
import { aggregateValues, weightedQuantiles } from './values'

/** A cell table of the given res-10 cells (populations filled in by the caller). */
function table(cells: string[]): CellTable {
  const sorted = [...cells].sort()
  const lng = new Float64Array(sorted.length)
  const lat = new Float64Array(sorted.length)
  sorted.forEach((c, i) => ([lat[i], lng[i]] = h3.cellToLatLng(c)))
  const columns = Object.fromEntries(POPULATION_COLUMNS.map((c) => [c, new Float64Array(sorted.length)])) as CellTable['rows']['columns']
  return new CellTable('test', { h3: sorted, lng, lat, columns })
}

describe('cell pyramid and aggregated values', () => {
  // Three res-10 children of one res-9 cell: 2 min (10 children aged 3–5), 8 min (30), unreachable (0).
  const parent = h3.latLngToCell(29.87, 121.55, 9)
  const kids = h3.cellToChildren(parent, 10).slice(0, 3).sort()
  const cells = table(kids)
  const pyramid = new CellPyramid(cells)
  const minutes = Float64Array.of(2, 8, Infinity)
  const target = Float64Array.of(10, 30, 0)
  const population = Float64Array.of(20, 40, 5)
  const values = aggregateValues(pyramid, { minutes, target, population, thresholdMinutes: 5 })

  it('holds one cell per level, each the ancestor of all three', () => {
    for (const res of [9, 8, 7, 6]) {
      const level = pyramid.level(res)
      expect(level.h3).toEqual([h3.cellToParent(parent, res)])
      expect(Array.from(level.ancestor)).toEqual([0, 0, 0])
    }
    expect(pyramid.level(10).h3).toEqual(kids)
  })

  it('keeps res-10 values as they are (minutes, covered 0/1)', () => {
    const v = values.get(10)!
    expect(Array.from(v.minutes)).toEqual([2, 8, NaN])
    expect(Array.from(v.covered)).toEqual([1, 0, 0])
    expect(Array.from(v.uncovered)).toEqual([0, 30, 0])
  })

  it('aggregates: target-weighted mean minutes over reachable cells, covered share of the target group', () => {
    for (const res of [9, 8, 7, 6]) {
      const v = values.get(res)!
      expect(v.minutes[0]).toBeCloseTo((10 * 2 + 30 * 8) / 40, 5) // 6.5
      expect(v.covered[0]).toBeCloseTo(10 / 40, 6)
      expect(v.population[0]).toBe(65)
      expect(v.target[0]).toBe(40)
      expect(v.uncovered[0]).toBe(30)
    }
  })

  it('falls back to population weights where a parent has no target group, and NaN where nothing is reachable', () => {
    const noKids = aggregateValues(pyramid, { minutes, target: new Float64Array(3), population, thresholdMinutes: 5 }).get(9)!
    expect(noKids.minutes[0]).toBeCloseTo((20 * 2 + 40 * 8) / 60, 5)
    expect(noKids.covered[0]).toBeCloseTo(20 / 65, 6)
    const none = aggregateValues(pyramid, { minutes: Float64Array.of(Infinity, Infinity, Infinity), target, population, thresholdMinutes: 5 }).get(9)!
    expect(none.minutes[0]).toBeNaN()
    expect(none.covered[0]).toBe(0)
  })

  it('averages 2SFCA scores over the target group', () => {
    const v = aggregateValues(pyramid, { minutes, target, population, thresholdMinutes: 5, score: Float64Array.of(1, 0.5, 0) }).get(8)!
    expect(v.score![0]).toBeCloseTo((10 * 1 + 30 * 0.5) / 40, 6)
  })
})

describe('grid index', () => {
  it('finds every point of a box (grown by its margin), and only those', () => {
    let seed = 7
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const n = 5000
    const lng = Float64Array.from({ length: n }, () => 121 + rand())
    const lat = Float64Array.from({ length: n }, () => 29.5 + rand())
    const index = new GridIndex(lng, lat, 0.01)
    for (let q = 0; q < 20; q++) {
      const w = 121 + rand() * 0.8
      const s = 29.5 + rand() * 0.8
      const e = w + rand() * 0.2
      const nn = s + rand() * 0.2
      const got = index.query(w, s, e, nn).sort((a, b) => a - b)
      const want: number[] = []
      for (let i = 0; i < n; i++) if (lng[i] >= w - 0.01 && lng[i] <= e + 0.01 && lat[i] >= s - 0.01 && lat[i] <= nn + 0.01) want.push(i)
      expect(got).toEqual(want)
    }
  })
})

describe('resolution by zoom', () => {
  it('never gets coarser when zooming in, and reaches the population grid (res 10)', () => {
    const res = Array.from({ length: 17 }, (_, z) => resolutionForZoom(z))
    for (let z = 1; z < res.length; z++) expect(res[z]).toBeGreaterThanOrEqual(res[z - 1])
    expect(res[0]).toBe(6)
    expect(res[16]).toBe(10)
  })

  it('weighted quantiles split the weight', () => {
    expect(weightedQuantiles([1, 2, 3, 4], [1, 1, 1, 1], [0.25, 0.5, 1])).toEqual([1, 2, 4])
    expect(weightedQuantiles([5, 1], [0, 3], [0.5])).toEqual([1])
    expect(weightedQuantiles([], [], [0.5])).toEqual([0])
  })
})
