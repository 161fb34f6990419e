/**
 * Street networks from OSM XML, OSM PBF or GeoJSON lines → StreetSegment[]: every way tagged
 * `highway` (all values; routing profiles filter later), cut at junctions and way ends, WGS84
 * [lng, lat] vertices, haversine lengths in metres.
 */
import { tooManyRecords } from './issues'
import { parseGeoJsonLines } from './geojson-lines'
import { parseOsmPbf } from './osm-pbf'
import { parseOsmXml } from './osm-xml'
import type { SegmentBuild } from './street-segments'

export type StreetFormat = 'osm-xml' | 'osm-pbf' | 'geojson'

export { parseGeoJsonLines, parseOsmPbf, parseOsmXml }
export type { SegmentBuild }

/**
 * Reads a street file already un-gzipped (see detect.ts). `maxSegments` rejects networks with more
 * segments than allowed, naming the limit.
 *
 * @example parseStreets(bytes, 'osm-pbf').segments
 */
export function parseStreets(bytes: Uint8Array, format: StreetFormat, opts: { maxSegments?: number; maxUnpackedBytes?: number } = {}): SegmentBuild {
  const built =
    format === 'osm-xml' ? parseOsmXml(bytes) : format === 'osm-pbf' ? parseOsmPbf(bytes, opts) : parseGeoJsonLines(bytes)
  if (opts.maxSegments !== undefined && built.segments.length > opts.maxSegments) {
    throw tooManyRecords(opts.maxSegments, 'street segments')
  }
  return built
}
