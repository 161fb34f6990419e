import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer, type ChildServer } from '../support/child-server'
import { HAS_PRIVATE_PG, PRIVATE_PG_SKIP_REASON, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres'
import { probe, townFacilitiesCsv, townPopulationCsv } from './data'

// The server backend with its PostgreSQL restarted under load: a private cluster (never the
// shared server), the real server in a child process, 8 readers, the database stopped for 3 s.
describe.skipIf(!HAS_PRIVATE_PG)('PostgreSQL restarted under load', () => {
  let pg: PrivatePostgres
  let server: ChildServer
  beforeAll(async () => {
    pg = await startPrivatePostgres()
    const url = await pg.createDatabase('restart')
    server = await spawnServer({ DATABASE_URL: url, RATE_HEAVY_PER_MIN: '0' }) // 8 readers from one address
    const post = (path: string, body: string) => fetch(server.url + path, { method: 'POST', body, headers: server.auth() })
    expect((await post('/api/import/population?filename=p.csv', townPopulationCsv())).status).toBe(200)
    expect((await post('/api/import/facilities?filename=f.csv', townFacilitiesCsv())).status).toBe(200)
  }, 600_000)
  afterAll(async () => {
    await server?.kill()
    await pg?.dispose()
  })

  it('answers 503 with Retry-After while it is down, succeeds within 5 s of its return, never exits', async () => {
    const routes = ['/api/health', '/api/facilities?type=kindergarten', '/api/coverage?type=kindergarten', '/api/import-batches', '/api/cells?type=kindergarten']
    const pid = server.proc.pid
    const t0 = Date.now()
    const seen: { at: number; route: string; status: number; retryAfter: string | null }[] = []
    let running = true
    const reader = async (k: number) => {
      for (let n = 0; running; n++) {
        const route = routes[(k + n) % routes.length]
        const at = Date.now() - t0
        const r = await probe(server.url + route)
        seen.push({ at, route, status: r.status, retryAfter: r.retryAfter })
        await new Promise((res) => setTimeout(res, 20))
      }
    }
    const readers = Array.from({ length: 8 }, (_, k) => reader(k))
    await new Promise((res) => setTimeout(res, 1500))
    const down = Date.now() - t0
    await pg.stop()
    await new Promise((res) => setTimeout(res, 3000))
    await pg.start()
    const up = Date.now() - t0
    await new Promise((res) => setTimeout(res, 6000))
    running = false
    await Promise.all(readers)

    expect(server.proc.exitCode).toBeNull()
    expect(server.proc.pid).toBe(pid)
    const statuses = new Map<number, number>()
    for (const s of seen) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1)
    expect([...statuses.keys()].sort()).toEqual([200, 503]) // nothing else: no 500, no dropped connection
    const unavailable = seen.filter((s) => s.status === 503)
    expect(unavailable.every((s) => s.retryAfter !== null && Number(s.retryAfter) > 0)).toBe(true)
    expect(unavailable.some((s) => s.at > down && s.at < up)).toBe(true)
    const lastFailure = Math.max(...unavailable.map((s) => s.at))
    const recoveryMs = Math.max(0, lastFailure - up)
    console.log(`[postgres restart] ${seen.length} requests: ${statuses.get(200)} × 200, ${unavailable.length} × 503; down at ${down} ms, back at ${up} ms, last 503 ${recoveryMs} ms after its return`)
    expect(recoveryMs).toBeLessThanOrEqual(5000)
    expect(seen.filter((s) => s.at > up + 5000).every((s) => s.status === 200)).toBe(true)
    expect(server.log()).toMatch(/database unreachable/)
    expect(server.log()).toMatch(/database reachable again/)
  }, 600_000)
})

if (!HAS_PRIVATE_PG) describe('PostgreSQL restarted under load', () => it.skip(PRIVATE_PG_SKIP_REASON, () => {}))
