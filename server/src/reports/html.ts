import type { ReportModel } from './model'
import type { Block } from './layout'
import { reportBlocks } from './layout'
import { alignRight, cellText } from './cells'
import { esc } from './svg/svg'

/** Print stylesheet: A4 pages with 16 mm margins, page breaks between parts, tables kept readable. */
const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #222; font-size: 10.5pt; line-height: 1.55; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 15pt; margin: 0 0 8pt; padding-bottom: 3pt; border-bottom: 1.5pt solid #0072B2; color: #0b3c5d; }
h2 { font-size: 12pt; margin: 12pt 0 6pt; color: #0b3c5d; }
header.title { margin: 30mm 0 14mm; }
header.title h1 { font-size: 22pt; border: none; }
header.title p { margin: 2pt 0; color: #444; }
p { margin: 0 0 6pt; }
p.note { color: #555; font-size: 9pt; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(30mm, 1fr)); gap: 6pt; margin: 0 0 8pt; break-inside: avoid; }
.figures div { border: 0.75pt solid #c9d6e3; border-radius: 3pt; padding: 4pt 7pt; background: #f6f9fc; overflow: hidden; }
.figures dt { font-size: 8pt; color: #555; }
.figures dd { margin: 0; font-size: 12pt; font-weight: bold; }
.figures dd small { display: block; font-size: 7.5pt; font-weight: normal; color: #555; }
dl { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 10pt; font-size: 9pt; }
table.compact { font-size: 8pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 3pt; color: #0b3c5d; }
th, td { border-bottom: 0.5pt solid #d5dde5; padding: 2pt 4pt; vertical-align: top; }
th { background: #e8eff6; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
figure { margin: 0 0 10pt; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #555; }
.page-break { break-before: page; }
@media screen { body { padding: 10mm; } }
`

/** The printable HTML report: one self-contained A4 document (styles and SVG maps inline, nothing fetched). */
export function writeHtml(m: ReportModel): Buffer {
  const body = reportBlocks(m).map(blockHtml(m)).join('\n')
  const html = `<!DOCTYPE html>
<html lang="${m.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
  return Buffer.from(html, 'utf8')
}

const blockHtml = (m: ReportModel) => (b: Block): string => {
  switch (b.kind) {
    case 'title': return `<header class="title"><h1>${esc(b.text)}</h1>${b.subtitle.map((s) => `<p>${esc(s)}</p>`).join('')}</header>`
    case 'h1': return `<h1>${esc(b.text)}</h1>`
    case 'h2': return `<h2>${esc(b.text)}</h2>`
    case 'p': return `<p>${esc(b.text)}</p>`
    case 'note': return `<p class="note">${esc(b.text)}</p>`
    case 'pageBreak': return '<div class="page-break"></div>'
    case 'figures': return `<dl class="figures">${b.items.map((i) => `<div><dt>${esc(i.label)}</dt><dd>${esc(i.value)}${i.sub ? `<small>${esc(i.sub)}</small>` : ''}</dd></div>`).join('')}</dl>`
    case 'figure': return `<figure>${b.svg}<figcaption>${esc(b.caption)}</figcaption></figure>`
    case 'table': {
      const t = b.table
      const head = t.columns.map((c) => `<th scope="col"${alignRight(c.kind) ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('')
      const rows = t.rows.map((r) => `<tr>${t.columns.map((c) => `<td${alignRight(c.kind) ? ' class="num"' : ''}>${esc(cellText(m.lang, c.kind, r[c.key] ?? null, c.key))}</td>`).join('')}</tr>`).join('\n')
      return `<table${b.compact ? ' class="compact"' : ''}><caption>${esc(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
    }
  }
}
