import { describe, expect, it } from 'vitest'
import { CELLS_FILE_MAX, cellsReport } from './cells'

describe('cellsReport', () => {
  it('refuses more cells than one file may hold (a 400 naming the area), JSON and CSV aside', () => {
    const rows = Array.from({ length: CELLS_FILE_MAX + 1 }, () => ({ h3: '8a309a5ad4dffff', population: 1, targetPopulation: 1, minutes: 1, nearest: null }))
    expect(() => cellsReport(rows, 'kindergarten')).toThrow(expect.objectContaining({ status: 400, code: 'too_large' }))
    expect(cellsReport(rows.slice(0, 2), 'kindergarten').layers[0].features).toHaveLength(2)
  })
})
