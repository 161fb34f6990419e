/**
 * What every file parser produces: plain records, before any domain validation. A parser knows
 * file formats (GeoJSON, CSV, XLSX, GeoTIFF, OSM XML/PBF), nothing about areas or facilities;
 * `services/import` turns records into rows and validates them field by field.
 */
import type { Geometry } from 'geojson'

export type FileFormat = 'geojson' | 'csv' | 'xlsx' | 'geotiff' | 'osm-xml' | 'osm-pbf' | 'shapefile'

/** One record of a tabular or feature file. */
export interface RawRecord {
  /** 1-based position in the file: feature index, or data row number (header excluded). */
  index: number
  /** Physical line (CSV: where the row ends) or sheet row (XLSX), for messages; absent elsewhere. */
  line?: number
  /** Properties / columns by name, as read (strings for CSV, typed values for JSON/XLSX). */
  properties: Record<string, unknown>
  /** Feature geometry (GeoJSON files only; CSV/XLSX carry lng/lat in `properties`). */
  geometry?: Geometry | null
}

/** Street segments are the engine's input type (engine/street-segment.ts); the importers produce them. */
export type { StreetSegment } from '../engine/street-segment'
