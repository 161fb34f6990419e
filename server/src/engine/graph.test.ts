import { describe, expect, it } from 'vitest'
import { buildStreetNetwork, graphBytes, nodeOfKey } from './graph'
import { CAR_PROFILE, WALK_PROFILE } from './street-profile'
import { GRID_ORIGIN, gridKey, gridPoint, gridSegments, segment } from './test-support/street-grid'

describe('buildStreetNetwork', () => {
  it('turns a 3 × 3 grid of 100 m blocks into 9 nodes and 24 walking arcs of 100 m', () => {
    const spec = { cols: 3, rows: 3 }
    const net = buildStreetNetwork(gridSegments(spec), WALK_PROFILE)
    expect(net.graph.nodeCount).toBe(9)
    expect(net.graph.arcCount).toBe(24) // 12 blocks × 2 directions
    expect(Array.from(net.graph.arcLengthMm).every((l) => l === 100_000)).toBe(true)
    expect(net.reversed).toBe(net.graph) // nothing one-way: one graph serves both directions
    // The centre node has four neighbours.
    const centre = nodeOfKey(net, gridKey(spec, 1, 1))
    expect(net.graph.arcStart[centre + 1] - net.graph.arcStart[centre]).toBe(4)
  })

  it('maps input keys to nodes and back, with coordinates from the segment ends', () => {
    const spec = { cols: 4, rows: 2, keyBase: 9_000_000_000 } // OSM ids beyond 2^31
    const net = buildStreetNetwork(gridSegments(spec), WALK_PROFILE)
    for (let c = 0; c < 4; c++) {
      const key = gridKey(spec, c, 1)
      const node = nodeOfKey(net, key)
      expect(net.nodeKey[node]).toBe(key)
      expect(net.graph.nodeLng[node]).toBe(gridPoint(c, 1)[0])
      expect(net.graph.nodeLat[node]).toBe(gridPoint(c, 1)[1])
    }
    expect(nodeOfKey(net, 42)).toBe(-1)
  })

  it('leaves out segments closed to the mode, and their nodes', () => {
    const a = gridPoint(0, 0), b = gridPoint(1, 0), c = gridPoint(2, 0)
    const segs = [segment(1, 2, a, b, 100), segment(2, 3, b, c, 100, { highway: 'motorway' })]
    const net = buildStreetNetwork(segs, WALK_PROFILE, { minComponentNodes: 0 })
    expect(net.graph.nodeCount).toBe(2)
    expect(nodeOfKey(net, 3)).toBe(-1)
    expect(net.stats.segmentsClosed).toBe(1)
  })

  it('stores one-way streets once for cars and keeps a reversed graph', () => {
    const a = gridPoint(0, 0), b = gridPoint(1, 0)
    const net = buildStreetNetwork([segment(1, 2, a, b, 80, { highway: 'residential', oneway: 'yes' })], CAR_PROFILE)
    const u = nodeOfKey(net, 1), v = nodeOfKey(net, 2)
    expect(net.graph.arcCount).toBe(1)
    expect(net.graph.arcTarget[net.graph.arcStart[u]]).toBe(v)
    expect(net.graph.arcStart[v + 1] - net.graph.arcStart[v]).toBe(0)
    expect(net.reversed.arcTarget[net.reversed.arcStart[v]]).toBe(u)
    expect(net.reversed.arcLengthMm[net.reversed.arcStart[v]]).toBe(80_000)
  })

  it('prunes islands smaller than minComponentNodes but never the largest component', () => {
    const main = gridSegments({ cols: 5, rows: 5 }) // 25 nodes
    const island = gridSegments({ cols: 2, rows: 2, keyBase: 1000, origin: [GRID_ORIGIN[0] + 0.05, GRID_ORIGIN[1]] }) // 4 nodes
    expect(buildStreetNetwork([...main, ...island], WALK_PROFILE, { minComponentNodes: 10 }).graph.nodeCount).toBe(25)
    expect(buildStreetNetwork([...main, ...island], WALK_PROFILE, { minComponentNodes: 0 }).graph.nodeCount).toBe(29)
    // The default (40) would prune both; the largest stays.
    expect(buildStreetNetwork([...main, ...island], WALK_PROFILE).graph.nodeCount).toBe(25)
  })

  it('numbers nodes in Hilbert order: consecutive nodes of a grid are neighbours', () => {
    const spec = { cols: 16, rows: 16 }
    const net = buildStreetNetwork(gridSegments(spec), WALK_PROFILE)
    const g = net.graph
    for (let u = 1; u < g.nodeCount; u++) {
      const neighbours = Array.from(g.arcTarget.subarray(g.arcStart[u], g.arcStart[u + 1]))
      expect(neighbours).toContain(u - 1)
    }
  })

  it('costs at most 20 bytes per arc on a walking grid', () => {
    const net = buildStreetNetwork(gridSegments({ cols: 50, rows: 50 }), WALK_PROFILE)
    const { bytesPerArc } = graphBytes(net)
    // 8 B per arc + 20 B per node / ~3.9 arcs per node ≈ 13.
    expect(bytesPerArc).toBeGreaterThan(12)
    expect(bytesPerArc).toBeLessThan(14)
  })
})
