/**
 * Precomputes and stores the baseline travel times of every facility type (or some), so that the
 * first requests after an import answer at once:
 *   npm run compute -- [--mode walk|bike|ebike|car] [--types kindergarten,primary_school]
 * Uses DATABASE_URL or DATA_DIR like the server (stop the server first with the embedded database).
 * Shows a progress bar on a terminal, one log line per type otherwise.
 */
import { loadConfig } from '../server/src/config'
import { openDatabase } from '../server/src/db'
import { setLogLevel } from '../server/src/log'
import { createServices, installReferenceData } from '../server/src/services/context'

function progress(done: number, total: number, label: string) {
  if (!process.stderr.isTTY) return void console.error(`[${done}/${total}] ${label}`)
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label.padEnd(30)}`)
  if (done === total) process.stderr.write('\n')
}

async function main(argv: string[]) {
  const opt = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const config = loadConfig()
  setLogLevel('warn')
  const db = await openDatabase(config)
  try {
    await installReferenceData(db)
    const { analysis } = createServices(db, config)
    const cat = await analysis.inputs.catalogue()
    const types = opt('--types')?.split(',') ?? cat.types.map((t) => t.code)
    const started = Date.now()
    progress(0, types.length, 'loading cells and streets')
    // Independent types at once: the worker pool computes them on every core (WORKERS=0: one thread).
    let done = 0
    await Promise.all(types.map(async (type) => {
      const r = await analysis.resolve({ type, mode: opt('--mode') })
      const field = await analysis.field(r)
      progress(++done, types.length, `${type} (${field.method})`)
    }))
    await analysis.close()
    console.log(`${types.length} types computed and stored in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e?.message ?? e)
  process.exit(1)
})
