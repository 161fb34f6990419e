import { createHash } from 'node:crypto'
import type { CrsCode } from '../../contract/records'
import type { StreetSegment } from '../../formats/types'
import { checkGeometryCoordinates } from '../../formats/coordinates'
import { geometryToWgs84 } from '../../formats/crs'
import type { StreetRow } from '../../db/streets'
import { IssueList } from './fields'

export type { StreetRow }

/**
 * Node key of a vertex given only by coordinates (GeoJSON lines): a bijection of the position
 * rounded to 1e-5° (~1 m), negative so it never meets an OSM node id. Lines from different files
 * therefore join wherever they share a vertex.
 */
export function coordinateNodeKey([lng, lat]: [number, number]): number {
  const x = Math.round((lng + 180) * 1e5)
  const y = Math.round((lat + 90) * 1e5)
  return -(x * 2 ** 25 + y)
}

/** Checks and converts street segments; numbers segments within each way. */
export function normalizeRoads(
  segments: StreetSegment[],
  ctx: { crs: CrsCode; issues: IssueList; format: string },
): StreetRow[] {
  const rows: StreetRow[] = []
  const seqByWay = new Map<string, number>()
  const fromGeojson = ctx.format === 'geojson' || ctx.format === 'shapefile'
  segments.forEach((s, i) => {
    const problem = checkGeometryCoordinates({ type: 'LineString', coordinates: s.coords }, { china: ctx.crs !== 'wgs84' })
    if (problem) {
      ctx.issues.add({ record: i + 1, id: s.wayId, field: 'geometry', message: problem })
      return
    }
    const coords =
      ctx.crs === 'wgs84'
        ? s.coords
        : ((geometryToWgs84({ type: 'LineString', coordinates: s.coords }, ctx.crs) as { coordinates: [number, number][] }).coordinates)
    const wayId = fromGeojson ? geojsonWayId(s) : `osm:${s.wayId}`
    const seq = seqByWay.get(wayId) ?? 0
    seqByWay.set(wayId, seq + 1)
    rows.push({
      wayId,
      seq,
      source: fromGeojson ? coordinateNodeKey(coords[0]) : s.source,
      target: fromGeojson ? coordinateNodeKey(coords[coords.length - 1]) : s.target,
      highway: s.tags.highway ?? null,
      name: s.tags.name ?? null,
      lengthM: s.lengthM,
      tags: s.tags,
      coords,
    })
  })
  return rows
}

/** A stable way id for a GeoJSON line: its own id where it has one, else a hash of its vertices. */
function geojsonWayId(s: StreetSegment): string {
  const own = s.tags.id ?? s.tags.osm_id ?? s.tags['@id']
  if (own) return `geojson:${own}`
  return `geojson:${createHash('sha1').update(JSON.stringify(s.coords)).digest('hex').slice(0, 16)}`
}
