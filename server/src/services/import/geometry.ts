import type { Geometry, Position } from 'geojson'
import type { CrsCode } from '../../contract/records'
import type { RawRecord } from '../../formats/types'
import { checkGeometryCoordinates } from '../../formats/coordinates'
import { geometryToWgs84 } from '../../formats/crs'
import { IssueList, pick, recordId, toNumber } from './fields'

/**
 * The record's geometry in WGS84: its GeoJSON geometry, or a point from lng/lat columns. Raw
 * coordinates are checked (range, swapped lat/lng) before any CRS conversion; problems go to
 * `issues` against the record and the geometry or lng/lat field.
 */
export function recordGeometry(
  rec: RawRecord,
  crs: CrsCode,
  allowed: readonly Geometry['type'][],
  issues: IssueList,
): Geometry | undefined {
  const id = recordId(rec)
  let geom: Geometry | undefined
  let field = 'geometry'
  if (rec.geometry) {
    geom = rec.geometry
  } else {
    const lngRaw = pick(rec, 'lng')
    const latRaw = pick(rec, 'lat')
    const lng = toNumber(lngRaw)
    const lat = toNumber(latRaw)
    if (lngRaw === undefined || latRaw === undefined) {
      const missing = lngRaw === undefined ? 'lng' : 'lat'
      issues.add({ record: rec.index, id, field: missing, message: `${missing} is missing (a geometry or lng/lat columns are required)` })
      return undefined
    }
    if (lng === undefined || lat === undefined) {
      const bad = lng === undefined ? 'lng' : 'lat'
      issues.add({ record: rec.index, id, field: bad, message: `${bad} is not a number: ${JSON.stringify(bad === 'lng' ? lngRaw : latRaw)}` })
      return undefined
    }
    geom = { type: 'Point', coordinates: [lng, lat] }
    field = 'lng/lat'
  }
  if (!allowed.includes(geom.type)) {
    issues.add({ record: rec.index, id, field: 'geometry', message: `geometry type ${geom.type} is not accepted here (expected ${allowed.join(' or ')})` })
    return undefined
  }
  const problem = checkGeometryCoordinates(geom, { china: crs !== 'wgs84' })
  if (problem) {
    // From columns, name the column out of range (lng/lat when the pair looks swapped or lies outside China).
    if (field === 'lng/lat' && !/swapped|outside/.test(problem)) field = /: longitude/.test(problem) ? 'lng' : /: latitude/.test(problem) ? 'lat' : field
    issues.add({ record: rec.index, id, field, message: problem })
    return undefined
  }
  return crs === 'wgs84' ? geom : geometryToWgs84(geom, crs)
}

/** First position of a geometry (for points: the point). */
export function firstPosition(g: Geometry): Position {
  switch (g.type) {
    case 'Point':
      return g.coordinates
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates[0]
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates[0][0]
    case 'MultiPolygon':
      return g.coordinates[0][0][0]
    case 'GeometryCollection':
      return firstPosition(g.geometries[0])
  }
}
