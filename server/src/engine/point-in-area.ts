/**
 * Which area contains each point (API.md: "a cell belongs to the area that contains its
 * centroid"). Areas are planar (Multi)Polygons in degrees. Each area's edges are bucketed into
 * horizontal bands, so a point is tested against the few edges of its band instead of every vertex:
 * O(points × edges per band) instead of O(points × vertices).
 */
import type { MultiPolygon, Polygon } from 'geojson'

interface BandedArea {
  minX: number
  minY: number
  maxX: number
  maxY: number
  bandHeight: number
  /** Edges of band b: edgeStart[b] … edgeStart[b + 1] − 1, as x1 y1 x2 y2 in `edges`. */
  edgeStart: Int32Array
  edges: Float64Array
}

function band(area: MultiPolygon | Polygon): BandedArea {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  let edgeCount = 0
  for (const rings of polygons) for (const ring of rings) {
    edgeCount += ring.length
    for (const [x, y] of ring) {
      if (x < minX) minX = x
      if (x > maxX) maxX = x
      if (y < minY) minY = y
      if (y > maxY) maxY = y
    }
  }
  const bands = Math.max(1, Math.min(4096, Math.ceil(Math.sqrt(edgeCount) * 2)))
  const bandHeight = (maxY - minY) / bands || 1
  const bandOf = (y: number) => Math.min(bands - 1, Math.max(0, Math.floor((y - minY) / bandHeight)))
  const counts = new Int32Array(bands + 1)
  const each = (fn: (x1: number, y1: number, x2: number, y2: number, b0: number, b1: number) => void) => {
    for (const rings of polygons) for (const ring of rings) {
      for (let k = 0; k < ring.length; k++) {
        const [x1, y1] = ring[k]
        const [x2, y2] = ring[(k + 1) % ring.length]
        if (y1 === y2) continue // horizontal edges never cross a horizontal ray
        fn(x1, y1, x2, y2, bandOf(Math.min(y1, y2)), bandOf(Math.max(y1, y2)))
      }
    }
  }
  each((_x1, _y1, _x2, _y2, b0, b1) => { for (let b = b0; b <= b1; b++) counts[b + 1]++ })
  for (let b = 0; b < bands; b++) counts[b + 1] += counts[b]
  const edges = new Float64Array(counts[bands] * 4)
  const fill = counts.slice(0, bands)
  each((x1, y1, x2, y2, b0, b1) => {
    for (let b = b0; b <= b1; b++) {
      const o = fill[b]++ * 4
      edges[o] = x1; edges[o + 1] = y1; edges[o + 2] = x2; edges[o + 3] = y2
    }
  })
  return { minX, minY, maxX, maxY, bandHeight, edgeStart: counts, edges }
}

/** Even-odd ray casting against the edges of the point's band (holes and multipolygons alike). */
function contains(a: BandedArea, x: number, y: number): boolean {
  if (x < a.minX || x > a.maxX || y < a.minY || y > a.maxY) return false
  const bands = a.edgeStart.length - 1
  const b = Math.min(bands - 1, Math.max(0, Math.floor((y - a.minY) / a.bandHeight)))
  const e = a.edges
  let inside = false
  for (let k = a.edgeStart[b] * 4, end = a.edgeStart[b + 1] * 4; k < end; k += 4) {
    const y1 = e[k + 1], y2 = e[k + 3]
    if ((y1 > y) !== (y2 > y)) {
      const xCross = e[k] + ((y - y1) / (y2 - y1)) * (e[k + 2] - e[k])
      if (x < xCross) inside = !inside
    }
  }
  return inside
}

/**
 * For each point, the index of the first area that contains it, or −1.
 * @example assignPointsToAreas(Float64Array.of(0.5, 5), Float64Array.of(0.5, 5), [unitSquare]) // [0, -1]
 * Contract: coordinates in degrees, planar even-odd rule (a point in a hole is outside); a point
 * exactly on an edge may fall either side; overlapping areas: the lower index wins; O(areas ×
 * vertices) to prepare, then O(points × candidate areas × edges per band).
 */
export function assignPointsToAreas(lng: Float64Array, lat: Float64Array, areas: readonly (MultiPolygon | Polygon)[]): Int32Array {
  const banded = areas.map(band)
  const out = new Int32Array(lng.length).fill(-1)
  for (let i = 0; i < lng.length; i++) {
    const x = lng[i], y = lat[i]
    for (let k = 0; k < banded.length; k++) {
      if (contains(banded[k], x, y)) {
        out[i] = k
        break
      }
    }
  }
  return out
}
