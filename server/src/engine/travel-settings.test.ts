import { describe, expect, it } from 'vitest'
import { DEFAULT_TRAVEL_MODES, TravelSettingsError, resolveTravel } from './travel-settings'

describe('resolveTravel', () => {
  it('uses the mode speed and the type threshold by default (walking 4 km/h)', () => {
    expect(resolveTravel(DEFAULT_TRAVEL_MODES, 15)).toMatchObject({ mode: 'walk', network: 'walk', speedKmh: 4, thresholdMinutes: 15, travel: { code: 'walk' } })
    expect(resolveTravel(DEFAULT_TRAVEL_MODES, 30, { mode: 'ebike' })).toMatchObject({ mode: 'ebike', network: 'bike', speedKmh: 18, thresholdMinutes: 30, travel: { code: 'ebike' } })
  })

  it('applies speedKmh and minutes overrides', () => {
    expect(resolveTravel(DEFAULT_TRAVEL_MODES, 15, { mode: 'walk', speedKmh: 3.6, minutes: 10 })).toMatchObject({ speedKmh: 3.6, thresholdMinutes: 10 })
  })

  it('lists every bad field at once', () => {
    try {
      resolveTravel(DEFAULT_TRAVEL_MODES, 15, { mode: 'boat', minutes: -1 })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(TravelSettingsError)
      expect((e as TravelSettingsError).problems.map((p) => p.field)).toEqual(['mode', 'minutes'])
    }
    expect(() => resolveTravel(DEFAULT_TRAVEL_MODES, 15, { speedKmh: 0 })).toThrow(/speedKmh/)
  })
})
