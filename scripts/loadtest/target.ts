import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { restoreEmbedded } from '../../server/src/db/backup'
import { migrate } from '../../server/src/db/migrate'
import { openPostgres } from '../../server/src/db/postgres'
import { setLogLevel } from '../../server/src/log'
import { installReferenceData } from '../../server/src/services/context'
import { loadDemo } from '../../server/src/services/demo'
import { spawnServer, type ChildServer } from '../../test/support/child-server'
import { demoDump } from '../../test/support/demo-dump'
import { startPrivatePostgres, type PrivatePostgres } from '../../test/support/private-postgres'

export type Backend = 'pglite' | 'postgres'

/** The server under test: the real `server/src/main.ts` in a child process over the Ningbo demo. */
export interface Target {
  backend: Backend
  server: ChildServer
  /** The private PostgreSQL cluster (server backend): stopped and started by the fault phase. */
  pg?: PrivatePostgres
  close(): Promise<void>
}

/**
 * Embedded: the demo database (test/support's cached dump, built once) restored into a temporary
 * DATA_DIR. Server: a private PostgreSQL 15 cluster on a free port (never the shared one), the demo
 * loaded into it. The server's own start-up (migrations, reference data) runs as in production.
 */
export async function startTarget(backend: Backend, say: (m: string) => void): Promise<Target> {
  setLogLevel('warn')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle15-loadtest-'))
  let pg: PrivatePostgres | undefined
  try {
    let env: Record<string, string>
    if (backend === 'pglite') {
      say('embedded database: restoring the demo data set')
      await restoreEmbedded(await demoDump(), path.join(dir, 'data'))
      env = { DATA_DIR: path.join(dir, 'data') }
    } else {
      say('server database: starting a private PostgreSQL 15 cluster and loading the demo data set')
      pg = await startPrivatePostgres()
      const url = await pg.createDatabase('circle15_loadtest')
      const db = await openPostgres(url)
      await migrate(db)
      await installReferenceData(db)
      await loadDemo(db)
      await db.close()
      env = { DATABASE_URL: url }
    }
    // 200 readers from one loopback address: the per-IP limit on heavy reads would refuse them.
    const server = await spawnServer({ ...env, LOG_LEVEL: 'warn', RATE_HEAVY_PER_MIN: '0', RATE_WRITES_PER_MIN: '0' })
    return {
      backend,
      server,
      pg,
      async close() {
        await server.kill()
        await pg?.dispose()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    await pg?.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
    throw e
  }
}
