import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer, type ChildServer } from '../support/child-server'

/**
 * The two requests issue 10 found killing `npm start`, against the real server in a child
 * process with its default settings: the 400 km isochrone (55 s, then a heap out-of-memory crash)
 * and a 2 MB gzip bomb (2 GB of zeros). Each is refused at once and the same process answers on.
 */
describe('the issue-10 killers against the real server (default caps)', () => {
  let server: ChildServer
  beforeAll(async () => {
    server = await spawnServer({})
  })
  afterAll(async () => {
    await server?.kill()
  })

  const health = async () => (await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) })).status

  it('GET /api/isochrone?…&minutes=120&mode=car&speedKmh=200 is a 422 within a second, and the server answers on', async () => {
    const t0 = Date.now()
    const r = await fetch(`${server.url}/api/isochrone?lng=121.55&lat=29.87&minutes=120&mode=car&speedKmh=200`, { signal: AbortSignal.timeout(10_000) })
    const ms = Date.now() - t0
    const body = await r.json()
    expect(r.status).toBe(422)
    expect(body.error.code).toBe('limit_exceeded')
    expect(body.error.message).toMatch(/reaches 400 km; at most 25 km/)
    expect(body.error.message).toContain('ISOCHRONE_MAX_KM')
    expect(ms).toBeLessThan(1000)
    expect(await health()).toBe(200)
    expect(server.proc.exitCode).toBeNull()
  })

  it('a 2 MB gzip bomb (2 GB unpacked) is a 413 naming IMPORT_MAX_UNZIPPED_MB, and the server answers on', async () => {
    // 64 MB of zeros gzip to ~64 KB; 32 concatenated members make a 2 MB file of 2 GB.
    const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 })
    const bomb = Buffer.concat(Array.from({ length: 32 }, () => member))
    expect(bomb.length).toBeGreaterThan(1.9 * 1024 * 1024)
    expect(bomb.length).toBeLessThan(2.5 * 1024 * 1024)
    const t0 = Date.now()
    const r = await fetch(`${server.url}/api/import/facilities?filename=bomb.csv.gz`, {
      method: 'POST', body: bomb, headers: { ...server.auth(), 'content-type': 'application/gzip' }, signal: AbortSignal.timeout(60_000),
    })
    const body = await r.json()
    expect(r.status).toBe(413)
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.message).toMatch(/unpacks to more than 512 MB \(the limit is the setting IMPORT_MAX_UNZIPPED_MB\)/)
    expect(Date.now() - t0).toBeLessThan(30_000)
    expect(await health()).toBe(200)
    const batches = await (await fetch(`${server.url}/api/import-batches`)).json()
    expect(batches).toEqual([])
    expect(server.proc.exitCode).toBeNull()
  })
})
