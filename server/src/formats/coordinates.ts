/**
 * Per-coordinate validation for imports: every position must be a finite WGS84 longitude/latitude,
 * and a pair that only makes sense the other way round is called out as swapped, because "lat,lng"
 * column order is the most common mistake in planners' spreadsheets.
 */
import type { Geometry, Position } from 'geojson'

export interface CoordinateCheckOptions {
  /**
   * The data are declared to be in China: lng must lie in 73–136 and lat in 3–54, and a pair
   * whose x lies in 3–54 and y in 73–136 is reported as swapped even though both are in range.
   */
  china?: boolean
}

/** China's extent in degrees, generous enough for its islands and borders. */
export const CHINA_BOUNDS = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 } as const

/**
 * What is wrong with one lng/lat pair, or null when nothing is.
 *
 * @example lngLatProblem(30.1, 121.5) // 'latitude 121.5 is out of range [-90, 90]; lng/lat look swapped'
 * @example lngLatProblem(29.9, 121.5, { china: true }) // '… lng/lat look swapped'
 */
export function lngLatProblem(lng: unknown, lat: unknown, opts: CoordinateCheckOptions = {}): string | null {
  if (typeof lng !== 'number' || !Number.isFinite(lng)) return `longitude ${show(lng)} is not a finite number`
  if (typeof lat !== 'number' || !Number.isFinite(lat)) return `latitude ${show(lat)} is not a finite number`
  const swappable = Math.abs(lng) <= 90 && Math.abs(lat) <= 180
  if (Math.abs(lng) > 180) return `longitude ${lng} is out of range [-180, 180]`
  if (Math.abs(lat) > 90) {
    return `latitude ${lat} is out of range [-90, 90]${swappable ? '; lng/lat look swapped' : ''}`
  }
  if (opts.china && !inChina(lng, lat)) {
    if (inChina(lat, lng)) return `point (${lng}, ${lat}) has a latitude-like x and a longitude-like y; lng/lat look swapped`
    const b = CHINA_BOUNDS
    return `point (${lng}, ${lat}) is outside China (lng ${b.minLng}–${b.maxLng}, lat ${b.minLat}–${b.maxLat})`
  }
  return null
}

export interface CoordinateProblem {
  /** Indices into `coordinates` leading to the bad position, e.g. [0, 5] = ring 0, vertex 5. */
  path: number[]
  /** The offending position as found. */
  position: unknown
  message: string
}

/**
 * The first bad position of a geometry (depth-first, in file order), or null when all are valid.
 * GeometryCollections are searched member by member (the member index leads the path).
 *
 * @example findCoordinateProblem({ type: 'LineString', coordinates: [[121.5, 29.9], [29.9, 121.5]] })
 * // { path: [1], position: [29.9, 121.5], message: 'latitude 121.5 is out of range [-90, 90]; lng/lat look swapped' }
 */
export function findCoordinateProblem(geometry: Geometry, opts: CoordinateCheckOptions = {}): CoordinateProblem | null {
  if (geometry.type === 'GeometryCollection') {
    for (let k = 0; k < geometry.geometries.length; k++) {
      const p = findCoordinateProblem(geometry.geometries[k], opts)
      if (p) return { ...p, path: [k, ...p.path] }
    }
    return null
  }
  return searchPositions(geometry.coordinates, [], opts)
}

/**
 * The first coordinate problem of a geometry as a message naming its position, or null.
 * This is the form the importer reports per record. (For a GeometryCollection the first index
 * is the member.)
 *
 * @example checkGeometryCoordinates({ type: 'Point', coordinates: [30.1, 121.5] })
 * // 'coordinates (30.1, 121.5): latitude 121.5 is out of range [-90, 90]; lng/lat look swapped'
 */
export function checkGeometryCoordinates(geometry: Geometry, opts: CoordinateCheckOptions = {}): string | null {
  const p = findCoordinateProblem(geometry, opts)
  if (!p) return null
  const where = `coordinates${p.path.map((k) => `[${k}]`).join('')}`
  const pos = Array.isArray(p.position) ? `(${p.position.map(show).join(', ')})` : show(p.position)
  return `${where} ${pos}: ${p.message}`
}

function searchPositions(node: unknown, path: number[], opts: CoordinateCheckOptions): CoordinateProblem | null {
  if (!Array.isArray(node)) return { path, position: node, message: 'position is not an array [lng, lat]' }
  if (node.length > 0 && Array.isArray(node[0])) {
    for (let k = 0; k < node.length; k++) {
      const p = searchPositions(node[k], [...path, k], opts)
      if (p) return p
    }
    return null
  }
  const position = node as Position
  if (position.length < 2) return { path, position, message: 'position has fewer than 2 numbers' }
  const message = lngLatProblem(position[0], position[1], opts)
  return message ? { path, position, message } : null
}

function inChina(lng: number, lat: number): boolean {
  const b = CHINA_BOUNDS
  return lng >= b.minLng && lng <= b.maxLng && lat >= b.minLat && lat <= b.maxLat
}

function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v)
}
