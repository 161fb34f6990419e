/**
 * Command-line import, the same code path as `POST /api/import/:kind`:
 *   npm run import -- <kind> <file> [--crs gcj02|bd09] [--replace] [--no-crs-check]
 * Uses DATABASE_URL (server) or DATA_DIR (embedded), like the server.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ConfigError, loadConfig } from '../server/src/config'
import { CRS_CODES, IMPORT_KINDS, type CrsCode, type ImportKind } from '../server/src/contract/records'
import { openDatabase } from '../server/src/db'
import { isAppError } from '../server/src/errors'
import { installReferenceData } from '../server/src/services/context'
import { runImport } from '../server/src/services/import'

const usage = `usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file> [--crs ${CRS_CODES.join('|')}] [--replace] [--no-crs-check] [--type <facility type for records without one>]`

async function main(argv: string[]) {
  const positional: string[] = []
  let crs: CrsCode = 'wgs84'
  let replace = false
  let checkCrs = true
  let defaultType: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--crs') crs = argv[++i] as CrsCode
    else if (a.startsWith('--crs=')) crs = a.slice(6) as CrsCode
    else if (a === '--replace') replace = true
    else if (a === '--no-crs-check') checkCrs = false
    else if (a === '--type') defaultType = argv[++i]
    else if (a === '--help' || a === '-h') return void console.log(usage)
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${usage}`)
    else positional.push(a)
  }
  const [kind, file] = positional
  if (!(IMPORT_KINDS as readonly string[]).includes(kind) || !file) throw new Error(usage)
  if (!(CRS_CODES as readonly string[]).includes(crs)) throw new Error(`--crs must be one of ${CRS_CODES.join(', ')}`)
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`)
  const config = loadConfig()
  const size = fs.statSync(file).size
  if (size > config.importMaxBytes) throw new Error(`${file} is ${size} bytes; the limit is IMPORT_MAX_MB=${config.importMaxBytes / 1048576}`)
  const db = await openDatabase(config)
  try {
    await installReferenceData(db)
    const started = Date.now()
    const r = await runImport(db, {
      kind: kind as ImportKind,
      bytes: fs.readFileSync(file),
      fileName: path.basename(file),
      crs,
      mode: replace ? 'replace' : 'append',
      checkCrs,
      defaultType,
      actor: `cli:${process.env.USER ?? 'unknown'}`,
      maxRecords: config.importMaxRecords,
      maxUnzippedBytes: config.limits.importMaxUnzippedBytes,
    })
    console.log(`${kind}: ${r.imported} imported, ${r.updated} updated (${r.format}, batch ${r.batchId}, ${((Date.now() - started) / 1000).toFixed(1)} s)`)
    for (const w of r.warnings) console.log(`warning: ${w}`)
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof ConfigError) console.error(e.message)
  else if (isAppError(e)) {
    console.error(`error (${e.code}): ${e.message}`)
    for (const d of e.details) console.error(`  ${[d.record && `record ${d.record}`, d.id, d.field].filter(Boolean).join(' · ')}: ${d.message}`)
  } else console.error(e?.message ?? e)
  process.exit(1)
})
