/**
 * The open segments of a network as edges with their shape points, and a uniform grid over the
 * polyline pieces (consecutive shape points) for snapping points onto the street itself, not onto
 * its junctions (API.md "Travel time").
 *
 * Everything is typed arrays: a bucket's pieces are contiguous (CSR over buckets), a query walks
 * square rings of buckets outwards and stops as soon as no unvisited bucket can hold a closer
 * piece, and writes its answer into a caller's object — no allocation per query.
 *
 * Geometry of a query (the convention the reference tests mirror): distances and projections in
 * the plane of an equirectangular projection at the query point's latitude
 * (x = Δlng · M · cos φ_p, y = Δlat · M, M metres per degree); the position along an edge is the
 * fraction of its polyline length (pieces measured with `distanceM`) times the edge's cost.
 */
import { METRES_PER_DEGREE, cosLatitude, distanceM } from './geo'

export interface StreetEdges {
  /** Number of edges (open, kept segments), in input order. */
  count: number
  /** Graph nodes at the segment's source (u) and target (v). */
  u: Int32Array
  v: Int32Array
  /** Cost of the whole edge in cost units (the same as its arcs). */
  costMm: Int32Array
  /** Permitted directions: 1 = u → v (FORWARD), 2 = v → u (BACKWARD), 3 = both. */
  dir: Uint8Array
  /** Shape points of edge e are shapeStart[e] … shapeStart[e + 1] − 1 (at least 2), from u to v. */
  shapeStart: Int32Array
  shapeLng: Float64Array
  shapeLat: Float64Array
  /** Metres along the polyline at each shape point (0 at the first; the last = the polyline length). */
  shapeAlongM: Float64Array
}

export interface SegmentGrid {
  minLng: number
  minLat: number
  /** Bucket size in degrees. */
  cellLng: number
  cellLat: number
  cols: number
  rows: number
  /** Pieces of bucket b: piece[bucketStart[b] … bucketStart[b + 1] − 1]; a piece = the shape index of its first point. */
  bucketStart: Int32Array
  piece: Int32Array
  /** Edge of each shape point (of the piece it starts). */
  shapeEdge: Int32Array
}

/** Edges being collected by the network build (growable shape arrays). */
export interface EdgeBuilder {
  edges: StreetEdges
  shapes: number
}

/** Target bucket side in metres (enlarged when the extent would need more than 4 buckets per piece). */
const BUCKET_M = 100

export function createEdgeBuilder(count: number): EdgeBuilder {
  const cap = Math.max(16, count * 3)
  return {
    edges: {
      count: 0,
      u: new Int32Array(count),
      v: new Int32Array(count),
      costMm: new Int32Array(count),
      dir: new Uint8Array(count),
      shapeStart: new Int32Array(count + 1),
      shapeLng: new Float64Array(cap),
      shapeLat: new Float64Array(cap),
      shapeAlongM: new Float64Array(cap),
    },
    shapes: 0,
  }
}

/**
 * Appends one edge u → v with its polyline (coords from u to v; fewer than 2 vertices: the chord
 * between the node positions).
 */
export function pushEdge(
  b: EdgeBuilder, u: number, v: number, costMm: number, dir: number, coords: readonly [number, number][],
  nodeLng: Float64Array, nodeLat: Float64Array,
): void {
  const e = b.edges
  const k = e.count++
  e.u[k] = u
  e.v[k] = v
  e.costMm[k] = costMm
  e.dir[k] = dir
  const n = coords.length >= 2 ? coords.length : 2
  if (b.shapes + n > e.shapeLng.length) grow(b, b.shapes + n)
  const at = b.shapes
  for (let i = 0; i < n; i++) {
    const lng = coords.length >= 2 ? coords[i][0] : i === 0 ? nodeLng[u] : nodeLng[v]
    const lat = coords.length >= 2 ? coords[i][1] : i === 0 ? nodeLat[u] : nodeLat[v]
    e.shapeLng[at + i] = lng
    e.shapeLat[at + i] = lat
    e.shapeAlongM[at + i] = i === 0 ? 0 : e.shapeAlongM[at + i - 1] + distanceM(e.shapeLng[at + i - 1], e.shapeLat[at + i - 1], lng, lat)
  }
  b.shapes += n
  e.shapeStart[k + 1] = b.shapes
}

function grow(b: EdgeBuilder, need: number): void {
  const e = b.edges
  const cap = Math.max(need, e.shapeLng.length * 2)
  const lng = new Float64Array(cap); lng.set(e.shapeLng); e.shapeLng = lng
  const lat = new Float64Array(cap); lat.set(e.shapeLat); e.shapeLat = lat
  const along = new Float64Array(cap); along.set(e.shapeAlongM); e.shapeAlongM = along
}

/** The collected edges with their shape arrays trimmed to size. */
export function finishEdges(b: EdgeBuilder): StreetEdges {
  const e = b.edges
  const n = b.shapes
  return { ...e, shapeLng: e.shapeLng.slice(0, n), shapeLat: e.shapeLat.slice(0, n), shapeAlongM: e.shapeAlongM.slice(0, n) }
}

/**
 * Uniform grid over the pieces of every edge (each piece in every bucket its bounding box meets).
 * @example const grid = buildSegmentGrid(net.edges)
 * Contract: every piece is found by a query whose point lies within any distance of it; ≈ 4–8 B
 * per piece plus 4 B per bucket (at most ≈ 4 buckets per piece).
 */
export function buildSegmentGrid(edges: StreetEdges): SegmentGrid {
  const shapes = edges.shapeStart[edges.count]
  let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity
  for (let i = 0; i < shapes; i++) {
    const x = edges.shapeLng[i], y = edges.shapeLat[i]
    if (x < minLng) minLng = x
    if (x > maxLng) maxLng = x
    if (y < minLat) minLat = y
    if (y > maxLat) maxLat = y
  }
  const shapeEdge = new Int32Array(shapes)
  for (let e = 0; e < edges.count; e++) shapeEdge.fill(e, edges.shapeStart[e], edges.shapeStart[e + 1])
  if (shapes === 0) {
    return { minLng: 0, minLat: 0, cellLng: 1, cellLat: 1, cols: 1, rows: 1, bucketStart: new Int32Array(2), piece: new Int32Array(0), shapeEdge }
  }
  const pieces = shapes - edges.count
  // Longitude buckets at least BUCKET_M wide everywhere in the extent (cosine farthest from the equator).
  const cosMin = Math.max(1e-6, Math.min(cosLatitude(minLat), cosLatitude(maxLat)))
  let sizeM = BUCKET_M
  let cols = 0, rows = 0
  for (;;) {
    cols = Math.floor(((maxLng - minLng) * METRES_PER_DEGREE * cosMin) / sizeM) + 1
    rows = Math.floor(((maxLat - minLat) * METRES_PER_DEGREE) / sizeM) + 1
    if (cols * rows <= Math.max(1024, 4 * pieces)) break
    sizeM *= 2
  }
  const cellLat = sizeM / METRES_PER_DEGREE
  const cellLng = sizeM / (METRES_PER_DEGREE * cosMin)
  const bucketStart = new Int32Array(cols * rows + 1)
  const forBuckets = (p: number, visit: (b: number) => void) => {
    const x0 = Math.min(edges.shapeLng[p], edges.shapeLng[p + 1]), x1 = Math.max(edges.shapeLng[p], edges.shapeLng[p + 1])
    const y0 = Math.min(edges.shapeLat[p], edges.shapeLat[p + 1]), y1 = Math.max(edges.shapeLat[p], edges.shapeLat[p + 1])
    const c0 = Math.min(cols - 1, Math.floor((x0 - minLng) / cellLng)), c1 = Math.min(cols - 1, Math.floor((x1 - minLng) / cellLng))
    const r0 = Math.min(rows - 1, Math.floor((y0 - minLat) / cellLat)), r1 = Math.min(rows - 1, Math.floor((y1 - minLat) / cellLat))
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * cols + c)
  }
  for (let e = 0; e < edges.count; e++) {
    for (let p = edges.shapeStart[e]; p < edges.shapeStart[e + 1] - 1; p++) forBuckets(p, (b) => bucketStart[b + 1]++)
  }
  for (let b = 0; b < cols * rows; b++) bucketStart[b + 1] += bucketStart[b]
  const piece = new Int32Array(bucketStart[cols * rows])
  const fill = bucketStart.slice(0, cols * rows)
  for (let e = 0; e < edges.count; e++) {
    for (let p = edges.shapeStart[e]; p < edges.shapeStart[e + 1] - 1; p++) forBuckets(p, (b) => (piece[fill[b]++] = p))
  }
  return { minLng, minLat, cellLng, cellLat, cols, rows, bucketStart, piece, shapeEdge }
}

/** Bytes of the edges, their shapes and the segment grid. */
export function segmentIndexBytes(edges: StreetEdges, grid: SegmentGrid): number {
  return edges.u.byteLength + edges.v.byteLength + edges.costMm.byteLength + edges.dir.byteLength + edges.shapeStart.byteLength +
    edges.shapeLng.byteLength + edges.shapeLat.byteLength + edges.shapeAlongM.byteLength +
    grid.bucketStart.byteLength + grid.piece.byteLength + grid.shapeEdge.byteLength
}

/** The answer of `nearestOnSegments`: edge (−1 = none within the limit), distance and position. */
export interface SegmentHit {
  edge: number
  /** Straight leg from the point to the nearest point of the edge, metres. */
  distM: number
  /** Fraction of the edge's polyline length from u to the snapped point, [0, 1]. */
  fraction: number
}

/**
 * Nearest point on any edge to (lng, lat) within maxDistM (inclusive).
 * @example nearestOnSegments(net.edges, net.segmentGrid, 121.55, 29.87, 500, hit) // hit.edge, hit.distM, hit.fraction
 * Contract: lng/lat degrees; the minimum over all pieces of the planar distance at the point's
 * latitude; equal distances go to the lower piece (shape) index; hit.edge = −1 when nothing is
 * within maxDistM. Writes `out`, allocates nothing.
 */
export function nearestOnSegments(edges: StreetEdges, grid: SegmentGrid, lng: number, lat: number, maxDistM: number, out: SegmentHit): void {
  out.edge = -1
  out.distM = Infinity
  out.fraction = 0
  if (grid.piece.length === 0) return
  const kx = METRES_PER_DEGREE * cosLatitude(lat)
  const ky = METRES_PER_DEGREE
  const { cols, rows, bucketStart, piece } = grid
  const sx = edges.shapeLng, sy = edges.shapeLat
  const bx = Math.floor((lng - grid.minLng) / grid.cellLng)
  const by = Math.floor((lat - grid.minLat) / grid.cellLat)
  // Everything in ring r + 1 is at least r bucket sides away.
  const side = Math.min(grid.cellLng * kx, grid.cellLat * ky)
  let best = Infinity
  let bestPiece = -1
  let bestT = 0
  for (let r = 0; ; r++) {
    if ((r - 1) * side > Math.min(best, maxDistM)) break
    const ylo = by - r, yhi = by + r
    for (let y = Math.max(0, ylo); y <= Math.min(rows - 1, yhi); y++) {
      const edgeRow = y === ylo || y === yhi
      const step = edgeRow ? 1 : 2 * r
      for (let x = bx - r; x <= bx + r; x += step > 0 ? step : 1) {
        if (x < 0 || x >= cols) continue
        const b = y * cols + x
        for (let q = bucketStart[b]; q < bucketStart[b + 1]; q++) {
          const p = piece[q]
          const ax = (sx[p] - lng) * kx, ay = (sy[p] - lat) * ky
          const dx = (sx[p + 1] - lng) * kx - ax, dy = (sy[p + 1] - lat) * ky - ay
          const len2 = dx * dx + dy * dy
          let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0
          if (t < 0) t = 0
          else if (t > 1) t = 1
          const px = ax + t * dx, py = ay + t * dy
          const d = Math.sqrt(px * px + py * py)
          if (d < best || (d === best && p < bestPiece)) {
            best = d
            bestPiece = p
            bestT = t
          }
        }
      }
    }
    if (r > cols + rows + Math.abs(bx) + Math.abs(by)) break
  }
  if (bestPiece < 0 || best > maxDistM) return
  const e = grid.shapeEdge[bestPiece]
  const along = edges.shapeAlongM
  const total = along[edges.shapeStart[e + 1] - 1]
  const at = along[bestPiece] + bestT * (along[bestPiece + 1] - along[bestPiece])
  out.edge = e
  out.distM = best
  out.fraction = total > 0 ? Math.min(1, at / total) : 0
}
