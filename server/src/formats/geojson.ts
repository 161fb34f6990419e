/**
 * GeoJSON (RFC 7946) → RawRecord[]. Checks the structure a parser must (object types, geometry
 * shapes, positions made of numbers, closed rings); coordinate ranges and domain fields are the
 * importer's business (see coordinates.ts and services/import).
 */
import type { Geometry } from 'geojson'
import { IssueList, fileFault, tooManyRecords } from './issues'
import { parseJson } from './json-syntax'
import { decodeText } from './text'
import type { RawRecord } from './types'

export interface GeoJsonOptions {
  /** Reject files with more features than this. */
  maxRecords?: number
}

export interface ParsedRecords {
  records: RawRecord[]
  warnings: string[]
}

const GEOMETRY_TYPES = new Set([
  'Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection',
])

/** CRS names that mean WGS84 lng/lat in the obsolete GeoJSON 2008 `crs` member (QGIS still writes it). */
const WGS84_CRS_NAME = /^(urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:EPSG::4326|EPSG:4326)$/i
/** CGCS2000 (EPSG:4490), China's official datum: within a metre of WGS84, far below what a 15-minute analysis resolves. */
const CGCS2000_CRS_NAME = /^(urn:ogc:def:crs:EPSG::4490|EPSG:4490)$/i

/**
 * Parses a GeoJSON FeatureCollection, Feature or bare geometry. `index` is the 1-based feature
 * number; a feature's top-level `id` is copied to `properties.id` when properties have none.
 * Throws a 400 listing every broken feature (up to 50).
 *
 * @example parseGeoJson('{"type":"Point","coordinates":[121.5,29.9]}').records
 * // [{ index: 1, properties: {}, geometry: { type: 'Point', coordinates: [121.5, 29.9] } }]
 */
export function parseGeoJson(input: Uint8Array | string, opts: GeoJsonOptions = {}): ParsedRecords {
  const warnings: string[] = []
  let text: string
  if (typeof input === 'string') text = input
  else {
    const decoded = decodeText(input)
    text = decoded.text
    if (decoded.encoding !== 'utf-8') warnings.push(`GeoJSON decoded as ${decoded.encoding.toUpperCase()} (RFC 7946 requires UTF-8)`)
  }
  const root = parseJson(text)
  if (!isObject(root)) {
    const what = Array.isArray(root) ? 'an array' : `a ${root === null ? 'null' : typeof root}`
    throw fileFault(`GeoJSON top-level value is ${what}; expected a FeatureCollection, Feature or geometry object`)
  }
  const crsWarning = checkDeclaredCrs(root)
  if (crsWarning) warnings.push(crsWarning)

  let features: unknown[]
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw fileFault('GeoJSON FeatureCollection has no "features" array')
    features = root.features
  } else if (root.type === 'Feature') {
    features = [root]
  } else if (typeof root.type === 'string' && GEOMETRY_TYPES.has(root.type)) {
    features = [{ type: 'Feature', properties: {}, geometry: root }]
  } else {
    throw fileFault(`GeoJSON top-level "type" is ${JSON.stringify(root.type)}; expected FeatureCollection, Feature or a geometry type`)
  }
  if (opts.maxRecords !== undefined && features.length > opts.maxRecords) throw tooManyRecords(opts.maxRecords)

  const issues = new IssueList()
  const records: RawRecord[] = []
  for (let k = 0; k < features.length && !issues.full; k++) {
    const record = readFeature(features[k], k + 1, issues)
    if (record) records.push(record)
  }
  issues.throwIfAny('GeoJSON file')
  return { records, warnings }
}

function readFeature(feature: unknown, index: number, issues: IssueList): RawRecord | null {
  const at = `feature ${index}`
  if (!isObject(feature)) {
    issues.add({ record: index, message: `${at} is not an object` })
    return null
  }
  if (feature.type !== 'Feature') {
    issues.add({ record: index, field: 'type', message: `${at}: "type" is ${JSON.stringify(feature.type)}, expected "Feature"` })
    return null
  }
  let ok = true
  const props = feature.properties
  if (props !== undefined && props !== null && !isObject(props)) {
    const what = Array.isArray(props) ? 'an array' : typeof props
    issues.add({ record: index, field: 'properties', message: `${at}: "properties" is ${what}, expected an object` })
    ok = false
  }
  if (feature.geometry === undefined || feature.geometry === null) {
    const what = feature.geometry === null ? 'null' : 'missing'
    issues.add({ record: index, field: 'geometry', message: `${at}: geometry is ${what}` })
    ok = false
  } else {
    const problem = geometryProblem(feature.geometry)
    if (problem) {
      issues.add({ record: index, field: 'geometry', message: `${at}: ${problem}` })
      ok = false
    }
  }
  if (!ok) return null
  const properties: Record<string, unknown> = isObject(props) ? { ...props } : {}
  if (properties.id === undefined && (typeof feature.id === 'string' || typeof feature.id === 'number')) {
    properties.id = feature.id
  }
  return { index, properties, geometry: feature.geometry as Geometry }
}

/**
 * What is structurally wrong with a GeoJSON geometry, or null when nothing is: known type,
 * coordinates nested to the right depth, positions of ≥ 2 numbers, ≥ 2 positions per line,
 * closed rings of ≥ 4 positions.
 */
export function geometryProblem(g: unknown): string | null {
  if (!isObject(g)) return 'geometry is not an object'
  const type = g.type
  if (typeof type !== 'string' || !GEOMETRY_TYPES.has(type)) {
    return `geometry type ${JSON.stringify(type)} is not a GeoJSON geometry type`
  }
  if (type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries)) return 'GeometryCollection has no "geometries" array'
    for (let k = 0; k < g.geometries.length; k++) {
      const p = geometryProblem(g.geometries[k])
      if (p) return `geometries[${k}]: ${p}`
    }
    return null
  }
  const c = g.coordinates
  if (!Array.isArray(c)) return `${type} has no "coordinates" array`
  switch (type) {
    case 'Point':
      return positionProblem(c, 'coordinates')
    case 'MultiPoint':
      return listProblem(c, 'coordinates', 1, positionProblem)
    case 'LineString':
      return lineProblem(c, 'coordinates')
    case 'MultiLineString':
      return listProblem(c, 'coordinates', 1, lineProblem)
    case 'Polygon':
      return listProblem(c, 'coordinates', 1, ringProblem)
    default: // MultiPolygon
      return listProblem(c, 'coordinates', 1, (poly, path) => listProblem(poly, path, 1, ringProblem))
  }
}

type PartCheck = (part: unknown, path: string) => string | null

function listProblem(list: unknown, path: string, min: number, check: PartCheck): string | null {
  if (!Array.isArray(list)) return `${path} is not an array`
  if (list.length < min) return `${path} is empty`
  for (let k = 0; k < list.length; k++) {
    const p = check(list[k], `${path}[${k}]`)
    if (p) return p
  }
  return null
}

function positionProblem(p: unknown, path: string): string | null {
  if (!Array.isArray(p) || p.length < 2 || !p.every((v) => typeof v === 'number')) {
    return `${path} is not a position [lng, lat] of numbers (got ${JSON.stringify(p)?.slice(0, 60)})`
  }
  return null
}

function lineProblem(line: unknown, path: string): string | null {
  const p = listProblem(line, path, 1, positionProblem)
  if (p) return p
  return (line as unknown[]).length < 2 ? `${path} has fewer than 2 positions` : null
}

function ringProblem(ring: unknown, path: string): string | null {
  const p = listProblem(ring, path, 1, positionProblem)
  if (p) return p
  const r = ring as number[][]
  if (r.length < 4) return `${path} is a ring of fewer than 4 positions`
  const a = r[0]
  const b = r[r.length - 1]
  if (a[0] !== b[0] || a[1] !== b[1]) return `${path} is not a closed ring (first and last positions differ)`
  return null
}

function checkDeclaredCrs(root: Record<string, unknown>): string | null {
  const crs = root.crs
  if (!isObject(crs) || !isObject(crs.properties)) return null
  const name = crs.properties.name
  if (typeof name !== 'string' || WGS84_CRS_NAME.test(name.trim())) return null
  if (CGCS2000_CRS_NAME.test(name.trim())) return `coordinates declared as CGCS2000 (${name}) are read as WGS84 (they differ by less than a metre)`
  throw fileFault(`GeoJSON declares the coordinate system ${name}; only WGS84 longitude/latitude is supported (reproject to EPSG:4326)`)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
