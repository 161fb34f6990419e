import * as h3 from 'h3-js'
// The one Turf module used, not the @turf/turf bundle (~1 s of every server start to import).
import { pointOnFeature } from '@turf/point-on-feature'
import type { MultiPolygon, Polygon, Position } from 'geojson'
import type { FacilityPoint, GapItem, Lang, MapCell } from '../model'
import { tr } from '../i18n'
import { n2, niceFloor, rect, SHARE_CLASSES, shareColour, svgDoc, text } from './svg'

export interface MapInput {
  lang: Lang
  title: string
  kind: 'coverage' | 'difference'
  outlines: { code: string; name: string; child: boolean; geometry: Polygon | MultiPolygon }[]
  cells: MapCell[]
  gaps: GapItem[]
  facilities: FacilityPoint[]
  dataDate: string | null
}

const W = 515
const H = 470
/** Drawing frame inside the SVG (room below for legend, scale, attribution). */
const FRAME = { x: 6, y: 6, w: W - 12, h: 392 }
const M_PER_DEG = 111_320

/** A projection fitted to the bounds: equirectangular, longitude scaled by cos(latitude). */
function fit(bounds: [number, number, number, number]) {
  const [x0, y0, x1, y1] = bounds
  const cos = Math.cos((((y0 + y1) / 2) * Math.PI) / 180)
  const k = Math.min((FRAME.w - 20) / Math.max(1e-9, (x1 - x0) * cos), (FRAME.h - 20) / Math.max(1e-9, y1 - y0))
  const ox = FRAME.x + (FRAME.w - (x1 - x0) * cos * k) / 2
  const oy = FRAME.y + (FRAME.h - (y1 - y0) * k) / 2
  return { k, project: ([lng, lat]: Position): [number, number] => [ox + (lng - x0) * cos * k, oy + (y1 - lat) * k] }
}

function boundsOf(input: MapInput): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const add = ([x, y]: Position) => { b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y) }
  for (const o of input.outlines) for (const ring of rings(o.geometry)) ring.forEach(add)
  if (!Number.isFinite(b[0])) for (const c of input.cells) { const [lat, lng] = h3.cellToLatLng(c.h3); add([lng, lat]) }
  if (!Number.isFinite(b[0])) return [121, 29, 122, 30]
  return b
}

const rings = (g: Polygon | MultiPolygon): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat())

/** Shoelace area of a ring in square degrees (only compared with others). */
const ringArea = (r: Position[]) => r.reduce((s, p, i) => { const q = r[(i + 1) % r.length]; return s + p[0] * q[1] - q[0] * p[1] }, 0) / 2

function pathOf(ringList: Position[][], project: (p: Position) => [number, number]): string {
  return ringList.map((ring) => 'M' + ring.map((p) => project(p).map(n2).join(',')).join('L') + 'Z').join('')
}

/**
 * A map of one type over the report's area, drawn from our own data: the covered share of each
 * (coarsened) cell, or for a scenario the residents it newly covers; gaps with their rank and
 * suggested site, facilities by status, area outlines and names, legend, scale bar, north arrow,
 * data date and attribution. Returns an SVG document.
 */
export function coverageMap(input: MapInput): string {
  const { lang } = input
  const { project, k } = fit(boundsOf(input))
  const parts: string[] = []
  // Cells
  const diff = input.kind === 'difference'
  // A difference map draws the changed cells last, outlined, so that a few of them stay visible.
  const cells = diff ? [...input.cells].sort((a, b) => Math.abs(a.change ?? 0) - Math.abs(b.change ?? 0)) : input.cells
  for (const c of cells) {
    const change = c.change ?? 0
    const fill = diff ? (change > 0 ? '#1a9850' : change < 0 ? '#d73027' : '#e6e6e6') : shareColour(c.targetPopulation > 0 ? c.coveredPopulation / c.targetPopulation : 0)
    const ring = h3.cellToBoundary(c.h3, true)
    parts.push(`<path d="${pathOf([ring], project)}" fill="${fill}" ${diff && change !== 0 ? `stroke="${fill}" stroke-width="1.5"` : 'stroke="none"'}/>`)
  }
  // Outlines: child areas thin, the area itself bold
  for (const o of input.outlines.filter((x) => x.child)) parts.push(`<path d="${pathOf(rings(o.geometry), project)}" fill="none" stroke="#555555" stroke-width="0.5"/>`)
  for (const o of input.outlines.filter((x) => !x.child)) parts.push(`<path d="${pathOf(rings(o.geometry), project)}" fill="none" stroke="#111111" stroke-width="1.3"/>`)
  // Gaps: outline and rank
  for (const g of input.gaps) parts.push(`<path d="${pathOf(rings(g.geometry), project)}" fill="none" stroke="#7a0177" stroke-width="1.1" stroke-dasharray="3,1.5"/>`)
  // Facilities
  // (on a difference map the unchanged facilities are small grey dots: the changes stand out)
  for (const f of diff ? [...input.facilities].sort((a, b) => Number(!!a.scenarioChange) - Number(!!b.scenarioChange)) : input.facilities) {
    const [x, y] = project([f.lng, f.lat])
    parts.push(diff && !f.scenarioChange ? `<circle cx="${n2(x)}" cy="${n2(y)}" r="1.1" fill="#9e9e9e"/>` : facilitySymbol(x, y, f.scenarioChange ? 'scenario' : f.status))
  }
  for (const g of input.gaps) {
    if (g.site) {
      const [sx, sy] = project([g.site.lng, g.site.lat])
      parts.push(`<path d="M${n2(sx)},${n2(sy - 5)}L${n2(sx + 4.5)},${n2(sy + 3.5)}L${n2(sx - 4.5)},${n2(sy + 3.5)}Z" fill="#7a0177" stroke="#ffffff" stroke-width="0.6"/>`)
    }
    const [x, y] = project(g.centroid)
    parts.push(`<circle cx="${n2(x + 7)}" cy="${n2(y - 7)}" r="5.5" fill="#ffffff" stroke="#7a0177" stroke-width="0.9"/>`)
    parts.push(text(x + 7, y - 4.3, String(g.rank), { size: 7, anchor: 'middle', fill: '#7a0177', weight: 'bold' }))
  }
  // Child area names (where there is room: at most 40 labels)
  // (largest areas first; a label overlapping one already placed is left out)
  const children = input.outlines.filter((x) => x.child)
  if (children.length <= 60) {
    const size = children.length > 20 ? 6 : 7.5
    const placed: [number, number, number, number][] = []
    const extent = (o: (typeof children)[number]) => rings(o.geometry).reduce((s, r) => s + Math.abs(ringArea(r)), 0)
    for (const o of [...children].sort((a, b) => extent(b) - extent(a))) {
      const p = pointOnFeature({ type: 'Feature', properties: {}, geometry: o.geometry }).geometry.coordinates
      const [x, y] = project(p)
      const w = [...o.name].reduce((s, ch) => s + (/[\u2E80-\uFFFF]/.test(ch) ? size : size * 0.55), 0)
      const box: [number, number, number, number] = [x - w / 2 - 1, y - size, x + w / 2 + 1, y + 2]
      if (placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue
      placed.push(box)
      parts.push(text(x, y, o.name, { size, anchor: 'middle', halo: true, fill: '#111111' }))
    }
  }
  parts.push(`<rect x="${FRAME.x}" y="${FRAME.y}" width="${FRAME.w}" height="${FRAME.h}" fill="none" stroke="#888888" stroke-width="0.6"/>`)
  parts.push(northArrow(FRAME.x + FRAME.w - 18, FRAME.y + 14))
  parts.push(scaleBar(FRAME.x + FRAME.w - 10, FRAME.y + FRAME.h - 12, M_PER_DEG / k, lang))
  parts.push(legend(input, FRAME.y + FRAME.h + 12))
  const foot = `${tr(lang, 'dataDate')}: ${input.dataDate ?? '—'} · ${tr(lang, 'attribution')}`
  parts.push(text(FRAME.x, H - 4, foot, { size: 6.5, fill: '#555555' }))
  return svgDoc(W, H, parts.join(''), input.title)
}

function facilitySymbol(x: number, y: number, status: string): string {
  if (status === 'scenario') return `<rect x="${n2(x - 2.6)}" y="${n2(y - 2.6)}" width="5.2" height="5.2" fill="#6a3d9a" stroke="#ffffff" stroke-width="0.5"/>`
  if (status === 'planned') return `<circle cx="${n2(x)}" cy="${n2(y)}" r="2.4" fill="#ffffff" stroke="#e66101" stroke-width="1"/>`
  if (status === 'under_construction') return `<circle cx="${n2(x)}" cy="${n2(y)}" r="2.4" fill="#e66101" stroke="#ffffff" stroke-width="0.5"/>`
  return `<circle cx="${n2(x)}" cy="${n2(y)}" r="2.2" fill="#08306b" stroke="#ffffff" stroke-width="0.5"/>`
}

function northArrow(x: number, y: number): string {
  return `<path d="M${x},${y - 9}L${x + 5},${y + 5}L${x},${y + 2}L${x - 5},${y + 5}Z" fill="#222222"/>` + text(x, y + 14, 'N', { size: 8, anchor: 'middle', weight: 'bold' })
}

/** A scale bar of a round length, about a fifth of the frame wide. */
function scaleBar(right: number, y: number, metresPerUnit: number, lang: Lang): string {
  const metres = niceFloor((FRAME.w / 5) * metresPerUnit)
  const w = metres / metresPerUnit
  const label = metres >= 1000 ? `${metres / 1000} ${tr(lang, 'km')}` : `${metres} ${tr(lang, 'm')}`
  const x = right - w
  return rect(x - 4, y - 12, w + 8, 18, '#ffffff') + rect(x, y, w / 2, 3, '#222222') + rect(x + w / 2, y, w / 2, 3, '#ffffff', '#222222') +
    text(x + w / 2, y - 3, label, { size: 7, anchor: 'middle' })
}

function legend(input: MapInput, y: number): string {
  const { lang } = input
  const out: string[] = []
  let x = FRAME.x
  const item = (swatch: string, label: string, width: number) => { out.push(swatch, text(x + 12, y + 7, label, { size: 7 })); x += width }
  if (input.kind === 'difference') {
    item(rect(x, y, 9, 9, '#1a9850'), tr(lang, 'legendNewlyCovered'), 92)
    item(rect(x, y, 9, 9, '#d73027'), tr(lang, 'legendNoLongerCovered'), 92)
    item(rect(x, y, 9, 9, '#e6e6e6'), tr(lang, 'legendUnchanged'), 70)
  } else {
    out.push(text(x, y + 7, tr(lang, 'legendCoveredShare'), { size: 7, weight: 'bold' }))
    x += lang === 'zh' ? 60 : 80
    let lo = 0
    for (const c of SHARE_CLASSES) {
      const hi = Math.min(1, c.upTo)
      item(rect(x, y, 9, 9, c.colour), `${Math.round(lo * 100)}–${Math.round(hi * 100)}%`, 52)
      lo = hi
    }
  }
  x = FRAME.x
  y += 15
  item(facilitySymbol(x + 4.5, y + 4.5, 'existing'), tr(lang, 'statusExisting'), 70)
  item(facilitySymbol(x + 4.5, y + 4.5, 'planned'), tr(lang, 'statusPlanned'), 70)
  item(facilitySymbol(x + 4.5, y + 4.5, 'under_construction'), tr(lang, 'statusUnderConstruction'), 80)
  if (input.facilities.some((f) => f.scenarioChange)) item(facilitySymbol(x + 4.5, y + 4.5, 'scenario'), tr(lang, 'statusScenario'), 80)
  item(`<path d="M${x},${y + 9}L${x + 9},${y + 9}L${x + 9},${y}L${x},${y}Z" fill="none" stroke="#7a0177" stroke-width="1" stroke-dasharray="3,1.5"/>`, tr(lang, 'legendGap'), 66)
  item(`<path d="M${x + 4.5},${y}L${x + 9},${y + 9}L${x},${y + 9}Z" fill="#7a0177"/>`, tr(lang, 'legendSite'), 80)
  return out.join('')
}

