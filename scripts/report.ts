/**
 * Coverage reports from the command line, on the configured database (the embedded one in DATA_DIR
 * by default, with the demo loaded on first use like `npm start`). Stop the server first when it
 * uses the embedded database.
 *   npm run report -- --area 330282 --domain education --format pdf [--lang en] [--scenario 3] [--plan 2] [--mode walk] [--year 2024] [--out file-or-dir]
 *   npm run report -- --batch [--format pdf] [--lang zh] [--areas 330282,330212] [--out reports.zip]    all districts (or those) × domains, one zip with an index
 */
import fs from 'node:fs'
import path from 'node:path'
import cliProgress from 'cli-progress'
import { loadConfig } from '../server/src/config'
import { openDatabase } from '../server/src/db'
import { ReportQuery } from '../server/src/contract/reports'
import { setLogLevel } from '../server/src/log'
import { createServices, installReferenceData } from '../server/src/services/context'
import { isEmpty, loadDemo } from '../server/src/services/demo'
import { loadDemoPlans } from '../server/src/services/clusters/demo'
import { renderReport } from '../server/src/services/reports/render'
import { batchReports } from '../server/src/services/reports/batch'

const argv = process.argv.slice(2)
const opt = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined }
const config = loadConfig()
setLogLevel(process.env.LOG_LEVEL ? config.logLevel : 'warn')
const db = await openDatabase(config)
let code = 0
try {
  await installReferenceData(db)
  const demo = config.demo && (await isEmpty(db))
  if (demo) {
    process.stderr.write('empty database: loading the Ningbo demo data set first (DEMO=0 skips this)…\n')
    await loadDemo(db, { maxRecords: config.importMaxRecords })
  }
  const services = createServices(db, config)
  if (demo) await loadDemoPlans(services)
  try {
    if (argv.includes('--batch')) {
      const format = (opt('format') ?? 'pdf') as 'pdf'
      const file = path.resolve(opt('out') ?? `reports-${format}.zip`)
      const bar = new cliProgress.SingleBar({ format: '{bar} {value}/{total} {area} {domain} ({eta_formatted} left)', hideCursor: true, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000 }, cliProgress.Presets.shades_classic)
      const t0 = Date.now()
      const r = await batchReports(services, {
        file, format, lang: (opt('lang') ?? 'zh') as 'zh', mode: opt('mode'), areas: opt('areas')?.split(','),
        onStart: (total) => bar.start(total, 0, { area: '', domain: '' }),
        onProgress: (done, it) => bar.update(done, { area: it.area.name, domain: it.domain.name }),
      })
      bar.stop()
      const failed = r.items.filter((i) => i.error !== undefined)
      const ms = r.items.map((i) => i.ms).sort((a, b) => a - b)
      console.log(`${r.items.length - failed.length} reports in ${file} (${(r.bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s; median ${(ms[Math.floor(ms.length / 2)] / 1000).toFixed(1)} s per report`)
      for (const f of failed) process.stderr.write(`failed: ${f.area.code} ${f.domain.code}: ${f.error}\n`)
      if (failed.length) code = 1
    } else {
      const q = ReportQuery.safeParse({ area: opt('area'), domain: opt('domain'), type: opt('type'), format: opt('format'), lang: opt('lang'), scenario: opt('scenario'), plan: opt('plan'), mode: opt('mode'), year: opt('year') })
      if (!q.success) {
        for (const i of q.error.issues) process.stderr.write(`--${i.path.join('.')}: ${i.message}\n`)
        code = 2
      } else {
        const t0 = Date.now()
        const r = await renderReport(services, q.data)
        const out = opt('out')
        const file = path.resolve(out && fs.existsSync(out) && fs.statSync(out).isDirectory() ? path.join(out, r.fileName) : out ?? r.fileName)
        fs.writeFileSync(file, r.body)
        console.log(`${file} (${(r.body.length / 1e6).toFixed(2)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      }
    }
  } finally {
    await services.analysis.close()
  }
} catch (e) {
  const err = e as { status?: number; message: string; details?: { field?: string; message: string }[] }
  process.stderr.write(`report failed: ${err.message}\n${(err.details ?? []).map((d) => `  ${d.field ?? ''}: ${d.message}\n`).join('')}`)
  code = err.status && err.status < 500 ? 2 : 1
} finally {
  await db.close()
}
process.exit(code)
