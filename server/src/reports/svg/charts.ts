import type { IndicatorRow, Lang } from '../model'
import { fmt, tr } from '../i18n'
import { line, n2, polyline, rect, SERIES, svgDoc, text } from './svg'

const W = 515

/** Horizontal bars of a share per row (coverage per child area), sorted as given; a dashed line at `reference`. */
export function barChart(lang: Lang, title: string, rows: { label: string; share: number | null }[], reference?: { share: number; label: string }): string {
  const shown = rows.slice(0, 40)
  const rowH = shown.length > 24 ? 11 : 14
  const left = 120
  const right = W - 50
  const top = 22
  const h = top + shown.length * rowH + 26
  const x = (s: number) => left + s * (right - left)
  const parts = [text(6, 12, title, { size: 9, weight: 'bold' })]
  for (let t = 0; t <= 1.0001; t += 0.25) {
    parts.push(line(x(t), top - 2, x(t), top + shown.length * rowH, '#dddddd', 0.5))
    parts.push(text(x(t), top + shown.length * rowH + 10, `${Math.round(t * 100)}%`, { size: 7, anchor: 'middle', fill: '#555555' }))
  }
  shown.forEach((r, i) => {
    const y = top + i * rowH
    parts.push(text(left - 4, y + rowH * 0.72, truncate(r.label, 14), { size: rowH > 12 ? 8 : 7, anchor: 'end' }))
    if (r.share === null) parts.push(text(left + 2, y + rowH * 0.72, tr(lang, 'noData'), { size: 7, fill: '#888888' }))
    else {
      parts.push(rect(left, y + 2, x(r.share) - left, rowH - 4, SERIES[0]))
      parts.push(text(x(r.share) + 3, y + rowH * 0.72, fmt.pct(lang, r.share), { size: 7 }))
    }
  })
  if (reference) {
    parts.push(line(x(reference.share), top - 4, x(reference.share), top + shown.length * rowH, '#D55E00', 1, '4,2'))
    parts.push(text(x(reference.share), top - 6, reference.label, { size: 7, anchor: 'middle', fill: '#D55E00' }))
  }
  if (rows.length > shown.length) parts.push(text(6, h - 4, tr(lang, 'chartMoreRows', { n: rows.length - shown.length }), { size: 7, fill: '#555555' }))
  return svgDoc(W, h, parts.join(''), title)
}

/** Line chart frame: x and y axes from 0, ticks, labels. Returns the mapping and the parts drawn. */
function frame(title: string, xMax: number, xTicks: number[], xLabel: string, yLabel: string, h = 230) {
  const left = 44
  const right = W - 140
  const top = 36
  const bottom = h - 30
  const x = (v: number) => left + (v / xMax) * (right - left)
  const y = (s: number) => bottom - s * (bottom - top)
  const parts = [text(6, 12, title, { size: 9, weight: 'bold' })]
  for (let s = 0; s <= 1.0001; s += 0.2) {
    parts.push(line(left, y(s), right, y(s), '#e3e3e3', 0.5))
    parts.push(text(left - 4, y(s) + 2.5, `${Math.round(s * 100)}%`, { size: 7, anchor: 'end', fill: '#555555' }))
  }
  for (const t of xTicks) parts.push(line(x(t), bottom, x(t), bottom + 3, '#555555', 0.5), text(x(t), bottom + 11, String(t), { size: 7, anchor: 'middle', fill: '#555555' }))
  parts.push(line(left, bottom, right, bottom, '#555555', 0.7), line(left, top, left, bottom, '#555555', 0.7))
  parts.push(text((left + right) / 2, h - 6, xLabel, { size: 7.5, anchor: 'middle' }))
  parts.push(text(left - 30, top - 10, yLabel, { size: 7.5, fill: '#555555' }))
  return { x, y, parts, right, top, h }
}

function seriesLegend(parts: string[], right: number, top: number, names: string[]) {
  names.forEach((name, i) => {
    const yy = top + 6 + i * 13
    parts.push(line(right + 12, yy, right + 26, yy, SERIES[i % SERIES.length], 2), text(right + 30, yy + 3, truncate(name, 14), { size: 7.5 }))
  })
}

/** Cumulative share of the target group within 0…30 minutes, one line per type. */
export function minutesCurve(lang: Lang, title: string, series: { name: string; threshold: number; within: { minutes: number; share: number | null }[] }[]): string {
  const f = frame(title, 30, [0, 5, 10, 15, 20, 25, 30], tr(lang, 'axisMinutes'), tr(lang, 'axisShareTarget'), 172)
  series.forEach((s, i) => {
    const pts: [number, number][] = [[f.x(0), f.y(0)], ...s.within.filter((w) => w.share !== null).map((w) => [f.x(w.minutes), f.y(w.share!)] as [number, number])]
    const c = SERIES[i % SERIES.length]
    f.parts.push(polyline(pts, c, 1.6))
    for (const [px, py] of pts.slice(1)) f.parts.push(`<circle cx="${n2(px)}" cy="${n2(py)}" r="2" fill="${c}"/>`)
  })
  seriesLegend(f.parts, f.right, f.top, series.map((s) => `${s.name} (${s.threshold}′)`))
  return svgDoc(W, f.h, f.parts.join(''), title)
}

/** Lorenz curves of the accessibility scores (population share → score share), with the line of equality. */
export function lorenzChart(lang: Lang, title: string, series: { name: string; gini: number | null; lorenz: [number, number][] }[]): string {
  const f = frame(title, 1, [0, 0.2, 0.4, 0.6, 0.8, 1], tr(lang, 'axisPopulationShare'), tr(lang, 'axisScoreShare'))
  f.parts.push(line(f.x(0), f.y(0), f.x(1), f.y(1), '#999999', 0.8, '3,2'))
  series.forEach((s, i) => {
    if (s.lorenz.length) f.parts.push(polyline(s.lorenz.map(([p, v]) => [f.x(p), f.y(v)]), SERIES[i % SERIES.length], 1.6))
  })
  seriesLegend(f.parts, f.right, f.top, series.map((s) => `${s.name} G=${fmt.num(lang, s.gini, 3)}`))
  return svgDoc(W, f.h, f.parts.join(''), title)
}

/** The plan's indicators of the domain: value as a share of the target (bars), target at 100%. */
export function indicatorChart(lang: Lang, title: string, rows: IndicatorRow[]): string {
  const left = 210
  const right = W - 90
  const rowH = 16
  const top = 24
  const h = top + rows.length * rowH + 24
  const x = (r: number) => left + Math.min(1.5, r) / 1.5 * (right - left)
  const parts = [text(6, 12, title, { size: 9, weight: 'bold' })]
  parts.push(line(x(1), top - 4, x(1), top + rows.length * rowH, '#D55E00', 1, '4,2'), text(x(1), top - 6, tr(lang, 'target'), { size: 7, anchor: 'middle', fill: '#D55E00' }))
  rows.forEach((r, i) => {
    const y = top + i * rowH
    parts.push(text(left - 4, y + 11, truncate(`${r.code} ${r.name}`, 24), { size: 7, anchor: 'end' }))
    if (r.value === null || r.targetValue === null || !(r.targetValue > 0)) {
      parts.push(rect(left, y + 3, right - left, rowH - 6, '#f2f2f2'), text(left + 4, y + 11, tr(lang, 'noDataIndicator'), { size: 7, fill: '#777777' }))
    } else {
      const ratio = r.value / r.targetValue
      parts.push(rect(left, y + 3, x(ratio) - left, rowH - 6, r.status === 'met' ? '#009E73' : '#E69F00'))
      parts.push(text(x(ratio) + 3, y + 11, `${fmt.num(lang, r.value, 2)} / ${r.target ?? ''}`, { size: 7 }))
    }
  })
  parts.push(text(6, h - 6, tr(lang, 'indicatorChartNote'), { size: 6.5, fill: '#555555' }))
  return svgDoc(W, h, parts.join(''), title)
}

/** Shortens a label to `n` wide characters (a CJK character counts 1, a Latin one ½). */
export function truncate(s: string, n: number): string {
  let w = 0
  let out = ''
  for (const ch of s) {
    w += /[\u2E80-\uFFFF]/.test(ch) ? 1 : 0.55
    if (w > n) return out + '…'
    out += ch
  }
  return out
}
