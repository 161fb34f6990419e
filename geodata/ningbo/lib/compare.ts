/**
 * Compares district polygons with a reference set (the WGS84 districts in ../shared/data/ningbo/,
 * AMap-derived like ours but at full precision): area difference, intersection over union, and
 * the mean / 95th-percentile distance from each vertex of one boundary to the other boundary.
 */
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { geometryToMultiPoly, type LngLat, type MultiPoly, pointSegmentDistM, toGeoJsonGeometry } from './geometry'

export interface DistrictComparison {
  code: string
  name: string
  areaKm2: number
  referenceAreaKm2: number
  areaDiffPct: number
  iou: number
  /** Reference vertices → our boundary. */
  meanOffsetM: number
  p95OffsetM: number
  /** Our vertices → reference boundary. */
  meanOffsetReverseM: number
  p95OffsetReverseM: number
}

function offsets(from: MultiPoly, to: MultiPoly): { mean: number; p95: number } {
  const segs: [LngLat, LngLat][] = []
  for (const p of to) for (const r of p) r.forEach((q, i) => segs.push([q, r[(i + 1) % r.length]]))
  const cell = 0.02
  const grid = new Map<string, number[]>()
  segs.forEach(([a, b], i) => {
    for (let x = Math.floor(Math.min(a[0], b[0]) / cell); x <= Math.floor(Math.max(a[0], b[0]) / cell); x++)
      for (let y = Math.floor(Math.min(a[1], b[1]) / cell); y <= Math.floor(Math.max(a[1], b[1]) / cell); y++) {
        const k = `${x},${y}`
        const l = grid.get(k)
        if (l) l.push(i)
        else grid.set(k, [i])
      }
  })
  const ds: number[] = []
  for (const p of from)
    for (const r of p)
      for (const q of r) {
        let best = Infinity
        const cx = Math.floor(q[0] / cell), cy = Math.floor(q[1] / cell)
        for (let radius = 1; best === Infinity && radius < 64; radius *= 2) {
          for (let x = cx - radius; x <= cx + radius; x++)
            for (let y = cy - radius; y <= cy + radius; y++)
              for (const i of grid.get(`${x},${y}`) ?? []) best = Math.min(best, pointSegmentDistM(q, segs[i][0], segs[i][1]))
        }
        ds.push(best)
      }
  ds.sort((a, b) => a - b)
  return { mean: ds.reduce((s, d) => s + d, 0) / ds.length, p95: ds[Math.floor(ds.length * 0.95)] }
}

export function compareDistricts(
  ours: { code: string; name: string; geometry: MultiPoly }[],
  reference: { features: { properties: Record<string, unknown>; geometry: Polygon | MultiPolygon }[] },
): DistrictComparison[] {
  return ours.map((d) => {
    const f = reference.features.find((x) => String(x.properties.adcode ?? x.properties.code) === d.code)
    if (!f) throw new Error(`reference has no district ${d.code}`)
    const refMp = geometryToMultiPoly(f.geometry)
    const a: Feature<MultiPolygon> = turf.feature(toGeoJsonGeometry(d.geometry))
    const b: Feature<MultiPolygon> = turf.feature(toGeoJsonGeometry(refMp))
    const areaA = turf.area(a) / 1e6
    const areaB = turf.area(b) / 1e6
    const inter = turf.intersect(turf.featureCollection([a, b]))
    const areaI = inter ? turf.area(inter) / 1e6 : 0
    const fwd = offsets(refMp, d.geometry)
    const rev = offsets(d.geometry, refMp)
    return {
      code: d.code,
      name: d.name,
      areaKm2: areaA,
      referenceAreaKm2: areaB,
      areaDiffPct: (areaA / areaB - 1) * 100,
      iou: areaI / (areaA + areaB - areaI),
      meanOffsetM: fwd.mean,
      p95OffsetM: fwd.p95,
      meanOffsetReverseM: rev.mean,
      p95OffsetReverseM: rev.p95,
    }
  })
}
