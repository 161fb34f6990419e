import { describe, expect, it } from 'vitest'
import { legCostFactor, modeNetworkKey, modeTravelKey, parseMaxspeedKmh, segmentCost, segmentSpeedKmh } from './road-speeds'

const car = {
  code: 'car', network: 'car', speedKmh: 30,
  roads: { speedKmh: { primary: 40, service: 10, track: 0 }, maxspeedFactor: 0.8, capKmh: 50 },
}

describe('road speeds', () => {
  it('parses maxspeed tags in km/h, mph and knots; zone codes are not numbers', () => {
    expect(parseMaxspeedKmh('50')).toBe(50)
    expect(parseMaxspeedKmh('60 km/h')).toBe(60)
    expect(parseMaxspeedKmh('30 mph')).toBeCloseTo(48.28032, 9)
    expect(parseMaxspeedKmh('60;40')).toBe(60)
    for (const v of ['CN:urban', 'none', 'walk', '', '0', undefined]) expect(parseMaxspeedKmh(v)).toBeNull()
  })

  it('takes the class speed, then maxspeed × factor, then the cap; 0 stays barred', () => {
    expect(segmentSpeedKmh({ highway: 'service' }, car)).toBe(10)
    expect(segmentSpeedKmh({ highway: 'residential' }, car)).toBe(30) // unlisted: nominal
    expect(segmentSpeedKmh({ highway: 'primary', maxspeed: '40' }, car)).toBe(32) // 40 × 0.8
    expect(segmentSpeedKmh({ highway: 'primary', maxspeed: '80' }, car)).toBe(50) // 64 capped at 50
    expect(segmentSpeedKmh({ highway: 'primary', maxspeed: 'CN:urban' }, car)).toBe(40)
    expect(segmentSpeedKmh({ highway: 'track', maxspeed: '30' }, car)).toBe(0)
    expect(segmentSpeedKmh({ highway: 'primary' }, { speedKmh: 4 })).toBe(4)
  })

  it('costs millimetres at the nominal speed: 100 m of service road at 10 km/h = 300 m at 30', () => {
    expect(segmentCost(100, { highway: 'service' }, car)).toBe(300_000)
    expect(segmentCost(100, { highway: 'primary', maxspeed: '40' }, car)).toBe(93_750) // 100 × 30 / 32
    expect(segmentCost(123.4564, { highway: 'residential' }, car)).toBe(123_456) // nominal: the length in mm
    expect(segmentCost(100, { highway: 'track' }, car)).toBe(-1)
  })

  it('legs cost speedKmh / accessSpeedKmh per millimetre', () => {
    expect(legCostFactor({ speedKmh: 18, accessSpeedKmh: 4 })).toBe(4.5)
    expect(legCostFactor({ speedKmh: 18 })).toBe(1)
  })

  it('keys networks by profile and speeds: uniform modes share the profile key, bike and e-bike do not', () => {
    expect(modeNetworkKey({ network: 'walk', speedKmh: 4 })).toBe('walk')
    expect(modeNetworkKey({ network: 'walk', speedKmh: 5, roads: { speedKmh: { primary: 5 }, capKmh: 6 } })).toBe('walk')
    const bike = modeNetworkKey({ network: 'bike', speedKmh: 12, roads: { speedKmh: { steps: 2 } } })
    const ebike = modeNetworkKey({ network: 'bike', speedKmh: 18, roads: { speedKmh: { steps: 0 } } })
    expect(bike).toMatch(/^bike~[0-9a-f]{8}$/)
    expect(ebike).not.toBe(bike)
    expect(modeNetworkKey({ network: 'car', speedKmh: 30, roads: { speedKmh: { a: 1, b: 2 } } }))
      .toBe(modeNetworkKey({ network: 'car', speedKmh: 30, roads: { speedKmh: { b: 2, a: 1 } } }))
    expect(modeTravelKey({ network: 'bike', speedKmh: 18, accessSpeedKmh: 4 })).toBe('bike@leg4.5')
  })
})
