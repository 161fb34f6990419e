/**
 * The engine on real street networks (OpenStreetMap, © OpenStreetMap contributors, ODbL 1.0),
 * read in place from ../shared/data/osm (see the README there): parse, build the walking
 * network, snap the H3 resolution-10 cells covering the network's bounding box, and minutes to
 * the nearest of N seeded facilities placed on network nodes. The prepared network, cells and
 * facilities are handed on to the side-by-side comparison with pgRouting (pgrouting.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { polygonToCells } from 'h3-js'
import { type FacilitySet, createFacilitySet } from '../../server/src/engine/facility-set'
import { type StreetNetwork, buildStreetNetwork, graphBytes } from '../../server/src/engine/graph'
import { WALK_PROFILE } from '../../server/src/engine/street-profile'
import { prng } from '../../server/src/engine/test-support/prng'
import { type TravelContext, createTravelContext } from '../../server/src/engine/travel-context'
import { type NearestFacilityField, travelTimeToNearest } from '../../server/src/engine/travel-time'
import { cellCentroids } from '../../server/src/engine/cells'
import { parseFile } from '../../server/src/formats/index'
import type { StreetSegment } from '../../server/src/formats/types'
import { SHARED_DATA } from '../../test/support/shared'
import { interleave, repeat } from './measure'

export { SHARED_DATA } from '../../test/support/shared'

export interface RealNetworkSpec {
  name: string
  /** Path under SHARED_DATA. */
  file: string
}

export const PORTO: RealNetworkSpec = { name: 'Porto', file: 'osm/porto.osm.pbf' }
export const SHANGHAI: RealNetworkSpec = { name: 'Shanghai', file: 'osm/shanghai-centre.osm.gz' }

/** Walking speed of every real-network and side-by-side measure (km/h). */
export const WALK_KMH = 4

export interface RealNetworkResult {
  name: string
  file: string
  fileBytes: number
  segments: number
  nodes: number
  arcs: number
  bytesPerArc: number
  cells: number
  cellsOffNetwork: number
  facilities: number
  /** Medians in milliseconds (the run counts alongside). */
  parseMs: number
  parseRuns: number
  buildMs: number
  buildRuns: number
  snapCellsMs: number
  nearestMs: number
  nearestRuns: number
  /** Cells reached by the one-type run (finite minutes). */
  reachedCells: number
  /** One relaxation pass over every arc of the searched graph (the floor of any search: issue 9 asks within 2× of it). */
  arcPassMs: number
}

/**
 * One pass over the arcs: every arc read once and relaxed (dist[v] = min(dist[v], dist[u] + len))
 * in node order, as a Bellman-Ford sweep does — the memory traffic any full search must pay.
 * @example const pass = arcPass(network.reversed); pass() // one sweep
 */
export function arcPass(graph: StreetNetwork['graph']): () => number {
  const dist = new Int32Array(graph.nodeCount)
  const { arcStart, arcTarget, arcLengthMm } = graph
  return () => {
    dist.fill(0x3fffffff)
    dist[0] = 0
    for (let u = 0; u < graph.nodeCount; u++) {
      const du = dist[u]
      for (let a = arcStart[u]; a < arcStart[u + 1]; a++) {
        const v = arcTarget[a]
        const d = du + arcLengthMm[a]
        if (d < dist[v]) dist[v] = d
      }
    }
    return dist[graph.nodeCount - 1]
  }
}

/** What the side-by-side comparison needs from a prepared real network (not serialised). */
export interface PreparedNetwork {
  name: string
  network: StreetNetwork
  ctx: TravelContext
  facilityLng: Float64Array
  facilityLat: Float64Array
  set: FacilitySet
}

/**
 * Facilities placed exactly on `count` distinct network nodes, chosen with a seeded generator, so
 * their snap legs are 0 and a node-to-node router (pgRouting) answers exactly the same question.
 * @example const { lng, lat } = facilitiesOnNodes(net, 200, 7)
 * Contract: count ≤ nodeCount; deterministic in (network, count, seed); WGS84 degrees.
 */
export function facilitiesOnNodes(network: StreetNetwork, count: number, seed: number): { lng: Float64Array; lat: Float64Array } {
  const g = network.graph
  if (count > g.nodeCount) throw new RangeError(`${count} facilities on ${g.nodeCount} nodes`)
  const rand = prng(seed)
  const chosen = new Set<number>()
  while (chosen.size < count) chosen.add(Math.floor(rand() * g.nodeCount))
  const nodes = [...chosen]
  return { lng: Float64Array.from(nodes, (u) => g.nodeLng[u]), lat: Float64Array.from(nodes, (u) => g.nodeLat[u]) }
}

/**
 * H3 resolution-10 cells whose centres fall inside the network's bounding box.
 * @example const h3 = cellsCoveringNetwork(net) // ≈ 9,000 for central Shanghai
 */
export function cellsCoveringNetwork(network: StreetNetwork): string[] {
  const g = network.graph
  let minLng = Infinity, maxLng = -Infinity, minLat = Infinity, maxLat = -Infinity
  for (let u = 0; u < g.nodeCount; u++) {
    minLng = Math.min(minLng, g.nodeLng[u]); maxLng = Math.max(maxLng, g.nodeLng[u])
    minLat = Math.min(minLat, g.nodeLat[u]); maxLat = Math.max(maxLat, g.nodeLat[u])
  }
  const ring = [[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]
  return polygonToCells([ring], 10, true)
}

/**
 * Reads, parses and builds one real network, snaps its cells and times one facility type.
 * @example const { result, prepared } = await runRealNetwork(SHANGHAI, { runs: 5, facilities: 200 })
 * Contract: the file is read once outside the timings (parse = detect/gunzip + OSM decoding +
 * segment cutting); medians of ≥ `runs` runs; facilities seeded (same network, same facilities).
 */
export async function runRealNetwork(spec: RealNetworkSpec, options: { runs: number; facilities: number; seed?: number; parseRuns?: number }): Promise<{ result: RealNetworkResult; prepared: PreparedNetwork }> {
  const file = path.join(SHARED_DATA, spec.file)
  const bytes = fs.readFileSync(file)
  const fileName = path.basename(file)
  let segments: StreetSegment[] = []
  const parse = await repeat(async () => {
    segments = (await parseFile(bytes, { fileName, expect: 'streets' })).segments ?? []
  }, { runs: options.parseRuns ?? options.runs, warmup: 0 })
  let network = buildStreetNetwork(segments, WALK_PROFILE)
  const build = await repeat(() => {
    network = buildStreetNetwork(segments, WALK_PROFILE)
  }, { runs: options.parseRuns ?? options.runs, warmup: 0 })

  const h3 = cellsCoveringNetwork(network)
  const { lng: cellLng, lat: cellLat } = cellCentroids(h3)
  const snap = await repeat(() => createTravelContext({ network, cellLng, cellLat }), { runs: 1, warmup: 0 })
  const ctx = createTravelContext({ network, cellLng, cellLat })
  const placed = facilitiesOnNodes(network, options.facilities, options.seed ?? 20240601)
  const set = createFacilitySet(ctx, placed.lng, placed.lat)
  for (let j = 0; j < set.count; j++) {
    if (set.node[j] < 0 || set.legMm[j] !== 0) throw new Error(`${spec.name}: facility ${j} is not on a node (leg ${set.legMm[j]} mm)`)
  }

  let field: NearestFacilityField | undefined
  // Interleaved with one pass over the arcs, so a burst of load hits both alike.
  const [nearest, pass] = await interleave([() => {
    field = travelTimeToNearest(ctx, set, { speedKmh: WALK_KMH, reuse: field })
  }, arcPass(network.reversed)], { runs: options.runs, minTotalMs: 300 })
  let reachedCells = 0
  for (let i = 0; i < ctx.cells.count; i++) if (field!.minutes[i] < Infinity) reachedCells++

  const result: RealNetworkResult = {
    name: spec.name,
    file: spec.file,
    fileBytes: bytes.length,
    segments: segments.length,
    nodes: network.graph.nodeCount,
    arcs: network.graph.arcCount,
    bytesPerArc: graphBytes(network).bytesPerArc,
    cells: ctx.cells.count,
    cellsOffNetwork: ctx.cells.unsnapped.length,
    facilities: set.count,
    parseMs: parse.ms,
    parseRuns: parse.runs,
    buildMs: build.ms,
    buildRuns: build.runs,
    snapCellsMs: snap.ms,
    nearestMs: nearest.ms,
    nearestRuns: nearest.runs,
    reachedCells,
    arcPassMs: pass.ms,
  }
  return { result, prepared: { name: spec.name, network, ctx, facilityLng: placed.lng, facilityLat: placed.lat, set } }
}

/** Whether the shared OSM extracts are present (a fresh clone has none). */
export function hasRealNetworks(specs: readonly RealNetworkSpec[]): boolean {
  return specs.every((s) => fs.existsSync(path.join(SHARED_DATA, s.file)))
}
