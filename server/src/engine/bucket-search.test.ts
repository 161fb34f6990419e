import { describe, expect, it } from 'vitest'
import { createBucketQueue, searchFromSources } from './bucket-search'
import { createLabels, createSearchScratch, seedNode, settle } from './dijkstra'
import { createFacilitySet } from './facility-set'
import { offsetPoint } from './geo'
import { buildStreetNetwork, nodeOfKey } from './graph'
import { CAR_PROFILE, WALK_PROFILE } from './street-profile'
import { randomCity } from './test-support/random-city'
import { gridPoint, gridSegments, segment } from './test-support/street-grid'
import { createTravelContext } from './travel-context'

describe('searchFromSources (bucket queue) against Dijkstra (binary heap)', () => {
  for (const [name, profile, oneWayShare] of [['walking', WALK_PROFILE, 0], ['driving, one-way streets', CAR_PROFILE, 0.3]] as const) {
    it(`gives identical (distance, nearest source) labels — ${name}`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const city = randomCity(seed, { side: 20, facilities: 12, oneWayShare })
        // Zero-length segments (duplicate nodes) are where tie-breaking gets delicate.
        city.segments.push(segment(1, 100_001, city.segments[0].coords[0], city.segments[0].coords[0], 0))
        city.segments.push(segment(100_001, 1 + 21, city.segments[0].coords[0], city.segments[0].coords[0], 0))
        const network = buildStreetNetwork(city.segments, profile, { minComponentNodes: 0 })
        const ctx = createTravelContext({ network, cellLng: new Float64Array(0), cellLat: new Float64Array(0) })
        const set = createFacilitySet(ctx, city.facilities.lng, city.facilities.lat)
        for (const cutoffMm of [0x7ffffffe, 900_000]) {
          const buckets = createLabels(network.graph.nodeCount)
          searchFromSources(network.reversed, buckets, createBucketQueue(network.graph.nodeCount), { node: set.node, startMm: set.legMm, active: set.active, count: set.count }, cutoffMm)
          const heap = createLabels(network.graph.nodeCount)
          const scratch = createSearchScratch(network.graph.nodeCount)
          for (let j = 0; j < set.count; j++) if (set.node[j] >= 0 && set.legMm[j] <= cutoffMm) seedNode(heap, scratch.heap, set.node[j], set.legMm[j], j, null)
          settle(network.reversed, heap, scratch.heap, cutoffMm, null)
          expect(buckets.dist).toEqual(heap.dist)
          expect(buckets.origin).toEqual(heap.origin)
        }
      }
    })
  }

  it('resolves equal distances to the lower source index, also across zero-length arcs', () => {
    // a —100— b —0— c —100— d ; sources 0 at a, 1 at d: b and c are 100 m from a and from d.
    const [a, b, c, d] = [gridPoint(0, 0), gridPoint(1, 0), gridPoint(1, 0), gridPoint(2, 0)]
    const net = buildStreetNetwork([segment(1, 2, a, b, 100), segment(2, 3, b, c, 0), segment(3, 4, c, d, 100)], WALK_PROFILE, { minComponentNodes: 0 })
    const ctx = createTravelContext({ network: net, cellLng: new Float64Array(0), cellLat: new Float64Array(0) })
    const sources = createFacilitySet(ctx, Float64Array.of(d[0], a[0]), Float64Array.of(d[1], a[1])) // 0 at d, 1 at a
    const labels = createLabels(net.graph.nodeCount)
    searchFromSources(net.reversed, labels, createBucketQueue(net.graph.nodeCount), { node: sources.node, startMm: sources.legMm, active: null, count: 2 }, 0x7ffffffe)
    expect(Array.from(labels.origin)).toEqual([0, 0, 0, 0].map((_, u) => (u === sources.node[1] ? 1 : 0)))
    expect(Array.from(labels.dist).sort((x, y) => x - y)).toEqual([0, 0, 100_000, 100_000])
  })

  it('handles an arc far longer than the rest (wider buckets, still exact)', () => {
    // A 30 × 30 grid of 10 m blocks and one 500 km ferry from node (29, 29) to a far node.
    const grid = gridSegments({ cols: 30, rows: 30, blockM: 10 })
    const far = offsetPoint(...gridPoint(29, 29, 10), 0, 4000)
    const net = buildStreetNetwork([...grid, segment(1 + 29 * 30 + 29, 5000, gridPoint(29, 29, 10), far, 500_000)], WALK_PROFILE, { minComponentNodes: 0 })
    const ctx = createTravelContext({ network: net, cellLng: new Float64Array(0), cellLat: new Float64Array(0) })
    const sources = createFacilitySet(ctx, Float64Array.of(gridPoint(0, 0, 10)[0], gridPoint(3, 0, 10)[0]), Float64Array.of(gridPoint(0, 0, 10)[1], gridPoint(3, 0, 10)[1]))
    const labels = createLabels(net.graph.nodeCount)
    searchFromSources(net.reversed, labels, createBucketQueue(net.graph.nodeCount), { node: sources.node, startMm: sources.legMm, active: null, count: 2 }, 0x7ffffffe)
    // From (3, 0): 26 + 29 blocks of 10 m to (29, 29), then the ferry.
    expect(labels.dist[nodeOfKey(net, 5000)]).toBe(550_000 + 500_000_000)
    expect(labels.origin[nodeOfKey(net, 5000)]).toBe(1)
    const heap = createLabels(net.graph.nodeCount)
    const scratch = createSearchScratch(net.graph.nodeCount)
    for (let j = 0; j < 2; j++) seedNode(heap, scratch.heap, sources.node[j], sources.legMm[j], j, null)
    settle(net.reversed, heap, scratch.heap, 0x7ffffffe, null)
    expect(labels.dist).toEqual(heap.dist)
    expect(labels.origin).toEqual(heap.origin)
  })
})
