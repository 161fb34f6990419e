import { describe, expect, it } from 'vitest'
import { offsetPoint } from './geo'
import { buildStreetNetwork, nodeOfKey } from './graph'
import { directMm, pointSeeds, snapPoints, type PointSeeds } from './snap'
import { CAR_PROFILE, WALK_PROFILE } from './street-profile'
import { gridKey, gridPoint, gridSegments, pointArrays, segment } from './test-support/street-grid'

describe('snapPoints onto segments', () => {
  const spec = { cols: 5, rows: 5 }
  const net = buildStreetNetwork(gridSegments(spec), WALK_PROFILE)

  it('snaps to the nearest point on the nearest segment, with the leg and the position along it', () => {
    // 30 m east and 10 m north of node (2,2): on block (2,2)–(3,2) 30 m from (2,2), leg 10 m
    // (the vertical block (2,2)–(2,3) is 30 m away, the old nearest node 31.6 m).
    const p = pointArrays([offsetPoint(...gridPoint(2, 2), 30, 10), offsetPoint(...gridPoint(4, 4), 0, 499)])
    const s = snapPoints(net, p.lng, p.lat, 500)
    const e = s.edge[0]
    expect(e).toBeGreaterThanOrEqual(0)
    expect([net.edges.u[e], net.edges.v[e]].sort()).toEqual([nodeOfKey(net, gridKey(spec, 2, 2)), nodeOfKey(net, gridKey(spec, 3, 2))].sort())
    expect(s.legM[0]).toBeCloseTo(10, 3)
    expect(s.accessMm[0]).toBe(Math.round(s.legM[0] * 1000))
    const fromU = net.edges.u[e] === nodeOfKey(net, gridKey(spec, 2, 2))
    expect(Math.abs(s.posMm[0] - (fromU ? 30_000 : 70_000))).toBeLessThanOrEqual(2)
    // 499 m beyond the corner (4,4): the nearest point of the network is the corner itself.
    expect(s.legM[1]).toBeCloseTo(499, 3)
    const seeds: PointSeeds = { node: -1, mm: 0, node2: -1, mm2: 0 }
    pointSeeds(net, s.edge[1], s.posMm[1], s.accessMm[1], true, seeds)
    expect(seeds.node).toBe(nodeOfKey(net, gridKey(spec, 4, 4)))
    expect(seeds.node2).toBe(-1)
    expect(seeds.mm).toBe(s.accessMm[1])
  })

  it('walks the access leg at the access speed (legFactor) and leaves points beyond the limit unsnapped', () => {
    const p = pointArrays([offsetPoint(...gridPoint(4, 4), 0, 501), offsetPoint(...gridPoint(2, 2), 50, 20)])
    expect(snapPoints(net, p.lng, p.lat, 500).edge[0]).toBe(-1)
    expect(snapPoints(net, p.lng, p.lat, 600).edge[0]).toBeGreaterThanOrEqual(0)
    const fast = snapPoints(net, p.lng, p.lat, 500, 4.5)
    expect(fast.accessMm[1]).toBe(Math.round(fast.legM[1] * 1000 * 4.5))
    expect(fast.legM[1]).toBeCloseTo(20, 3)
    const none = snapPoints(null, p.lng, p.lat, 500)
    expect(none.edge[0]).toBe(-1)
    expect(none.legM[0]).toBe(Infinity)
  })

  it('follows the polyline, not the chord: a point beside a bend snaps onto the bend', () => {
    // An L-shaped way (0,0) → (0,1) → (1,1) of 200 m, its chord running diagonally: a point 5 m
    // outside the corner (0,1) snaps 100 m along at the corner (leg 5 m), not onto the chord.
    const a = gridPoint(0, 0), corner = gridPoint(0, 1), b = gridPoint(1, 1)
    const bent = { ...segment(1, 2, a, b, 200), coords: [a, corner, b] as [number, number][] }
    const far = segment(3, 4, gridPoint(5, 5), gridPoint(6, 5), 100)
    const one = buildStreetNetwork([bent, far], WALK_PROFILE, { minComponentNodes: 0 })
    const p = pointArrays([offsetPoint(...corner, -5, 0)])
    const s = snapPoints(one, p.lng, p.lat, 500)
    expect(s.legM[0]).toBeCloseTo(5, 3)
    expect(Math.abs(s.posMm[0] - 100_000)).toBeLessThanOrEqual(2)
  })

  it('lets a one-way street be left and entered only in its direction', () => {
    // A car one-way from (0,0) to (1,0), 100 m: a point 40 m along leaves towards (1,0) only
    // (60 m) and is entered from (0,0) only (40 m); directly along it only forwards.
    const oneWay = segment(1, 2, gridPoint(0, 0), gridPoint(1, 0), 100, { highway: 'residential', oneway: 'yes' })
    const back = segment(2, 3, gridPoint(1, 0), gridPoint(1, 1), 100)
    const car = buildStreetNetwork([oneWay, back], CAR_PROFILE, { minComponentNodes: 0 })
    const p = pointArrays([offsetPoint(...gridPoint(0, 0), 40, 0)])
    const s = snapPoints(car, p.lng, p.lat, 500)
    const e = s.edge[0]
    expect(car.edges.dir[e]).toBe(1)
    const seeds: PointSeeds = { node: -1, mm: 0, node2: -1, mm2: 0 }
    pointSeeds(car, e, s.posMm[0], s.accessMm[0], true, seeds)
    expect([seeds.node, seeds.node2]).toEqual([car.edges.v[e], -1])
    expect(Math.abs(seeds.mm - 60_000)).toBeLessThanOrEqual(2)
    pointSeeds(car, e, s.posMm[0], s.accessMm[0], false, seeds)
    expect([seeds.node, seeds.node2]).toEqual([car.edges.u[e], -1])
    expect(Math.abs(seeds.mm - 40_000)).toBeLessThanOrEqual(2)
    expect(directMm(car, e, 10_000, 30_000)).toBe(20_000)
    expect(directMm(car, e, 30_000, 10_000)).toBe(-1)
  })
})
