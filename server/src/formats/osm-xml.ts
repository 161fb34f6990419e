/**
 * OSM XML (.osm; .osm.gz once un-gzipped by detect.ts) → street segments, streamed through saxes
 * so that the document is never held as one string or a DOM: nodes go straight into typed arrays,
 * ways without a `highway` tag are dropped as soon as they close.
 */
import { SaxesParser } from 'saxes'
import { isAppError } from '../errors'
import { fileFault } from './issues'
import { WayCollector, type SegmentBuild } from './street-segments'

const CHUNK_BYTES = 1 << 20

/**
 * Reads every node and every way tagged `highway` (any value), skipping elements marked
 * `action="delete"` or `visible="false"` (JOSM and history exports). Throws a 400 for malformed or
 * truncated XML (with line and column) and for a root element other than `<osm>`.
 *
 * @example parseOsmXml(bytes).segments.length // segments between junctions
 */
export function parseOsmXml(bytes: Uint8Array): SegmentBuild {
  const collector = new WayCollector()
  const parser = new SaxesParser({ fileName: 'OSM XML' })
  let depth = 0
  let way: { id: string; refs: number[]; tags: Record<string, string>; skip: boolean } | null = null
  let badNode: string | null = null

  parser.on('opentag', (tag) => {
    depth++
    const a = tag.attributes as Record<string, string>
    if (depth === 1) {
      if (tag.name !== 'osm') throw fileFault(`XML root element is <${tag.name}>, expected <osm>`)
      return
    }
    const deleted = a.action === 'delete' || a.visible === 'false'
    switch (tag.name) {
      case 'node': {
        if (deleted || depth !== 2) return
        const id = Number(a.id)
        const lng = Number(a.lon)
        const lat = Number(a.lat)
        if (!Number.isFinite(id) || !Number.isFinite(lng) || !Number.isFinite(lat)) {
          badNode ??= `node ${a.id ?? '(no id)'} has no valid id/lat/lon`
          return
        }
        collector.addNode(id, lng, lat)
        return
      }
      case 'way':
        if (depth === 2) way = { id: a.id ?? '', refs: [], tags: {}, skip: deleted }
        return
      case 'nd':
        if (way && depth === 3) way.refs.push(Number(a.ref))
        return
      case 'tag':
        if (way && depth === 3 && a.k !== undefined) way.tags[a.k] = a.v ?? ''
        return
    }
  })
  parser.on('closetag', (tag) => {
    depth--
    if (tag.name === 'way' && depth === 1 && way) {
      if (!way.skip && way.tags.highway !== undefined) collector.addWay(way.id, way.refs, way.tags)
      way = null
    }
  })

  const decoder = new TextDecoder('utf-8')
  try {
    for (let off = 0; off < bytes.length; off += CHUNK_BYTES) {
      parser.write(decoder.decode(bytes.subarray(off, off + CHUNK_BYTES), { stream: true }))
    }
    parser.write(decoder.decode())
    parser.close()
  } catch (e) {
    if (isAppError(e)) throw e
    const reason = e instanceof Error ? e.message : String(e)
    throw fileFault(`OSM XML is malformed or truncated: ${reason}`)
  }
  if (badNode) throw fileFault(`OSM XML: ${badNode}`)
  return collector.build()
}
