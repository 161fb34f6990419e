import { s } from '../dom'

/**
 * Small SVG charts drawn by hand (no chart library): bars per area, the cumulative coverage curve
 * and the Lorenz curve. Each returns an <svg> sized by its viewBox, so it scales with the panel.
 */

export interface Bar {
  label: string
  /** 0–1, or null = no target population. */
  value: number | null
  /** Shown at the end of the bar. */
  text: string
  emphasis?: boolean
  onClick?: () => void
}

const W = 360
const FONT = 11

/** Horizontal bars, one per row, with an optional reference line (e.g. the whole area's rate). */
export function barChart(bars: Bar[], opts: { reference?: { value: number; label: string }; title: string }): SVGSVGElement {
  const rowH = 18
  const left = 92
  const right = 48
  const top = opts.reference ? 16 : 4
  const height = top + bars.length * rowH + 4
  const x = (v: number) => left + v * (W - left - right)
  const svg = s('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart bars', role: 'img', 'aria-label': opts.title })
  svg.append(s('title', null, opts.title))
  bars.forEach((b, k) => {
    const y = top + k * rowH
    const g = s('g', { class: `bar-row${b.emphasis ? ' emphasis' : ''}${b.onClick ? ' clickable' : ''}`, onclick: b.onClick ?? null })
    g.append(
      s('rect', { x: 0, y, width: W, height: rowH, class: 'bar-hit' }),
      s('text', { x: left - 6, y: y + rowH / 2 + 4, 'text-anchor': 'end', 'font-size': FONT, class: 'bar-label' }, truncate(b.label, 7)),
      s('rect', { x: left, y: y + 3, width: W - left - right, height: rowH - 6, class: 'bar-track' }),
    )
    if (b.value !== null) g.append(s('rect', { x: left, y: y + 3, width: Math.max(0.5, x(b.value) - left), height: rowH - 6, class: 'bar-value' }))
    g.append(s('text', { x: W - right + 4, y: y + rowH / 2 + 4, 'font-size': FONT, class: 'bar-text' }, b.text))
    svg.append(g)
  })
  if (opts.reference) {
    const rx = x(opts.reference.value)
    svg.append(
      s('line', { x1: rx, x2: rx, y1: top - 2, y2: height - 2, class: 'ref-line' }),
      s('text', { x: rx, y: 11, 'text-anchor': 'middle', 'font-size': 10, class: 'ref-label' }, opts.reference.label),
    )
  }
  return svg
}

/** Share of the target group within m minutes (cumulative), with the threshold marked. */
export function cumulativeCurve(points: { minutes: number; share: number }[], threshold: number, opts: { title: string; thresholdLabel: string; xLabel: string }): SVGSVGElement {
  const h = 150
  const m = { l: 38, r: 12, t: 10, b: 30 }
  const maxX = Math.max(30, ...points.map((p) => p.minutes), threshold)
  const x = (v: number) => m.l + (v / maxX) * (W - m.l - m.r)
  const y = (v: number) => m.t + (1 - v) * (h - m.t - m.b)
  const svg = s('svg', { viewBox: `0 0 ${W} ${h}`, class: 'chart curve', role: 'img', 'aria-label': opts.title })
  svg.append(s('title', null, opts.title))
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid' }), s('text', { x: m.l - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, class: 'axis' }, `${v * 100}%`))
  }
  for (const p of points) svg.append(s('text', { x: x(p.minutes), y: h - m.b + 14, 'text-anchor': 'middle', 'font-size': 10, class: 'axis' }, String(p.minutes)))
  svg.append(s('text', { x: W - m.r, y: h - 3, 'text-anchor': 'end', 'font-size': 10, class: 'axis' }, opts.xLabel))
  const pts = [{ minutes: 0, share: 0 }, ...points]
  svg.append(s('polyline', { points: pts.map((p) => `${x(p.minutes)},${y(p.share)}`).join(' '), class: 'curve-line' }))
  for (const p of points) {
    svg.append(s('circle', { cx: x(p.minutes), cy: y(p.share), r: 3, class: 'curve-dot' }))
    svg.append(s('text', { x: x(p.minutes), y: y(p.share) - 6, 'text-anchor': 'middle', 'font-size': 9.5, class: 'curve-value' }, `${Math.round(p.share * 100)}%`))
  }
  const tx = x(threshold)
  svg.append(
    s('line', { x1: tx, x2: tx, y1: m.t, y2: h - m.b, class: 'threshold-line' }),
    s('text', { x: tx + 3, y: h - m.b - 4, 'font-size': 10, class: 'threshold-label' }, opts.thresholdLabel),
  )
  return svg
}

/** Lorenz curve (population share → share of the measure) against the line of equality. */
export function lorenzCurve(points: [number, number][], opts: { title: string; xLabel: string; yLabel: string }): SVGSVGElement {
  const size = 170
  const m = { l: 30, r: 8, t: 8, b: 28 }
  const x = (v: number) => m.l + v * (size - m.l - m.r)
  const y = (v: number) => m.t + (1 - v) * (size - m.t - m.b)
  const svg = s('svg', { viewBox: `0 0 ${size} ${size}`, class: 'chart lorenz', role: 'img', 'aria-label': opts.title })
  svg.append(s('title', null, opts.title))
  svg.append(
    s('rect', { x: m.l, y: m.t, width: size - m.l - m.r, height: size - m.t - m.b, class: 'frame' }),
    s('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'equality' }),
  )
  const pts = points.length ? points : [[0, 0], [1, 1]]
  const d = pts.map(([p, v]) => `${x(p)},${y(v)}`).join(' ')
  svg.append(
    s('polygon', { points: `${d} ${x(1)},${y(0)}`, class: 'lorenz-area' }),
    s('polyline', { points: d, class: 'lorenz-line' }),
    s('text', { x: (x(0) + x(1)) / 2, y: size - 6, 'text-anchor': 'middle', 'font-size': 10, class: 'axis' }, opts.xLabel),
    s('text', { x: 10, y: (y(0) + y(1)) / 2, 'text-anchor': 'middle', 'font-size': 10, class: 'axis', transform: `rotate(-90 10 ${(y(0) + y(1)) / 2})` }, opts.yLabel),
  )
  for (const v of [0, 0.5, 1]) svg.append(s('text', { x: x(v), y: size - m.b + 11, 'text-anchor': 'middle', 'font-size': 9, class: 'axis' }, `${v * 100}%`))
  return svg
}

function truncate(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text
}
