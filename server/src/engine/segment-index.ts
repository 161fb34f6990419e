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
import type { GridFrame } from './point-grid'

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
}

export interface SegmentGrid extends GridFrame {
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
  }
  b.shapes += n
  e.shapeStart[k + 1] = b.shapes
}

function grow(b: EdgeBuilder, need: number): void {
  const e = b.edges
  const cap = Math.max(need, e.shapeLng.length * 2)
  const lng = new Float64Array(cap); lng.set(e.shapeLng); e.shapeLng = lng
  const lat = new Float64Array(cap); lat.set(e.shapeLat); e.shapeLat = lat
}

/** The collected edges with their shape arrays trimmed to size. */
export function finishEdges(b: EdgeBuilder): StreetEdges {
  const e = b.edges
  const n = b.shapes
  return { ...e, shapeLng: e.shapeLng.slice(0, n), shapeLat: e.shapeLat.slice(0, n) }
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
  const sx = edges.shapeLng, sy = edges.shapeLat
  let piece = new Int32Array(0)
  let fill = bucketStart
  // Two passes over the pieces' bounding boxes: count per bucket, then fill (CSR).
  for (let pass = 0; pass < 2; pass++) {
    for (let e = 0; e < edges.count; e++) {
      const last = edges.shapeStart[e + 1] - 1
      for (let p = edges.shapeStart[e]; p < last; p++) {
        const xa = sx[p], xb = sx[p + 1], ya = sy[p], yb = sy[p + 1]
        let c0 = Math.floor(((xa < xb ? xa : xb) - minLng) / cellLng), c1 = Math.floor(((xa < xb ? xb : xa) - minLng) / cellLng)
        let r0 = Math.floor(((ya < yb ? ya : yb) - minLat) / cellLat), r1 = Math.floor(((ya < yb ? yb : ya) - minLat) / cellLat)
        if (c1 >= cols) c1 = cols - 1
        if (c0 >= cols) c0 = cols - 1
        if (r1 >= rows) r1 = rows - 1
        if (r0 >= rows) r0 = rows - 1
        for (let r = r0; r <= r1; r++) {
          for (let c = c0; c <= c1; c++) {
            if (pass === 0) bucketStart[r * cols + c + 1]++
            else piece[fill[r * cols + c]++] = p
          }
        }
      }
    }
    if (pass === 0) {
      for (let b = 0; b < cols * rows; b++) bucketStart[b + 1] += bucketStart[b]
      piece = new Int32Array(bucketStart[cols * rows])
      fill = bucketStart.slice(0, cols * rows)
    }
  }
  return { minLng, minLat, cellLng, cellLat, cols, rows, bucketStart, piece, shapeEdge }
}

/** Bytes of the edges, their shapes and the segment grid. */
export function segmentIndexBytes(edges: StreetEdges, grid: SegmentGrid): number {
  return edges.u.byteLength + edges.v.byteLength + edges.costMm.byteLength + edges.dir.byteLength + edges.shapeStart.byteLength +
    edges.shapeLng.byteLength + edges.shapeLat.byteLength +
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
  const fx = (lng - grid.minLng) / grid.cellLng
  const fy = (lat - grid.minLat) / grid.cellLat
  const bx = Math.floor(fx)
  const by = Math.floor(fy)
  // Ring r ≥ 1 (buckets r steps from the point's own) is no nearer than the point's distance to
  // its own bucket's nearest side plus r − 1 bucket sides.
  const sideX = grid.cellLng * kx, sideY = grid.cellLat * ky
  const ox = fx - bx, oy = fy - by
  const edgeGap = Math.min(ox * sideX, (1 - ox) * sideX, oy * sideY, (1 - oy) * sideY)
  const side = Math.min(sideX, sideY)
  const limit2 = maxDistM * maxDistM
  let best2 = Infinity
  let bestPiece = -1
  let bestT = 0
  for (let r = 0; ; r++) {
    if (r > 0) {
      const gap = edgeGap + (r - 1) * side
      const g2 = gap * gap
      if (g2 > best2 || g2 > limit2) break
    }
    const ylo = by - r, yhi = by + r
    const y0 = ylo < 0 ? 0 : ylo, y1 = yhi >= rows ? rows - 1 : yhi
    for (let y = y0; y <= y1; y++) {
      const step = y === ylo || y === yhi || r === 0 ? 1 : 2 * r
      const gy = y > by ? (y - fy) * sideY : y < by ? (fy - y - 1) * sideY : 0
      for (let x = bx - r; x <= bx + r; x += step) {
        if (x < 0 || x >= cols) continue
        // Skip a bucket no nearer than the best so far (or the limit).
        const gx = x > bx ? (x - fx) * sideX : x < bx ? (fx - x - 1) * sideX : 0
        const g2 = gx * gx + gy * gy
        if (g2 > best2 || g2 > limit2) continue
        const b = y * cols + x
        const end = bucketStart[b + 1]
        for (let q = bucketStart[b]; q < end; q++) {
          const p = piece[q]
          const ax = (sx[p] - lng) * kx, ay = (sy[p] - lat) * ky
          const dx = (sx[p + 1] - lng) * kx - ax, dy = (sy[p + 1] - lat) * ky - ay
          const len2 = dx * dx + dy * dy
          let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0
          if (t < 0) t = 0
          else if (t > 1) t = 1
          const px = ax + t * dx, py = ay + t * dy
          const d2 = px * px + py * py
          if (d2 < best2 || (d2 === best2 && p < bestPiece)) {
            best2 = d2
            bestPiece = p
            bestT = t
          }
        }
      }
    }
    if (r > cols + rows + Math.abs(bx) + Math.abs(by)) break
  }
  const best = Math.sqrt(best2)
  if (bestPiece < 0 || best > maxDistM) return
  // Position along the polyline: piece lengths (distanceM) summed for the winning edge only.
  const e = grid.shapeEdge[bestPiece]
  let total = 0
  let at = 0
  for (let q = edges.shapeStart[e]; q < edges.shapeStart[e + 1] - 1; q++) {
    const len = distanceM(sx[q], sy[q], sx[q + 1], sy[q + 1])
    if (q < bestPiece) at += len
    else if (q === bestPiece) at += bestT * len
    total += len
  }
  out.edge = e
  out.distM = best
  out.fraction = total > 0 ? Math.min(1, at / total) : 0
}
