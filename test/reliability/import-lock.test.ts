import pgPkg from 'pg'
import { expect, it } from 'vitest'
import { importLockKey } from '../../server/src/db/locks'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { townFacilitiesCsv } from './data'

// Two imports of one layer at the same time write one after the other (an advisory lock held by
// the import's transaction), on the embedded database and on a server shared by several processes.
describeEachBackend('concurrent imports of one layer', (backend) => {
  const h = useServer(backend)

  it('two replace imports of the facilities end as one of them, not a mix of both', async () => {
    const a = townFacilitiesCsv(30, 'a')
    const b = townFacilitiesCsv(40, 'b')
    const [ra, rb] = await Promise.all([
      h.s.admin.post('/api/import/facilities?filename=a.csv&mode=replace', a),
      h.s.admin.post('/api/import/facilities?filename=b.csv&mode=replace', b),
    ])
    expect([ra.status, rb.status]).toEqual([200, 200])
    const ids = (await h.t.db.query<{ id: string }>('SELECT external_id AS id FROM facilities ORDER BY id')).map((r) => r.id)
    const prefixes = new Set(ids.map((id) => id[0]))
    expect(prefixes.size).toBe(1)
    expect(ids).toHaveLength(prefixes.has('a') ? 30 : 40)
  })

  if (backend === 'postgres') {
    it('an import waits while another session holds the layer lock, and goes on when it is released', async () => {
      const [k1, k2] = importLockKey('facilities')
      const other = new pgPkg.Client({ connectionString: process.env.TEST_DATABASE_URL })
      await other.connect()
      try {
        await other.query('SELECT pg_advisory_lock($1, $2)', [k1, k2])
        let settled = false
        const importing = h.s.admin.post('/api/import/facilities?filename=c.csv&mode=replace', townFacilitiesCsv(5, 'c')).finally(() => (settled = true))
        // The import's transaction is seen waiting on the lock, and does not finish meanwhile.
        let waiting = 0
        for (let k = 0; k < 100 && waiting === 0; k++) {
          await new Promise((r) => setTimeout(r, 100))
          ;[{ waiting }] = (await other.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND NOT granted`, [k1, k2])).rows
        }
        expect(waiting).toBe(1)
        await new Promise((r) => setTimeout(r, 500))
        expect(settled).toBe(false)
        await other.query('SELECT pg_advisory_unlock($1, $2)', [k1, k2])
        expect((await importing).status).toBe(200)
        expect((await h.t.db.query('SELECT 1 FROM facilities')).length).toBe(5)
      } finally {
        await other.end()
      }
    })
  }
})
