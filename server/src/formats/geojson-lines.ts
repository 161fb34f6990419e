/**
 * GeoJSON (Multi)LineString features → street segments. GeoJSON has no node ids, so a vertex is
 * identified by its exact coordinates: two lines connect only where they share an identical
 * vertex, never where they merely cross (a bridge over a road is not a junction).
 */
import { IssueList } from './issues'
import { parseGeoJson } from './geojson'
import { WayCollector, type SegmentBuild } from './street-segments'

/**
 * Parses street lines. Each LineString (or each part of a MultiLineString) becomes a way whose
 * id is the feature's `id` property, else its top-level `id`, else its feature number; the
 * properties become tags (strings; numbers and booleans stringified, objects as JSON, nulls
 * dropped). Node keys are 1, 2, 3… in order of first appearance. Throws a 400 naming every
 * feature that is not a line.
 *
 * @example parseGeoJsonLines('{"type":"LineString","coordinates":[[121.5,29.9],[121.51,29.9]]}').segments[0].source // 1
 */
export function parseGeoJsonLines(input: Uint8Array | string, opts: { maxRecords?: number } = {}): SegmentBuild {
  const { records, warnings } = parseGeoJson(input, opts)
  const collector = new WayCollector()
  const nodeIds = new Map<string, number>()
  const nodeId = (p: number[]): number => {
    const key = `${p[0]},${p[1]}`
    let id = nodeIds.get(key)
    if (id === undefined) {
      id = nodeIds.size + 1
      nodeIds.set(key, id)
      collector.addNode(id, p[0], p[1])
    }
    return id
  }
  const issues = new IssueList()
  for (const rec of records) {
    const g = rec.geometry
    if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) {
      issues.add({
        record: rec.index,
        field: 'geometry',
        message: `feature ${rec.index}: geometry is ${g?.type ?? 'missing'}; street files need LineString or MultiLineString`,
      })
      continue
    }
    const tags = toTags(rec.properties)
    const wayId = tags.id ?? String(rec.index)
    const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates
    for (const line of lines) collector.addWay(wayId, line.map(nodeId), tags)
  }
  issues.throwIfAny('GeoJSON street file')
  const built = collector.build()
  return { ...built, warnings: [...warnings, ...built.warnings] }
}

function toTags(properties: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const [k, v] of Object.entries(properties)) {
    if (v === null || v === undefined) continue
    tags[k] = typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
  return tags
}
