import fs from 'node:fs'
import type { AppContext } from '../context'
import type { ReportFormat } from '../../contract/reports'
import { fmt, tr } from '../../reports/i18n'
import { esc } from '../../reports/svg/svg'
import { renderReport } from './render'

export interface BatchItem {
  area: { code: string; name: string }
  domain: { code: string; name: string }
  /** path in the zip; null when the report failed */
  file: string | null
  error?: string
  bytes: number
  ms: number
  /** per type: coverage rate */
  rates: { type: string; name: string; rate: number | null; target: number; covered: number }[]
}

/**
 * Every district × every domain with facility types, one report each, into one zip with an index
 * (index.html and index.csv: file, area, domain, each type's coverage). `onProgress` after each report.
 */
export async function batchReports(
  ctx: AppContext,
  opts: { file: string; format: ReportFormat; lang: 'zh' | 'en'; level?: string; mode?: string; areas?: string[]; onStart?: (total: number) => void; onProgress?: (done: number, item: BatchItem) => void },
): Promise<{ items: BatchItem[]; bytes: number }> {
  const [areas, cat] = await Promise.all([ctx.analysis.inputs.areas(), ctx.analysis.inputs.catalogue()])
  const districts = areas.atLevel(opts.level ?? 'district').filter((a) => !opts.areas || opts.areas.includes(a.code))
  const domains = cat.domains.filter((d) => cat.types.some((t) => t.domain === d.code))
  const jobs = districts.flatMap((a) => domains.map((d) => ({ a, d })))
  opts.onStart?.(jobs.length)
  const out = fs.createWriteStream(opts.file)
  const { ZipArchive } = await import('archiver') // on first use, not at every server start
  const zip = new ZipArchive({ zlib: { level: 6 } })
  const closed = new Promise<void>((resolve, reject) => { out.on('close', () => resolve()); zip.on('error', reject); out.on('error', reject) })
  zip.pipe(out)
  const items: BatchItem[] = []
  for (const { a, d } of jobs) {
    const t0 = Date.now()
    const q = { area: a.code, domain: d.code, format: opts.format, lang: opts.lang, mode: opts.mode }
    // A report that fails (e.g. the database briefly unreachable) is tried once more, then listed
    // in the index as failed: one bad report does not lose the others.
    const r = await renderReport(ctx, q).catch(async () => { await new Promise((ok) => setTimeout(ok, 5000)); return renderReport(ctx, q) }).catch((e: Error) => e)
    const area = { code: a.code, name: a.name }
    const domain = { code: d.code, name: d.name[opts.lang] }
    const item: BatchItem = r instanceof Error
      ? { area, domain, file: null, bytes: 0, ms: Date.now() - t0, rates: [], error: r.message }
      : {
          area, domain, file: `${a.code}/${r.fileName}`, bytes: r.body.length, ms: Date.now() - t0,
          rates: r.model.types.map((t) => ({ type: t.code, name: t.name, rate: t.total.rate, target: t.total.targetPopulation, covered: t.total.coveredPopulation })),
        }
    if (!(r instanceof Error)) zip.append(r.body, { name: item.file! })
    items.push(item)
    opts.onProgress?.(items.length, item)
  }
  zip.append(indexCsv(items), { name: 'index.csv' })
  zip.append(indexHtml(items, opts.lang), { name: 'index.html' })
  await zip.finalize()
  await closed
  return { items, bytes: fs.statSync(opts.file).size }
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function indexCsv(items: BatchItem[]): string {
  const lines = ['file,area_code,area_name,domain_code,domain_name,type,type_name,target_population,covered_population,rate,error']
  for (const it of items) {
    if (it.error !== undefined) lines.push(['', it.area.code, it.area.name, it.domain.code, it.domain.name, '', '', null, null, null, it.error].map(csvField).join(','))
    for (const r of it.rates) lines.push([it.file, it.area.code, it.area.name, it.domain.code, it.domain.name, r.type, r.name, r.target, r.covered, r.rate, ''].map(csvField).join(','))
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}

function indexHtml(items: BatchItem[], lang: 'zh' | 'en'): string {
  const rows = items.map((it) => `<tr><td>${it.file ? `<a href="${esc(it.file)}">${esc(it.area.name)}</a>` : esc(it.area.name)}</td><td>${esc(it.domain.name)}</td><td>${it.error !== undefined ? esc(`${tr(lang, 'batchFailed')}: ${it.error}`) : it.rates.map((r) => `${esc(r.name)} ${fmt.pct(lang, r.rate)}`).join('<br>')}</td></tr>`)
  return `<!DOCTYPE html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(tr(lang, 'batchTitle'))}</title></head><body><h1>${esc(tr(lang, 'batchTitle'))}</h1>` +
    `<table><thead><tr><th>${esc(tr(lang, 'colArea'))}</th><th>${esc(tr(lang, 'batchDomain'))}</th><th>${esc(tr(lang, 'colRate'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>\n`
}
