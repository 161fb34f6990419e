// Small helpers for the report's SVG: the same SVG is inlined in the HTML report and drawn as
// vectors into the PDF (svg-to-pdfkit), so it keeps to what both understand: paths, rects, circles,
// lines and plain text (no CSS, no filters, no paint-order).

/** The font family of all report text (the PDF maps it to the embedded Noto Sans SC). */
export const FONT = 'Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif'

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A number for SVG coordinates: two decimals are finer than a printer dot at report sizes. */
export const n2 = (v: number) => (Math.round(v * 100) / 100).toString()

export function svgDoc(width: number, height: number, body: string, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`
}

export function text(x: number, y: number, s: string, o: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold' | 'normal'; halo?: boolean } = {}): string {
  const size = o.size ?? 9
  const attrs = `x="${n2(x)}" y="${n2(y)}" font-family="${FONT}" font-size="${size}" text-anchor="${o.anchor ?? 'start'}"${o.weight === 'bold' ? ' font-weight="bold"' : ''}`
  const halo = o.halo ? `<text ${attrs} fill="#ffffff" stroke="#ffffff" stroke-width="2.2" stroke-linejoin="round">${esc(s)}</text>` : ''
  return `${halo}<text ${attrs} fill="${o.fill ?? '#222222'}">${esc(s)}</text>`
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke = '#999999', width = 0.6, dash?: string): string {
  return `<line x1="${n2(x1)}" y1="${n2(y1)}" x2="${n2(x2)}" y2="${n2(y2)}" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`
}

export function rect(x: number, y: number, w: number, h: number, fill: string, stroke?: string): string {
  return `<rect x="${n2(x)}" y="${n2(y)}" width="${n2(Math.max(0, w))}" height="${n2(Math.max(0, h))}" fill="${fill}"${stroke ? ` stroke="${stroke}" stroke-width="0.5"` : ''}/>`
}

export function polyline(points: [number, number][], stroke: string, width = 1.2): string {
  return `<polyline points="${points.map(([x, y]) => `${n2(x)},${n2(y)}`).join(' ')}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"/>`
}

/** Colours told apart in print and by readers with red–green colour blindness (Okabe–Ito). */
export const SERIES = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000']

/** Covered share classes of the coverage map: red (none covered) to blue-green (all covered). */
export const SHARE_CLASSES: { upTo: number; colour: string }[] = [
  { upTo: 0.2, colour: '#d7301f' },
  { upTo: 0.4, colour: '#fc8d59' },
  { upTo: 0.6, colour: '#fdd49e' },
  { upTo: 0.8, colour: '#9ecae1' },
  { upTo: 1.0001, colour: '#2171b5' },
]

export function shareColour(share: number): string {
  return SHARE_CLASSES.find((c) => share < c.upTo)?.colour ?? SHARE_CLASSES.at(-1)!.colour
}

/** A "nice" round number (1, 2 or 5 × 10^k) not above `v`. */
export function niceFloor(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  const m = v / p
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p
}
