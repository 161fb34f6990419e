import { describe, expect, it } from 'vitest'
import { createIndexedHeap, heapPop, heapPush } from './heap'
import { prng } from './test-support/prng'

describe('indexed heap', () => {
  it('pops nodes in key order, honouring decrease-key', () => {
    const rand = prng(3)
    const n = 500
    const h = createIndexedHeap(n)
    const key = new Int32Array(n).fill(0x7fffffff)
    for (let step = 0; step < 2000; step++) {
      const v = Math.floor(rand() * n)
      const k = Math.floor(rand() * 1e6)
      if (k < key[v]) {
        key[v] = k
        heapPush(h, v, k)
      }
    }
    const queued = Array.from({ length: n }, (_, v) => v).filter((v) => key[v] < 0x7fffffff)
    expect(h.size).toBe(queued.length) // each node at most once
    const popped: number[] = []
    while (h.size > 0) popped.push(heapPop(h))
    expect(popped.map((v) => key[v])).toEqual(queued.map((v) => key[v]).sort((a, b) => a - b))
    expect(Array.from(h.pos).every((p) => p === -1)).toBe(true)
  })
})
