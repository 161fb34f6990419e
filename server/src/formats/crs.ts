/**
 * Chinese web-map coordinates → WGS84 (gcoord). AMap, Tencent and most Chinese government portals
 * publish GCJ-02 ("Mars coordinates"), Baidu BD-09; both are WGS84 shifted by a few hundred metres,
 * enough to put a school on the wrong side of a district border. Outside China gcoord leaves
 * positions unchanged, as the shift is only defined there.
 */
import gcoord from 'gcoord'
import type { Geometry, Position } from 'geojson'
import type { CrsCode } from '../contract/records'
import { lineLengthM } from './haversine'
import type { StreetSegment } from './types'

const GCOORD_CRS = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

/**
 * One position in `crs` → WGS84 [lng, lat] (a third value such as elevation is kept).
 * 'wgs84' is the identity. GCJ-02 → WGS84 is gcoord's iterative inverse (error < 1e-6°, ~0.1 m).
 *
 * @example positionToWgs84([121.5, 29.9], 'gcj02') // ≈ [121.49566, 29.90243]
 */
export function positionToWgs84(p: Position, crs: CrsCode): Position {
  if (crs === 'wgs84') return p
  const [lng, lat] = gcoord.transform([p[0], p[1]], GCOORD_CRS[crs], gcoord.WGS84) as [number, number]
  return p.length > 2 ? [lng, lat, ...p.slice(2)] : [lng, lat]
}

/**
 * A geometry in `crs` → the same geometry in WGS84, as a new object (the input is not changed).
 *
 * @example geometryToWgs84({ type: 'Point', coordinates: [121.5, 29.9] }, 'bd09').coordinates // ≈ [121.48904, 29.89676]
 */
export function geometryToWgs84<G extends Geometry>(geometry: G, crs: CrsCode): G {
  if (crs === 'wgs84') return geometry
  if (geometry.type === 'GeometryCollection') {
    return { ...geometry, geometries: geometry.geometries.map((g) => geometryToWgs84(g, crs)) }
  }
  return { ...geometry, coordinates: mapPositions(geometry.coordinates, crs) } as G
}

/** Street segments in `crs` → WGS84, lengths recomputed on the converted vertices. */
export function segmentsToWgs84(segments: StreetSegment[], crs: CrsCode): StreetSegment[] {
  if (crs === 'wgs84') return segments
  return segments.map((s) => {
    const coords = s.coords.map((p) => positionToWgs84(p, crs) as [number, number])
    return { ...s, coords, lengthM: lineLengthM(coords) }
  })
}

type Nested = Position | Nested[]

function mapPositions<T>(coords: T, crs: CrsCode): T {
  const c = coords as unknown as Nested
  if (c.length > 0 && Array.isArray(c[0])) return (c as Nested[]).map((x) => mapPositions(x, crs)) as T
  return positionToWgs84(c as Position, crs) as T
}
