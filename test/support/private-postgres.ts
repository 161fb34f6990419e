import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pgPkg from 'pg'

const run = promisify(execFile)

/**
 * A PostgreSQL cluster of our own (initdb + pg_ctl in a temporary directory, on a free loopback
 * port) for tests that stop and start the server: the shared server at 5432 must never be
 * restarted. PostGIS from Debian works in any cluster of the same major version.
 */
export const PG_BIN = process.env.CIRCLE15_PG_BIN || '/usr/lib/postgresql/15/bin'
const asRoot = process.getuid?.() === 0
/** Root cannot run PostgreSQL: the cluster then belongs to the `postgres` user (runuser). */
const RUN_AS = asRoot ? 'postgres' : null

function missing(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) if (!fs.existsSync(path.join(PG_BIN, tool))) return `${path.join(PG_BIN, tool)} not found`
  if (RUN_AS) {
    try {
      execFileSync('id', ['-u', RUN_AS], { stdio: 'ignore' })
    } catch {
      return `running as root and there is no ${RUN_AS} user to own the cluster`
    }
  }
  if (!fs.existsSync('/usr/share/postgresql/15/extension/postgis.control') && PG_BIN.includes('/15/')) return 'PostGIS for PostgreSQL 15 is not installed'
  return null
}

const why = missing()
export const HAS_PRIVATE_PG = why === null
export const PRIVATE_PG_SKIP_REASON = `needs PostgreSQL 15 server binaries with PostGIS to run a private cluster (${why}; .ci/run installs postgresql and postgresql-15-postgis-3): skipped`
if (!HAS_PRIVATE_PG && process.env.VITEST) console.warn(`[circle15 tests] ${PRIVATE_PG_SKIP_REASON}`)

export interface PrivatePostgres {
  port: number
  /** postgres:// URL of a database in the cluster. */
  url(database: string): string
  /** Creates a database with PostGIS; returns its URL. */
  createDatabase(name: string): Promise<string>
  /** Fast shutdown (open connections are terminated, as in a restart). */
  stop(): Promise<void>
  /** Starts again; resolves once it accepts connections. */
  start(): Promise<void>
  /** Stops the cluster and removes its directory. */
  dispose(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

async function tool(name: string, args: string[]): Promise<string> {
  const bin = path.join(PG_BIN, name)
  const [cmd, argv] = RUN_AS ? ['runuser', ['-u', RUN_AS, '--', bin, ...args]] : [bin, args]
  return (await run(cmd, argv, { timeout: 120_000 })).stdout
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!HAS_PRIVATE_PG) throw new Error(PRIVATE_PG_SKIP_REASON)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle15-pg-'))
  if (RUN_AS) execFileSync('chown', [RUN_AS, dir])
  const data = path.join(dir, 'data')
  const port = await freePort()
  await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50`
  const start = () => tool('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']).then(() => {})
  const stop = () => tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']).then(() => {})
  await start()
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  let running = true
  return {
    port,
    url,
    async createDatabase(name) {
      const admin = new pgPkg.Client({ connectionString: url('postgres') })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${name}`)
      await admin.end()
      const c = new pgPkg.Client({ connectionString: url(name) })
      await c.connect()
      await c.query('CREATE EXTENSION postgis')
      await c.end()
      return url(name)
    },
    async stop() {
      await stop()
      running = false
    },
    async start() {
      await start()
      running = true
    },
    async dispose() {
      if (running) await stop().catch(() => {})
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
