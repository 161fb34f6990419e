import { afterAll, expect, it } from 'vitest'
import { dataFingerprint } from '../../server/src/db/fingerprint'
import { openPglite } from '../../server/src/db/pglite'
import { spawnServer, type ChildServer } from '../support/child-server'
import { freshDataDir, probe, townFacilitiesCsv, townPopulationCsv } from './data'

// kill -9 of the real server (child process, embedded database) while a large import is being
// written: the import must be absent, everything else intact, and the next start must work.
const servers: ChildServer[] = []
let data: { dataDir: string; dispose(): void } | undefined
afterAll(async () => {
  for (const s of servers) await s.kill()
  data?.dispose()
})

/** A facilities file of `n` rows spread over Ningbo: large enough that writing it takes seconds. */
function largeFacilitiesCsv(n: number): string {
  const lines = ['id,name,type,lng,lat']
  for (let k = 0; k < n; k++) lines.push(`big${k},设施 ${k},community_service,${(121.3 + (k % 1000) * 0.0005).toFixed(6)},${(29.7 + Math.floor(k / 1000) * 0.001).toFixed(6)}`)
  return lines.join('\n') + '\n'
}

const fingerprint = async (dataDir: string) => {
  const db = await openPglite({ dataDir })
  try {
    return await dataFingerprint(db)
  } finally {
    await db.close()
  }
}

it('kill -9 during a large import: the import is absent, the rest intact, the next start works', async () => {
  data = await freshDataDir()
  const start = async (env: Record<string, string> = {}) => {
    const s = await spawnServer({ DATA_DIR: data!.dataDir, ...env })
    servers.push(s)
    return s
  }
  const first = await start()
  expect((await probe(first.url + '/api/import/population?filename=p.csv', { method: 'POST', body: townPopulationCsv(), headers: first.auth() })).status).toBe(200)
  expect((await probe(first.url + '/api/import/facilities?filename=f.csv', { method: 'POST', body: townFacilitiesCsv(), headers: first.auth() })).status).toBe(200)
  first.proc.kill('SIGTERM')
  expect((await first.exited).code).toBe(0)
  const before = await fingerprint(data.dataDir)

  const second = await start({ LOG_LEVEL: 'debug' })
  const importing = probe(second.url + '/api/import/facilities?filename=big.csv&checkCrs=0', { method: 'POST', body: largeFacilitiesCsv(150_000), headers: first.auth() })
  await second.waitForLog(/import facilities: records valid, writing them in one transaction/, 300_000)
  await new Promise((r) => setTimeout(r, 300))
  expect(second.log(), 'the import finished before the kill: make the file larger').not.toMatch(/import facilities: \d+ new/)
  second.proc.kill('SIGKILL')
  expect((await second.exited).signal).toBe('SIGKILL')
  expect((await importing).status).toBe(0) // the connection died with the process

  const after = await fingerprint(data.dataDir) // opening it runs PostgreSQL's crash recovery
  expect(after.tables.facilities.rows).toBe(before.tables.facilities.rows)
  expect(after.tables.import_batches.rows).toBe(before.tables.import_batches.rows)
  // The import's request used the admin token, which records when it was last used (committed
  // before the import began): every other table is exactly as it was.
  const { api_tokens: tokensAfter, ...restAfter } = after.tables
  const { api_tokens: tokensBefore, ...restBefore } = before.tables
  expect(tokensAfter.rows).toBe(tokensBefore.rows)
  expect(restAfter).toEqual(restBefore)

  const third = await start()
  const health = await probe(third.url + '/api/health')
  expect(health.status).toBe(200)
  const facilities = JSON.parse((await probe(third.url + '/api/facilities')).body)
  expect(facilities.features).toHaveLength(4)
  const again = await probe(third.url + '/api/import/facilities?filename=g.csv', { method: 'POST', body: townFacilitiesCsv(2, 'g'), headers: first.auth() })
  expect(again.status).toBe(200)
  third.proc.kill('SIGTERM')
  expect((await third.exited).code).toBe(0)
}, 600_000)
