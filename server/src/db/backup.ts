import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { dataFingerprint, type DataFingerprint } from './fingerprint'
import { LOCK_FILE } from './embedded-lock'
import { migrate } from './migrate'
import { openPglite } from './pglite'
import { openPostgres } from './postgres'

const run = promisify(execFile)

/**
 * Backups of both backends, each printed with the data fingerprint it holds, so that a restore
 * can be checked against its backup. Embedded: PGlite's own data-directory dump (a .tar.gz),
 * taken with the server stopped (the directory is claimed by one process at a time). Server:
 * `pg_dump` custom format of the whole database, taken from the same snapshot as the fingerprint.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<DataFingerprint> {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`no embedded database in ${dataDir}`)
  const db = await openPglite({ dataDir })
  try {
    const fingerprint = await dataFingerprint(db)
    const dump = await db.pg.dumpDataDir('gzip')
    writeAtomically(file, Buffer.from(await dump.arrayBuffer()))
    return fingerprint
  } finally {
    await db.close()
  }
}

/**
 * Restores an embedded backup into `dataDir`. An existing database there is kept aside as
 * `<dataDir>.before-restore-<time>` when `replace` is set, else the restore is refused. The new
 * directory is built next to it and renamed into place only once it opened and was fingerprinted.
 */
export async function restoreEmbedded(file: string, dataDir: string, opts: { replace?: boolean } = {}): Promise<DataFingerprint> {
  const target = path.resolve(dataDir)
  const occupied = fs.existsSync(target) && fs.readdirSync(target).length > 0
  if (occupied && !opts.replace) throw new Error(`${target} already holds a database: pass --replace to restore over it (the old one is kept aside)`)
  const building = `${target}.restoring-${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  let fingerprint: DataFingerprint
  try {
    const db = await openPglite({ dataDir: building, loadDataDir: new Blob([fs.readFileSync(file)]) })
    try {
      await migrate(db)
      fingerprint = await dataFingerprint(db)
    } finally {
      await db.close()
    }
    // The backup carries the claim of the process that took it: not ours, and long gone.
    fs.rmSync(path.join(building, LOCK_FILE), { force: true })
  } catch (e) {
    fs.rmSync(building, { recursive: true, force: true })
    throw e
  }
  if (occupied) fs.renameSync(target, `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`)
  else fs.rmSync(target, { recursive: true, force: true })
  fs.renameSync(building, target)
  return fingerprint
}

export async function backupServer(url: string, file: string): Promise<DataFingerprint> {
  const db = await openPostgres(url)
  try {
    return await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
      const [{ snapshot }] = await tx.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')
      const fingerprint = await dataFingerprint(tx)
      const tmp = `${file}.${process.pid}.tmp`
      try {
        await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${tmp}`, `--dbname=${url}`])
        fs.renameSync(tmp, file)
      } catch (e) {
        fs.rmSync(tmp, { force: true })
        throw toolError('pg_dump', e)
      }
      return fingerprint
    })
  } finally {
    await db.close()
  }
}

/**
 * Restores a server backup into the database at `url`, in one transaction (a failed restore
 * leaves the database as it was). A database that already holds circle15 tables is refused unless
 * `clean` (its objects are dropped first). Extensions are left to the target (PostGIS is created
 * if missing), so a backup restores into any database where PostGIS can be installed.
 */
export async function restoreServer(url: string, file: string, opts: { clean?: boolean } = {}): Promise<DataFingerprint> {
  const db = await openPostgres(url)
  try {
    const [{ used }] = await db.query<{ used: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS used`)
    if (used && !opts.clean) throw new Error('the database already holds circle15 data: pass --clean to replace it')
    await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
    let toc: string
    try {
      toc = (await run(pgTool('pg_restore'), ['--list', file], { maxBuffer: 64 * 1024 * 1024 })).stdout
    } catch (e) {
      throw toolError('pg_restore', e)
    }
    const list = `${file}.${process.pid}.list`
    fs.writeFileSync(list, toc.split('\n').filter((line) => !/\bEXTENSION\b/.test(line)).join('\n'))
    try {
      const args = ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--use-list=${list}`, `--dbname=${url}`]
      if (opts.clean) args.unshift('--clean', '--if-exists')
      await run(pgTool('pg_restore'), [...args, file])
    } catch (e) {
      throw toolError('pg_restore', e)
    } finally {
      fs.rmSync(list, { force: true })
    }
    await migrate(db)
    return await dataFingerprint(db)
  } finally {
    await db.close()
  }
}

/** A PostgreSQL client tool: from PG_BINDIR if set, else the PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  return process.env.PG_BINDIR ? path.join(process.env.PG_BINDIR, name) : name
}

function toolError(name: string, e: unknown): Error {
  const err = e as NodeJS.ErrnoException & { stderr?: string }
  if (err.code === 'ENOENT') return new Error(`${name} not found: install the PostgreSQL client tools (e.g. Debian's postgresql-client) or set PG_BINDIR`)
  return new Error(`${name} failed: ${(err.stderr || err.message).trim()}`)
}

function writeAtomically(file: string, bytes: Buffer) {
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, bytes)
  fs.renameSync(tmp, file)
}
