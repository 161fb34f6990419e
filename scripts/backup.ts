/**
 * Backup and restore of the configured database (DATABASE_URL: the server, else the embedded one
 * in DATA_DIR), each printing the data fingerprint so a restore can be checked against its backup:
 *   npm run backup  -- [file]                      (default: circle15-<backend>-<time>.tar.gz | .pgdump)
 *   npm run restore -- <file> [--replace | --clean]
 * Embedded: stop the server first (the data directory belongs to one process at a time). Server:
 * needs pg_dump / pg_restore (PostgreSQL client tools, version ≥ the server's) on the PATH or in PG_BINDIR.
 */
import fs from 'node:fs'
import { ConfigError, loadConfig } from '../server/src/config'
import { backupEmbedded, backupServer, restoreEmbedded, restoreServer } from '../server/src/db/backup'
import type { DataFingerprint } from '../server/src/db/fingerprint'

const usage = 'usage: npm run backup -- [file]   |   npm run restore -- <file> [--replace (embedded) | --clean (server)]'

async function main(command: string, argv: string[]) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')))
  const [file] = argv.filter((a) => !a.startsWith('--'))
  if (flags.has('--help') || flags.has('-h')) return void console.log(usage)
  for (const f of flags) if (!['--replace', '--clean'].includes(f)) throw new Error(`unknown option ${f}\n${usage}`)
  const config = loadConfig()
  const started = Date.now()
  let fp: DataFingerprint
  let where: string
  if (command === 'backup') {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    where = file ?? (config.databaseUrl ? `circle15-server-${stamp}.pgdump` : `circle15-embedded-${stamp}.tar.gz`)
    fp = config.databaseUrl ? await backupServer(config.databaseUrl, where) : await backupEmbedded(config.dataDir, where)
    console.log(`backup written to ${where} (${(fs.statSync(where).size / 1048576).toFixed(1)} MB)`)
  } else if (command === 'restore') {
    if (!file) throw new Error(usage)
    if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`)
    where = config.databaseUrl ? 'the server database' : config.dataDir
    fp = config.databaseUrl
      ? await restoreServer(config.databaseUrl, file, { clean: flags.has('--clean') })
      : await restoreEmbedded(file, config.dataDir, { replace: flags.has('--replace') })
    console.log(`restored ${file} into ${where}`)
  } else throw new Error(usage)
  for (const [table, t] of Object.entries(fp.tables)) if (t.rows > 0) console.log(`  ${table.padEnd(24)} ${String(t.rows).padStart(9)} rows`)
  console.log(`data fingerprint ${fp.digest} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

main(process.argv[2], process.argv.slice(3)).catch((e) => {
  process.stderr.write(`${e instanceof ConfigError ? 'invalid settings' : `${process.argv[2]} failed`}: ${e?.message ?? e}\n`)
  process.exit(1)
})
