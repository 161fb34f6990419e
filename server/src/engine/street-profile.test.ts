import { describe, expect, it } from 'vitest'
import { BACKWARD, BIKE_PROFILE, CAR_PROFILE, FORWARD, WALK_PROFILE, segmentDirections } from './street-profile'

const BOTH = FORWARD | BACKWARD

describe('segmentDirections: walking', () => {
  it('walks residential streets, footways and steps both ways, even when one-way', () => {
    expect(segmentDirections({ highway: 'residential', oneway: 'yes' }, WALK_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'footway' }, WALK_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'steps' }, WALK_PROFILE)).toBe(BOTH)
  })

  it('excludes motorways, motorroads, foot=no, private access, construction and platforms', () => {
    expect(segmentDirections({ highway: 'motorway' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'motorway_link' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'trunk', motorroad: 'yes' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'primary', foot: 'no' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'service', access: 'private' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'service', access: 'no' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'construction' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'residential', construction: 'yes' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'platform' }, WALK_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'footway', public_transport: 'platform' }, WALK_PROFILE)).toBe(0)
  })

  it('lets an explicit foot=yes/designated override access=private/no', () => {
    expect(segmentDirections({ highway: 'service', access: 'private', foot: 'yes' }, WALK_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'path', access: 'no', foot: 'designated' }, WALK_PROFILE)).toBe(BOTH)
  })

  it('keeps trunk roads (Chinese urban trunks have sidewalks) and untagged GeoJSON lines, not railways', () => {
    expect(segmentDirections({ highway: 'trunk' }, WALK_PROFILE)).toBe(BOTH)
    expect(segmentDirections({}, WALK_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ railway: 'rail' }, WALK_PROFILE)).toBe(0)
  })
})

describe('segmentDirections: cycling', () => {
  it('rides footways only with bicycle=yes', () => {
    expect(segmentDirections({ highway: 'footway' }, BIKE_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'footway', bicycle: 'yes' }, BIKE_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'footway', access: 'yes' }, BIKE_PROFILE)).toBe(0)
  })

  it('respects oneway, except oneway:bicycle=no and contraflow cycleways', () => {
    expect(segmentDirections({ highway: 'residential', oneway: 'yes' }, BIKE_PROFILE)).toBe(FORWARD)
    expect(segmentDirections({ highway: 'residential', oneway: '-1' }, BIKE_PROFILE)).toBe(BACKWARD)
    expect(segmentDirections({ highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no' }, BIKE_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'residential', oneway: 'yes', cycleway: 'opposite_lane' }, BIKE_PROFILE)).toBe(BOTH)
  })
})

describe('segmentDirections: driving', () => {
  it('drives roads, not footways or tracks, and follows oneway (implied on motorways and roundabouts)', () => {
    expect(segmentDirections({ highway: 'primary' }, CAR_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'footway' }, CAR_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'track' }, CAR_PROFILE)).toBe(0)
    expect(segmentDirections({ highway: 'track', motor_vehicle: 'yes' }, CAR_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'motorway' }, CAR_PROFILE)).toBe(FORWARD)
    expect(segmentDirections({ highway: 'motorway', oneway: 'no' }, CAR_PROFILE)).toBe(BOTH)
    expect(segmentDirections({ highway: 'primary', junction: 'roundabout' }, CAR_PROFILE)).toBe(FORWARD)
    expect(segmentDirections({ highway: 'residential', oneway: 'yes' }, CAR_PROFILE)).toBe(FORWARD)
    expect(segmentDirections({ highway: 'residential', motor_vehicle: 'no' }, CAR_PROFILE)).toBe(0)
  })
})
