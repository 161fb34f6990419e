/**
 * The engine's input street type: one segment between two junctions (or ends) of a way, as the
 * importers (formats/) produce it. Defined here so the engine depends on nothing outside itself.
 */

/** A street segment between two junctions (or a junction and a dead end). */
export interface StreetSegment {
  /** Source way id (OSM way id, or the GeoJSON feature index/id). */
  wayId: string
  /** Node keys, unique within one file: OSM node ids, or ids derived from identical vertices. */
  source: number
  target: number
  /** Vertices from source to target, WGS84 [lng, lat]. */
  coords: [number, number][]
  /** Geodesic length of the whole polyline (shape points, not the chord) in metres. */
  lengthM: number
  /** OSM tags of the way (highway, foot, access, oneway, name, …). */
  tags: Record<string, string>
}
