import { describe, expect, it } from 'vitest'
import { IndicatorsFileSchema } from './indicators'
import { INDICATORS_FILE, loadIndicatorsFile } from '../services/planning/indicators'
import { MEASURES } from '../services/planning/measures'
import fs from 'node:fs'

describe('the plan’s indicators as data (geodata/indicators.json)', () => {
  const shipped = JSON.parse(fs.readFileSync(INDICATORS_FILE, 'utf8'))

  it('the shipped file is valid and every measure it uses is registered', () => {
    const file = loadIndicatorsFile()
    expect(file.indicators.length).toBe(shipped.indicators.length)
    for (const i of file.indicators) if (i.computable) expect(MEASURES[i.computable.measure]).toBeTypeOf('function')
  })

  it('fills a measure’s defaults (statuses, per) and names every fault of a bad file', () => {
    const file = structuredClone(shipped)
    const childcare = file.indicators.find((i: any) => i.computable?.measure === 'capacity_per_population')
    delete childcare.computable.statuses
    delete childcare.computable.per
    const ok = IndicatorsFileSchema.parse(file).indicators.find((i) => i.number === childcare.number)!
    expect(ok.computable).toMatchObject({ statuses: ['existing'], per: 1000 })

    const bad = structuredClone(shipped)
    bad.indicators[0].computable = { measure: 'median_income', formula: 'x', exact: true } // not a registered measure
    bad.indicators[3].target.op = '≈'
    delete childcare.computable.facilityType
    bad.indicators[bad.indicators.findIndex((i: any) => i.number === childcare.number)] = childcare
    const paths = IndicatorsFileSchema.safeParse(bad).error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['indicators.0.computable.measure', 'indicators.3.target.op', `indicators.${bad.indicators.indexOf(childcare)}.computable.facilityType`]))
  })

  it('refuses a repeated indicator number', () => {
    const bad = structuredClone(shipped)
    bad.indicators[1].number = bad.indicators[2].number
    const issues = IndicatorsFileSchema.safeParse(bad).error!.issues
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([['indicators.2.number', `indicator number ${bad.indicators[2].number} appears twice`]])
  })
})
