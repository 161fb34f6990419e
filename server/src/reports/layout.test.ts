import { describe, expect, it } from 'vitest'
import { rankChildren } from '../services/reports/build'
import { cellText } from './cells'
import { fmt, reportStringKeys, tr } from './i18n'
import { truncate } from './svg/charts'
import { niceFloor, shareColour, SHARE_CLASSES } from './svg/svg'
import type { ChildCoverage } from './model'
import { coverageMap } from './svg/map'

const child = (name: string, rate: number | null): ChildCoverage => ({ code: name, name, targetPopulation: 1, coveredPopulation: 0, uncoveredPopulation: 1, rate, rank: null, within: [] })

describe('report pieces', () => {
  it('ranks child areas by rate, equal rates sharing a rank and areas without residents unranked', () => {
    const rows = rankChildren([child('a', 0.5), child('b', 0.9), child('c', null), child('d', 0.5), child('e', 0.1)])
    expect(rows.map((r) => [r.name, r.rank])).toEqual([['a', 2], ['b', 1], ['c', null], ['d', 2], ['e', 4]])
  })

  it('prints persons whole with separators, shares as percentages, coordinates to 5 decimals', () => {
    expect(cellText('zh', 'integer', 1234567.6)).toBe('1,234,568')
    expect(cellText('en', 'percent', 0.12345)).toBe('12.3%')
    expect(cellText('zh', 'percent', null)).toBe('—')
    expect(cellText('zh', 'number', 121.256789, 'siteLng')).toBe('121.25679')
    expect(cellText('zh', 'minutes', 7.25)).toBe('7.3')
    expect(fmt.pp('zh', -0.0123)).toBe('−1.2 个百分点')
    expect(fmt.signedInt('en', 89)).toBe('+89')
  })

  it('has every report string in both languages and fills placeholders', () => {
    const { zh, en } = reportStringKeys()
    expect(zh).toEqual(en)
    expect(tr('zh', 'tierMinutes', { minutes: 15 })).toBe('15分钟生活圈')
    expect(tr('en', 'tierMinutes', { minutes: 15 })).toBe('15-minute life circle')
  })

  it('shortens labels counting a CJK character as one width and a Latin one as about half', () => {
    expect(truncate('慈溪市宗汉街道', 4)).toBe('慈溪市宗…')
    expect(truncate('Zonghan', 4)).toBe('Zonghan')
    expect(truncate('Zonghan subdistrict', 4)).toBe('Zonghan…') // 7 × 0.55 = 3.85 fits, the space would make 4.4
  })

  it('scale bars use round lengths and the share classes cover 0–100 %', () => {
    expect([niceFloor(7300), niceFloor(2500), niceFloor(1999), niceFloor(0.7)]).toEqual([5000, 2000, 1000, 0.5])
    expect(shareColour(0)).toBe(SHARE_CLASSES[0].colour)
    expect(shareColour(1)).toBe(SHARE_CLASSES.at(-1)!.colour)
    expect(shareColour(0.5)).toBe(SHARE_CLASSES[2].colour)
  })

  it('draws the map with a round scale bar (10 km wide area: 20.7 m per unit, a fifth of the frame ≈ 2.08 km → 2 km), names, north arrow and attribution', () => {
    const M = (6_371_008.8 * Math.PI) / 180
    const lng = (km: number) => 121.3 + (km * 1000) / (M * Math.cos((30.0045 * Math.PI) / 180))
    const lat = (km: number) => 30 + (km * 1000) / M
    const ring = [[lng(0), lat(0)], [lng(10), lat(0)], [lng(10), lat(1)], [lng(0), lat(1)], [lng(0), lat(0)]]
    const half = (a: number, b: number) => [[lng(a), lat(0)], [lng(b), lat(0)], [lng(b), lat(1)], [lng(a), lat(1)], [lng(a), lat(0)]]
    const svg = coverageMap({
      lang: 'zh', title: 't', kind: 'coverage', cells: [], gaps: [], facilities: [{ id: 'K1', name: null, lng: lng(1), lat: lat(0.5), status: 'existing' }], dataDate: '2026-12-01',
      outlines: [{ code: 'D', name: '试验区', child: false, geometry: { type: 'Polygon', coordinates: [ring] } },
        { code: 'T1', name: '甲镇', child: true, geometry: { type: 'Polygon', coordinates: [half(0, 5)] } },
        { code: 'T2', name: '乙镇', child: true, geometry: { type: 'Polygon', coordinates: [half(5, 10)] } }],
    })
    expect(svg).toContain('>2 公里</text>')
    const bar = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="3" fill="#222222"\/>/.exec(svg)
    expect(Number(bar![2]) * 2).toBeCloseTo(2000 / (10_000 / 483), 0) // both halves: 2 km at 20.7 m per unit
    expect(svg).toContain('>甲镇</text>')
    expect(svg).toContain('>乙镇</text>')
    expect(svg).toContain('>N</text>')
    expect(svg).toContain('数据日期: 2026-12-01')
    expect(svg).toContain('OpenStreetMap')
  })
})
