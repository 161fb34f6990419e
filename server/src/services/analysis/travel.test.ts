import { describe, expect, it } from 'vitest'
import { facilityFingerprint } from './travel'

describe('facilityFingerprint', () => {
  const a = { id: 'A', lng: 121.5, lat: 29.9, capacity: 10 }
  const b = { id: 'B', lng: 121.6, lat: 29.8, capacity: null }
  it('ignores order, removed slots and capacity', () => {
    expect(facilityFingerprint([a, b])).toBe(facilityFingerprint([b, null, { ...a, capacity: 99 }]))
  })
  it('changes with a moved, added or removed facility', () => {
    const base = facilityFingerprint([a, b])
    expect(facilityFingerprint([a, { ...b, lng: 121.6000001 }])).not.toBe(base)
    expect(facilityFingerprint([a])).not.toBe(base)
    expect(facilityFingerprint([a, b, { ...b, id: 'C' }])).not.toBe(base)
    expect(facilityFingerprint([])).not.toBe(facilityFingerprint([a]))
  })
})
