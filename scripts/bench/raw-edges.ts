/**
 * The walking network as a planner loads it into pgRouting from OSM: one edge per raw segment —
 * the piece between two consecutive vertices of a way — rather than one per street between
 * junctions (what pg-network.ts loads). Only the segments our walking network keeps (walking
 * filter, islands pruned), so both sides search the same streets.
 *
 * Vertex ids: a junction keeps pg-network's id (graph node + 1); interior vertices are numbered
 * after the junctions. Each piece costs its haversine length scaled so that the pieces of a
 * segment add up to the segment's length: junction-to-junction distances equal ours (to the mm).
 */
import type { StreetNetwork } from '../../server/src/engine/graph'
import { nodeOfKey } from '../../server/src/engine/graph'
import { segmentDirections, WALK_PROFILE } from '../../server/src/engine/street-profile'
import { haversineM } from '../../server/src/formats/haversine'
import type { StreetSegment } from '../../server/src/formats/types'
import type { EdgeRow } from './pg-network'
import { vertexId } from './pg-network'

/**
 * Undirected edge rows (cost = reverse_cost) of the raw pieces of the walkable segments.
 * @example db.copyIn('edges', EDGE_COLUMNS, rawWalkEdges(network, segments))
 * Contract: `network` built from `segments` with WALK_PROFILE; returns ≥ one row per kept segment.
 */
export function rawWalkEdges(network: StreetNetwork, segments: readonly StreetSegment[]): EdgeRow[] {
  const rows: EdgeRow[] = []
  let nextInterior = network.graph.nodeCount + 1
  for (const s of segments) {
    if (s.source === s.target || s.coords.length < 2 || segmentDirections(s.tags, WALK_PROFILE) === 0) continue
    const a = nodeOfKey(network, s.source)
    const b = nodeOfKey(network, s.target)
    if (a < 0 || b < 0) continue // pruned island
    const legs = s.coords.slice(1).map((c, k) => haversineM(s.coords[k][0], s.coords[k][1], c[0], c[1]))
    const total = legs.reduce((x, y) => x + y, 0)
    const scale = total > 0 ? s.lengthM / total : 0
    let from = vertexId(a)
    legs.forEach((m, k) => {
      const to = k === legs.length - 1 ? vertexId(b) : nextInterior++
      const cost = total > 0 ? m * scale : s.lengthM / legs.length
      rows.push([rows.length + 1, from, to, cost, cost])
      from = to
    })
  }
  return rows
}
