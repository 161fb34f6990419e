/**
 * Plain-array geometry helpers for the demo build: GCJ-02 → WGS84 conversion, a topology-preserving
 * simplification (shared borders are split into arcs at junctions and every arc is simplified once,
 * so neighbouring districts keep identical borders: no gaps, no overlaps), fast point-in-polygon,
 * and small-distance maths in a local equirectangular frame (exact enough at city scale).
 */
import gcoord from 'gcoord'

export type LngLat = [number, number]
/** A ring without the repeated closing vertex. */
export type Ring = LngLat[]
/** Outer ring first, then holes. */
export type Poly = Ring[]
export type MultiPoly = Poly[]

export const EARTH_RADIUS_M = 6_371_008.8
const DEG = Math.PI / 180
/** Reference latitude of the local frame (Ningbo). */
export const LAT0 = 29.85
export const M_PER_DEG_LAT = EARTH_RADIUS_M * DEG
export const M_PER_DEG_LNG = EARTH_RADIUS_M * DEG * Math.cos(LAT0 * DEG)

export function gcj02ToWgs84(p: LngLat): LngLat {
  const [lng, lat] = gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as [number, number]
  return [lng, lat]
}

/** Haversine distance in metres. */
export function haversineM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * DEG
  const dLng = (b[0] - a[0]) * DEG
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Local planar distance in metres (equirectangular at the points' mean latitude). */
export function localDistM(a: LngLat, b: LngLat): number {
  const k = Math.cos(((a[1] + b[1]) / 2) * DEG)
  const dx = (b[0] - a[0]) * k * M_PER_DEG_LAT
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT
  return Math.hypot(dx, dy)
}

/** Distance in metres from p to the segment ab (local frame). */
export function pointSegmentDistM(p: LngLat, a: LngLat, b: LngLat): number {
  const k = Math.cos(p[1] * DEG) * M_PER_DEG_LAT
  const ax = (a[0] - p[0]) * k, ay = (a[1] - p[1]) * M_PER_DEG_LAT
  const bx = (b[0] - p[0]) * k, by = (b[1] - p[1]) * M_PER_DEG_LAT
  const dx = bx - ax, dy = by - ay
  const len2 = dx * dx + dy * dy
  let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0
  t = Math.max(0, Math.min(1, t))
  return Math.hypot(ax + t * dx, ay + t * dy)
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/** Removes consecutive duplicates and the closing vertex. */
export function cleanRing(coords: number[][]): Ring {
  const out: Ring = []
  for (const c of coords) {
    const p: LngLat = [c[0], c[1]]
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop()
  return out
}

export function geometryToMultiPoly(g: { type: string; coordinates: unknown }): MultiPoly {
  const polys = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as number[][][][]
  return polys.map((p) => p.map(cleanRing).filter((r) => r.length >= 3)).filter((p) => p.length > 0)
}

export function closeRing(r: Ring): number[][] {
  return [...r.map((p) => [p[0], p[1]]), [r[0][0], r[0][1]]]
}

/** Signed planar area in degree² (positive = counter-clockwise). */
export function ringSignedArea(r: Ring): number {
  let s = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return s / 2
}

/** GeoJSON geometry (RFC 7946 winding: outer counter-clockwise, holes clockwise), coordinates rounded. */
export function toGeoJsonGeometry(mp: MultiPoly): { type: 'MultiPolygon'; coordinates: number[][][][] } {
  return {
    type: 'MultiPolygon',
    coordinates: mp.map((poly) =>
      poly.map((ring, i) => {
        const r = ring.map((p) => [round6(p[0]), round6(p[1])] as LngLat)
        const ccw = ringSignedArea(r) > 0
        if ((i === 0) !== ccw) r.reverse()
        return closeRing(r)
      }),
    ),
  }
}

// ---------------------------------------------------------------------------------------------
// Point in polygon

export interface IndexedPoly {
  bbox: [number, number, number, number]
  rings: Float64Array[][] // per polygon: rings as flat [x0,y0,x1,y1,…]
  ringBoxes: [number, number, number, number][][]
}

export function indexPoly(mp: MultiPoly): IndexedPoly {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  const rings: Float64Array[][] = []
  const ringBoxes: [number, number, number, number][][] = []
  for (const poly of mp) {
    const pr: Float64Array[] = []
    const pb: [number, number, number, number][] = []
    for (const ring of poly) {
      const a = new Float64Array(ring.length * 2)
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
      ring.forEach((p, i) => {
        a[2 * i] = p[0]; a[2 * i + 1] = p[1]
        x0 = Math.min(x0, p[0]); y0 = Math.min(y0, p[1]); x1 = Math.max(x1, p[0]); y1 = Math.max(y1, p[1])
      })
      pr.push(a)
      pb.push([x0, y0, x1, y1])
      minX = Math.min(minX, x0); minY = Math.min(minY, y0); maxX = Math.max(maxX, x1); maxY = Math.max(maxY, y1)
    }
    rings.push(pr)
    ringBoxes.push(pb)
  }
  return { bbox: [minX, minY, maxX, maxY], rings, ringBoxes }
}

function inRing(a: Float64Array, x: number, y: number): boolean {
  let inside = false
  const n = a.length / 2
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = a[2 * i], yi = a[2 * i + 1], xj = a[2 * j], yj = a[2 * j + 1]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Even-odd point-in-polygon (planar lng/lat, as PostGIS ST_Contains on geometry). */
export function pointInPoly(ip: IndexedPoly, x: number, y: number): boolean {
  const b = ip.bbox
  if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) return false
  for (let p = 0; p < ip.rings.length; p++) {
    const ob = ip.ringBoxes[p][0]
    if (x < ob[0] || x > ob[2] || y < ob[1] || y > ob[3]) continue
    if (!inRing(ip.rings[p][0], x, y)) continue
    let inHole = false
    for (let h = 1; h < ip.rings[p].length; h++) {
      const hb = ip.ringBoxes[p][h]
      if (x < hb[0] || x > hb[2] || y < hb[1] || y > hb[3]) continue
      if (inRing(ip.rings[p][h], x, y)) { inHole = true; break }
    }
    if (!inHole) return true
  }
  return false
}

// ---------------------------------------------------------------------------------------------
// Topology-preserving simplification

const keyOf = (p: LngLat): string => `${p[0]},${p[1]}`

function cmpPt(a: LngLat, b: LngLat): number {
  return a[0] - b[0] || a[1] - b[1]
}

/** Douglas–Peucker on an open polyline in the local frame; keeps both ends. */
export function douglasPeucker(pts: LngLat[], tolM: number): LngLat[] {
  if (pts.length <= 2) return pts.slice()
  const keep = new Uint8Array(pts.length)
  keep[0] = 1
  keep[pts.length - 1] = 1
  const stack: [number, number][] = [[0, pts.length - 1]]
  while (stack.length) {
    const [s, e] = stack.pop()!
    let maxD = -1, idx = -1
    for (let i = s + 1; i < e; i++) {
      const d = pointSegmentDistM(pts[i], pts[s], pts[e])
      if (d > maxD) { maxD = d; idx = i }
    }
    if (idx >= 0 && maxD > tolM) {
      keep[idx] = 1
      stack.push([s, idx], [idx, e])
    }
  }
  return pts.filter((_, i) => keep[i] === 1)
}

function simplifyArc(arc: LngLat[], tolM: number): LngLat[] {
  const closed = arc.length > 2 && cmpPt(arc[0], arc[arc.length - 1]) === 0
  if (!closed) return douglasPeucker(arc, tolM)
  // A closed arc: split at the vertex farthest from the start so both halves keep their ends.
  let far = 1, maxD = -1
  for (let i = 1; i < arc.length - 1; i++) {
    const d = localDistM(arc[0], arc[i])
    if (d > maxD) { maxD = d; far = i }
  }
  const a = douglasPeucker(arc.slice(0, far + 1), tolM)
  const b = douglasPeucker(arc.slice(far), tolM)
  return [...a, ...b.slice(1)]
}

/**
 * Simplifies a set of multipolygons that share borders exactly (identical vertices), keeping the
 * shared borders identical. Rings that collapse (fewer than 3 distinct vertices) are dropped.
 */
export function simplifyTopology(shapes: MultiPoly[], tolM: number, keep: ReadonlySet<string> = new Set()): MultiPoly[] {
  const neighbours = new Map<string, Set<string>>()
  for (const mp of shapes)
    for (const poly of mp)
      for (const ring of poly)
        ring.forEach((p, i) => {
          const k = keyOf(p)
          let s = neighbours.get(k)
          if (!s) neighbours.set(k, (s = new Set()))
          s.add(keyOf(ring[(i + ring.length - 1) % ring.length]))
          s.add(keyOf(ring[(i + 1) % ring.length]))
        })
  const isJunction = (p: LngLat): boolean => keep.has(keyOf(p)) || (neighbours.get(keyOf(p))?.size ?? 0) > 2
  const cache = new Map<string, LngLat[]>()

  const simplifyCanonical = (arc: LngLat[]): LngLat[] => {
    // Canonical direction: the one whose first differing vertex is smaller.
    const rev = arc.slice().reverse()
    let flip = false
    for (let i = 0; i < arc.length; i++) {
      const c = cmpPt(arc[i], rev[i])
      if (c !== 0) { flip = c > 0; break }
    }
    const canon = flip ? rev : arc
    const key = canon.map(keyOf).join(';')
    let s = cache.get(key)
    if (!s) cache.set(key, (s = simplifyArc(canon, tolM)))
    return flip ? s.slice().reverse() : s
  }

  return shapes.map((mp) =>
    mp
      .map((poly) =>
        poly
          .map((ring) => {
            const junctions = ring.map((p, i) => (isJunction(p) ? i : -1)).filter((i) => i >= 0)
            let start: number
            if (junctions.length === 0) {
              start = 0
              for (let i = 1; i < ring.length; i++) if (cmpPt(ring[i], ring[start]) < 0) start = i
            } else start = junctions[0]
            const rot = [...ring.slice(start), ...ring.slice(0, start)]
            rot.push(rot[0])
            const cuts = [0]
            for (let i = 1; i < rot.length - 1; i++) if (isJunction(rot[i])) cuts.push(i)
            cuts.push(rot.length - 1)
            const out: LngLat[] = []
            for (let c = 0; c + 1 < cuts.length; c++) {
              const s = simplifyCanonical(rot.slice(cuts[c], cuts[c + 1] + 1))
              out.push(...(out.length ? s.slice(1) : s))
            }
            out.pop() // closing vertex
            return out
          }),
      )
      .filter((poly) => poly[0].length >= 3)
      .map((poly) => [poly[0], ...poly.slice(1).filter((r) => r.length >= 3)]),
  )
}

/** Planar segment intersection test (proper or touching, excluding shared endpoints). */
function segmentsCross(a: LngLat, b: LngLat, c: LngLat, d: LngLat): boolean {
  const o = (p: LngLat, q: LngLat, r: LngLat) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  const o1 = o(a, b, c), o2 = o(a, b, d), o3 = o(c, d, a), o4 = o(c, d, b)
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0
}

/** Proper crossings between the edges of all rings (shared, identical edges do not count): their locations. */
export function findCrossings(shapes: MultiPoly[]): LngLat[] {
  const edges: [LngLat, LngLat][] = []
  for (const mp of shapes) for (const poly of mp) for (const r of poly) r.forEach((p, i) => edges.push([p, r[(i + 1) % r.length]]))
  // Grid bucket the edges to avoid O(n²).
  const cell = 0.01
  const grid = new Map<string, number[]>()
  edges.forEach(([a, b], i) => {
    const x0 = Math.floor(Math.min(a[0], b[0]) / cell), x1 = Math.floor(Math.max(a[0], b[0]) / cell)
    const y0 = Math.floor(Math.min(a[1], b[1]) / cell), y1 = Math.floor(Math.max(a[1], b[1]) / cell)
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
      const k = `${x},${y}`
      let l = grid.get(k)
      if (!l) grid.set(k, (l = []))
      l.push(i)
    }
  })
  const found: LngLat[] = []
  const seen = new Set<number>()
  for (const list of grid.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const e = Math.min(list[i], list[j]), f = Math.max(list[i], list[j])
        const key = e * edges.length + f
        if (seen.has(key)) continue
        seen.add(key)
        if (segmentsCross(edges[e][0], edges[e][1], edges[f][0], edges[f][1])) found.push(edges[e][0])
      }
  return found
}

/**
 * Simplifies with `tolM`, rounds to 6 decimals, and where that makes edges cross, keeps every
 * original vertex within `guardM` of the crossing and simplifies again, until no edge crosses.
 */
export function simplifyTopologyValid(shapes: MultiPoly[], tolM: number, guardM = 300): { shapes: MultiPoly[]; guarded: number } {
  const keep = new Set<string>()
  const all: LngLat[] = shapes.flat(3)
  for (let round = 0; round < 20; round++) {
    const out = simplifyTopology(shapes, tolM, keep).map((mp) =>
      mp.map((poly) => poly.map((ring) => ring.map((p) => [round6(p[0]), round6(p[1])] as LngLat))),
    )
    const crossings = findCrossings(out)
    if (crossings.length === 0) return { shapes: out, guarded: keep.size }
    for (const c of crossings) for (const p of all) if (localDistM(p, c) <= guardM) keep.add(keyOf(p))
  }
  throw new Error('simplification kept producing crossing edges')
}
