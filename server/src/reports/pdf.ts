import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type PDFKitDocument from 'pdfkit'
import type { ReportModel } from './model'
import { reportBlocks, type Block } from './layout'
import type { ReportTable } from './tables'
import { alignRight, cellText } from './cells'
import { tr } from './i18n'

/**
 * Noto Sans SC (Noto Sans Hans, GB 2312 coverage) from the npm package @embedpdf/fonts-sc: no system
 * font is needed, and pdfkit embeds only the glyphs a report uses (a subset).
 */
const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '../fonts')
let fonts: { regular: Buffer; bold: Buffer } | undefined
const loadFonts = () => (fonts ??= {
  regular: fs.readFileSync(path.join(FONT_DIR, 'NotoSansHans-Regular.otf')),
  bold: fs.readFileSync(path.join(FONT_DIR, 'NotoSansHans-Bold.otf')),
})

const PAGE = { width: 595.28, height: 841.89, left: 48, right: 48, top: 52, bottom: 60 }
const CONTENT_W = PAGE.width - PAGE.left - PAGE.right
const BLUE = '#0b3c5d'

type Doc = PDFKit.PDFDocument

// pdfkit and svg-to-pdfkit are loaded by the first PDF, not at every server start.
let SVGtoPDF: typeof import('svg-to-pdfkit').default

/** The PDF report: A4, embedded CJK font, vector maps and charts (SVG drawn by svg-to-pdfkit), page numbers. */
export async function writePdf(m: ReportModel): Promise<Buffer> {
  const f = loadFonts()
  const [{ default: PDFDocument }, svg] = await Promise.all([import('pdfkit') as Promise<{ default: typeof PDFKitDocument }>, import('svg-to-pdfkit')])
  SVGtoPDF = svg.default
  const doc = new PDFDocument({
    size: 'A4', margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right }, bufferPages: true,
    info: { Title: m.title, Creator: 'circle15', Producer: 'circle15 (pdfkit)' }, lang: m.lang === 'zh' ? 'zh-CN' : 'en', displayTitle: true,
  })
  doc.registerFont('body', f.regular)
  doc.registerFont('bold', f.bold)
  doc.font('body')
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject) })
  const blocks = reportBlocks(m)
  for (const b of blocks) {
    drawBlock(doc, m, b)
    if (b.kind === 'figure' || b.kind === 'table') await new Promise((ok) => setImmediate(ok)) // let other requests in between
  }
  footers(doc, m)
  doc.end()
  return done
}

const bottom = () => PAGE.height - PAGE.bottom
function ensure(doc: Doc, height: number) {
  if (doc.y + height > bottom()) doc.addPage()
}
const atTop = (doc: Doc) => doc.y <= PAGE.top + 1

function drawBlock(doc: Doc, m: ReportModel, b: Block) {
  switch (b.kind) {
    case 'title': {
      doc.y = 80
      doc.font('bold').fontSize(22).fillColor(BLUE).text(b.text, PAGE.left, doc.y, { width: CONTENT_W, lineGap: 4 })
      doc.moveDown(0.6)
      doc.font('body').fontSize(11).fillColor('#444444')
      for (const s of b.subtitle) doc.text(s, { width: CONTENT_W, lineGap: 3 })
      doc.moveTo(PAGE.left, doc.y + 10).lineTo(PAGE.left + CONTENT_W, doc.y + 10).lineWidth(1.5).strokeColor('#0072B2').stroke()
      doc.y += 24
      return
    }
    case 'pageBreak':
      if (!atTop(doc)) doc.addPage()
      return
    case 'h1': {
      ensure(doc, 80)
      if (!atTop(doc)) doc.y += 6
      doc.font('bold').fontSize(14).fillColor(BLUE).text(b.text, PAGE.left, doc.y, { width: CONTENT_W })
      const y = doc.y + 2
      doc.moveTo(PAGE.left, y).lineTo(PAGE.left + CONTENT_W, y).lineWidth(1).strokeColor('#0072B2').stroke()
      doc.y = y + 8
      return
    }
    case 'h2':
      ensure(doc, 50)
      doc.y += 4
      doc.font('bold').fontSize(11.5).fillColor(BLUE).text(b.text, PAGE.left, doc.y, { width: CONTENT_W })
      doc.y += 4
      return
    case 'p':
    case 'note': {
      const size = b.kind === 'note' ? 8.5 : 9.5
      doc.font('body').fontSize(size)
      ensure(doc, Math.min(doc.heightOfString(b.text, { width: CONTENT_W, lineGap: 2.5 }), 60))
      doc.fillColor(b.kind === 'note' ? '#555555' : '#222222').text(b.text, PAGE.left, doc.y, { width: CONTENT_W, lineGap: 2.5 })
      doc.y += 5
      return
    }
    case 'figures': return figures(doc, b.items)
    case 'figure': return figure(doc, b.svg, b.caption)
    case 'table': return table(doc, m, b.table, b.compact ?? false)
  }
}

/** Key figures as boxes, four to a row. */
function figures(doc: Doc, items: { label: string; value: string; sub?: string }[]) {
  const perRow = items.length <= 6 ? items.length : 4
  const gap = 5
  const w = (CONTENT_W - gap * (perRow - 1)) / perRow
  const h = 42
  for (let i = 0; i < items.length; i += perRow) {
    ensure(doc, h + gap)
    const y = doc.y
    items.slice(i, i + perRow).forEach((it, k) => {
      const x = PAGE.left + k * (w + gap)
      doc.roundedRect(x, y, w, h, 3).lineWidth(0.6).fillAndStroke('#f6f9fc', '#c9d6e3')
      doc.fillColor('#555555').font('body').fontSize(7.5).text(it.label, x + 6, y + 4, { width: w - 12, lineBreak: false, ellipsis: true })
      doc.font('bold')
      let size = 12.5
      while (size > 7 && doc.fontSize(size).widthOfString(it.value) > w - 12) size -= 0.5
      doc.fillColor('#111111').text(it.value, x + 6, y + 13.5 + (12.5 - size) / 2, { width: w - 12, lineBreak: false, ellipsis: true })
      if (it.sub) doc.fillColor('#555555').font('body').fontSize(7).text(it.sub, x + 6, y + 30, { width: w - 12, lineBreak: false, ellipsis: true })
    })
    doc.x = PAGE.left
    doc.y = y + h + gap
  }
  doc.y += 2
}

function figure(doc: Doc, svg: string, caption: string) {
  const [, sw, sh] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg) ?? []
  const scale = CONTENT_W / Number(sw)
  const h = Number(sh) * scale
  ensure(doc, h + 22)
  const y = doc.y
  // svg-to-pdfkit sizes by the root's width/height attributes: set them to the size on the page
  const sized = svg.replace(/^<svg([^>]*?) width="[\d.]+" height="[\d.]+"/, `<svg$1 width="${CONTENT_W}" height="${h}"`)
  SVGtoPDF(doc, sized, PAGE.left, y, {
    width: CONTENT_W, height: h, assumePt: true, precision: 2,
    fontCallback: (_family: string, bold: boolean) => (bold ? 'bold' : 'body'),
  })
  doc.y = y + h + 6
  doc.font('body').fontSize(8).fillColor('#555555').text(caption, PAGE.left, doc.y, { width: CONTENT_W })
  doc.y += 8
}

/** A table across the page: widths from the contents, the header repeated on each page, zebra rows. */
function table(doc: Doc, m: ReportModel, t: ReportTable, compact: boolean) {
  const size = compact ? 7.5 : 8.5
  const pad = 3
  const texts = t.rows.map((r) => t.columns.map((c) => cellText(m.lang, c.kind, r[c.key] ?? null, c.key)))
  doc.font('bold').fontSize(size)
  const headW = t.columns.map((c) => Math.min(doc.widthOfString(c.label) + 2 * pad, 90))
  doc.font('body').fontSize(size)
  const natural = t.columns.map((_, k) => Math.max(headW[k], ...texts.map((row) => Math.min(doc.widthOfString(row[k]) + 2 * pad, 200))))
  const total = natural.reduce((s, w) => s + w, 0)
  const widths = total <= CONTENT_W ? natural.map((w) => w + (CONTENT_W - total) / natural.length) : shrink(natural, CONTENT_W)
  const header = () => {
    doc.font('bold').fontSize(size)
    const hh = Math.max(...t.columns.map((c, k) => doc.heightOfString(c.label, { width: widths[k] - 2 * pad }))) + 2 * pad
    const y = doc.y
    doc.rect(PAGE.left, y, CONTENT_W, hh).fill('#e8eff6')
    let x = PAGE.left
    t.columns.forEach((c, k) => {
      doc.fillColor('#0b3c5d').text(c.label, x + pad, y + pad, { width: widths[k] - 2 * pad, align: alignRight(c.kind) ? 'right' : 'left' })
      x += widths[k]
    })
    doc.y = y + hh
    doc.font('body').fontSize(size)
  }
  doc.font('bold').fontSize(9)
  ensure(doc, 60)
  doc.fillColor(BLUE).text(t.title, PAGE.left, doc.y, { width: CONTENT_W })
  doc.y += 2
  header()
  texts.forEach((row, i) => {
    const rh = Math.max(...row.map((s, k) => doc.heightOfString(s, { width: widths[k] - 2 * pad }))) + 2 * pad - 1
    if (doc.y + rh > bottom()) {
      doc.addPage()
      header()
    }
    const y = doc.y
    if (i % 2 === 1) doc.rect(PAGE.left, y, CONTENT_W, rh).fill('#f7f9fb')
    let x = PAGE.left
    row.forEach((s, k) => {
      doc.fillColor('#222222').text(s, x + pad, y + pad - 0.5, { width: widths[k] - 2 * pad, align: alignRight(t.columns[k].kind) ? 'right' : 'left' })
      x += widths[k]
    })
    doc.moveTo(PAGE.left, y + rh).lineTo(PAGE.left + CONTENT_W, y + rh).lineWidth(0.3).strokeColor('#d5dde5').stroke()
    doc.y = y + rh
  })
  doc.x = PAGE.left
  doc.y += 10
}

/** Widths scaled to fit, the widest columns giving up the most (text wraps inside them). */
function shrink(natural: number[], width: number): number[] {
  const out = [...natural]
  for (let round = 0; round < 50 && out.reduce((s, w) => s + w, 0) > width + 0.5; round++) {
    const excess = out.reduce((s, w) => s + w, 0) - width
    const max = Math.max(...out)
    const wide = out.map((w) => w >= max * 0.6)
    const share = excess / wide.filter(Boolean).length
    out.forEach((w, k) => { if (wide[k]) out[k] = Math.max(30, w - share) })
  }
  return out
}

/** Title and page number at the foot of every page but the first. */
function footers(doc: Doc, m: ReportModel) {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const saved = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font('body').fontSize(7.5).fillColor('#777777')
    const y = PAGE.height - 36
    doc.moveTo(PAGE.left, y - 4).lineTo(PAGE.left + CONTENT_W, y - 4).lineWidth(0.4).strokeColor('#cccccc').stroke()
    if (i > range.start) doc.text(m.title, PAGE.left, y, { width: CONTENT_W * 0.8, lineBreak: false, ellipsis: true })
    doc.text(`${tr(m.lang, 'page', { n: i - range.start + 1 })} / ${range.count}`, PAGE.left, y, { width: CONTENT_W, align: 'right', lineBreak: false })
    doc.page.margins.bottom = saved
  }
}
