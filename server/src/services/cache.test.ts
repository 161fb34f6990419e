import { describe, expect, it } from 'vitest'
import { canonicalQuery, jsonAnswer, ResultCache, type CachedAnswer } from './cache'

const answerOf = (bytes: number): CachedAnswer => ({ body: Buffer.alloc(bytes, 1), contentType: 'x', etag: '"e"', headers: {} })
const tick = () => new Promise((r) => setTimeout(r, 5))

describe('ResultCache', () => {
  it('computes once for many concurrent requests of one key (single flight), then serves from memory', async () => {
    const cache = new ResultCache(1 << 20)
    let runs = 0
    const compute = async () => {
      runs++
      await tick()
      return jsonAnswer({ n: runs })
    }
    const answers = await Promise.all(Array.from({ length: 200 }, () => cache.get('k', compute)))
    expect(runs).toBe(1)
    expect(new Set(answers).size).toBe(1)
    expect(JSON.parse(answers[0].body.toString())).toEqual({ n: 1 })
    await cache.get('k', compute)
    expect(runs).toBe(1)
    expect(cache.stats()).toMatchObject({ computed: 1, joined: 199, hits: 1, entries: 1 })
  })

  it('keeps no failure: every waiter sees the error, the next request computes again', async () => {
    const cache = new ResultCache(1 << 20)
    let runs = 0
    const failing = async (): Promise<CachedAnswer> => {
      runs++
      await tick()
      throw new Error('database gone')
    }
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => cache.get('k', failing)))
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    expect(runs).toBe(1)
    const ok = await cache.get('k', async () => answerOf(10))
    expect(ok.body.byteLength).toBe(10)
  })

  it('stays within its byte budget, dropping the least recently used answers first', async () => {
    const cache = new ResultCache(10_000)
    for (let k = 0; k < 8; k++) await cache.get(`k${k}`, async () => answerOf(700))
    await cache.get('k0', async () => answerOf(1)) // k0 used again: now the most recent
    for (let k = 8; k < 20; k++) await cache.get(`k${k}`, async () => answerOf(700))
    const s = cache.stats()
    expect(s.bytes).toBeLessThanOrEqual(10_000)
    expect(s.evicted).toBeGreaterThan(0)
    let recomputed = 0
    await cache.get('k19', async () => (recomputed++, answerOf(700)))
    await cache.get('k1', async () => (recomputed++, answerOf(700)))
    expect(recomputed).toBe(1) // k19 kept (recent), k1 dropped (oldest)
  })

  it('shares but does not keep an answer larger than an eighth of the budget', async () => {
    const cache = new ResultCache(8_000)
    let runs = 0
    const big = async () => (runs++, await tick(), answerOf(2_000))
    await Promise.all([cache.get('big', big), cache.get('big', big)])
    expect(runs).toBe(1)
    await cache.get('big', big)
    expect(runs).toBe(2)
    expect(cache.stats().entries).toBe(0)
  })
})

describe('canonicalQuery', () => {
  it('ignores key order and undefined values', () => {
    expect(canonicalQuery({ type: 'a', minutes: 10, area: undefined })).toBe(canonicalQuery({ minutes: 10, type: 'a' }))
    expect(canonicalQuery({ type: 'a', minutes: 10 })).not.toBe(canonicalQuery({ type: 'a', minutes: 15 }))
  })
})
