import { describe, expect, it } from 'vitest'
import { BIKE_PROFILE, buildStreetNetwork, createFacilitySet, createTravelContext, travelTimeToNearest, WALK_PROFILE, type StreetNetwork, type TravelContext } from '../../engine'
import { randomCity } from '../../engine/test-support/random-city'
import { packTree, shareTree, unpackTree } from './typed-pack'

const PER_SEARCH = new Set(['scratch', 'queue', 'cellStamp', 'cellEpoch'])

describe('packTree / unpackTree', () => {
  it('round-trips every kind of value it supports, byte for byte', () => {
    const shared = { x: 1 }
    const tree = {
      i8: Int8Array.of(-128, 127), u8: Uint8Array.of(0, 255), c8: Uint8ClampedArray.of(3), i16: Int16Array.of(-2), u16: Uint16Array.of(65535),
      i32: Int32Array.of(-2147483648, 7), u32: Uint32Array.of(4294967295), f32: Float32Array.of(0.5), f64: Float64Array.of(Math.PI, -0, NaN, Infinity),
      i64: BigInt64Array.of(-(2n ** 63n)), u64: BigUint64Array.of(2n ** 64n - 1n), empty: new Float64Array(0),
      numbers: [0, -0, 1.5, Infinity, -Infinity, NaN, 2 ** 53], strings: ['walk', '', '步行'], flags: [true, false, null, undefined],
      nested: { a: { b: { c: Int32Array.of(1, 2, 3).subarray(1) } } }, twice: [shared, shared],
    }
    const back = unpackTree<typeof tree>(packTree(tree))
    expect(back).toEqual(tree)
    expect(Object.is(back.numbers[1], -0)).toBe(true)
    expect(Object.is(back.f64[1], -0)).toBe(true)
    expect(back.nested.a.b.c).toEqual(Int32Array.of(2, 3)) // a subarray packs its own elements only
    expect(back.twice[0]).toBe(back.twice[1]) // identity kept
    expect(back.f64.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(unpackTree<typeof tree>(packTree(tree), { shared: false }).f64.buffer).toBeInstanceOf(ArrayBuffer)
  })

  it('keeps identity and cycles, and leaves out the omitted keys at every depth', () => {
    const a: Record<string, unknown> = { name: 'a', scratch: new Int32Array(5) }
    a.self = a
    a.child = { scratch: 1, keep: 2 }
    const back = unpackTree<Record<string, any>>(packTree(a, new Set(['scratch'])))
    expect(back.self).toBe(back)
    expect(back.child).toEqual({ keep: 2 })
    expect('scratch' in back).toBe(false)
  })

  it('refuses what it cannot carry, naming where it is', () => {
    expect(() => packTree({ grid: { index: new Map() } })).toThrow(/\$\.grid\.index is a Map/)
    expect(() => packTree({ f: () => 1 })).toThrow(/\$\.f is a function/)
    expect(() => packTree({ n: 1n })).toThrow(/\$\.n is a bigint/)
    expect(() => packTree({ v: new DataView(new ArrayBuffer(4)) })).toThrow(/unsupported view DataView/)
    expect(() => shareTree({ s: new Set() })).toThrow(/\$\.s is a Set/)
  })

  it('rejects truncated and foreign binaries', () => {
    const bytes = packTree({ a: Float64Array.of(1, 2, 3) })
    expect(() => unpackTree(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/)
    expect(() => unpackTree(new Uint8Array(32))).toThrow(/not a packed tree/)
    expect(() => unpackTree(new Uint8Array(3))).toThrow(/truncated/)
  })

  it('round-trips a street network and a travel context; the copies compute the same field', () => {
    const city = randomCity(7, { side: 14, cells: 400, facilities: 9, oneWayShare: 0.3 })
    for (const profile of [WALK_PROFILE, BIKE_PROFILE]) {
      const network = buildStreetNetwork(city.segments, profile)
      const back = unpackTree<StreetNetwork>(packTree(network))
      expect(back).toEqual(network)
      expect(back.reversed === back.graph).toBe(network.reversed === network.graph) // walk: one graph; bike: one-way arcs
      expect(back.reversed.nodeLng).toBe(back.graph.nodeLng) // reverseGraph shares the coordinates

      const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat })
      const packed = unpackTree<TravelContext>(packTree(ctx, PER_SEARCH))
      const ctx2 = createTravelContext({ network: back, cellLng: city.cells.lng, cellLat: city.cells.lat })
      const rebuilt: TravelContext = { ...packed, network: back, scratch: ctx2.scratch, queue: ctx2.queue, cellStamp: ctx2.cellStamp, cellEpoch: 0 }
      expect(rebuilt.cells).toEqual(ctx.cells)
      const f1 = travelTimeToNearest(ctx, createFacilitySet(ctx, city.facilities.lng, city.facilities.lat), { speedKmh: 4 })
      const f2 = travelTimeToNearest(rebuilt, createFacilitySet(rebuilt, city.facilities.lng, city.facilities.lat), { speedKmh: 4 })
      expect(f2).toEqual(f1)
      expect(Array.from(f1.minutes).some((m) => m > 0 && m < Infinity)).toBe(true)
    }
  })
})

describe('shareTree', () => {
  it('puts every typed array in shared memory, keeps arrays already shared and identity', () => {
    const already = new Float64Array(new SharedArrayBuffer(16))
    already[1] = 5
    const coords = Float64Array.of(1, 2)
    const tree = { a: coords, b: { a: coords, kept: already }, list: [Int32Array.of(9)], scratch: new Int32Array(100) }
    const s = shareTree(tree, new Set(['scratch']))
    expect(s.a.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(s.a).toEqual(coords)
    expect(s.a).not.toBe(coords)
    expect(s.b.a).toBe(s.a)
    expect(s.b.kept).toBe(already)
    expect(s.list[0]).toEqual(Int32Array.of(9))
    expect('scratch' in s).toBe(false)
    coords[0] = 100 // a copy, not a view of the input
    expect(s.a[0]).toBe(1)
  })
})
