import { describe, expect, it } from 'vitest'
import { offsetPoint } from './geo'
import { buildStreetNetwork, nodeOfKey } from './graph'
import { snapPoints } from './snap'
import { WALK_PROFILE } from './street-profile'
import { gridKey, gridPoint, gridSegments, pointArrays } from './test-support/street-grid'

describe('snapPoints', () => {
  const spec = { cols: 5, rows: 5 }
  const net = buildStreetNetwork(gridSegments(spec), WALK_PROFILE)

  it('snaps to the nearest node with the straight-line leg in metres', () => {
    const p = pointArrays([offsetPoint(...gridPoint(2, 2), 30, 0), offsetPoint(...gridPoint(4, 4), 0, 499)])
    const { node, legM } = snapPoints(net, p.lng, p.lat, 500)
    expect(node[0]).toBe(nodeOfKey(net, gridKey(spec, 2, 2)))
    expect(legM[0]).toBeCloseTo(30, 6)
    expect(node[1]).toBe(nodeOfKey(net, gridKey(spec, 4, 4)))
    expect(legM[1]).toBeCloseTo(499, 6)
  })

  it('leaves points beyond the limit (or without a network) unsnapped', () => {
    const p = pointArrays([offsetPoint(...gridPoint(4, 4), 0, 501)])
    expect(snapPoints(net, p.lng, p.lat, 500).node[0]).toBe(-1)
    expect(snapPoints(net, p.lng, p.lat, 600).node[0]).toBe(nodeOfKey(net, gridKey(spec, 4, 4)))
    const none = snapPoints(null, p.lng, p.lat, 500)
    expect(none.node[0]).toBe(-1)
    expect(none.legM[0]).toBe(Infinity)
  })
})
