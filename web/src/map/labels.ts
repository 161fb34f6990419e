import type { Feature, FeatureCollection, MultiPolygon, Point, Position } from 'geojson'

/**
 * Where to write an area's name: a point inside its largest polygon, preferring the area's seat
 * (`seat` attribute, e.g. a township government) when it lies inside, then the polygon's centroid
 * when inside, else the middle of the widest horizontal run through the centroid's latitude.
 */
export function labelPoints<P extends object>(areas: FeatureCollection<MultiPolygon, P>): FeatureCollection<Point, P> {
  const features: Feature<Point, P>[] = []
  for (const f of areas.features) {
    if (!f.geometry) continue
    const polys = f.geometry.coordinates
    let best = polys[0]
    let bestArea = -1
    for (const p of polys) {
      const a = Math.abs(ringArea(p[0]))
      if (a > bestArea) [best, bestArea] = [p, a]
    }
    if (!best) continue
    const seatProp = (f.properties as { seat?: unknown }).seat
    const seat = Array.isArray(seatProp) && seatProp.length === 2 ? (seatProp as Position) : null
    let at: Position
    if (seat && inPolygon(seat, best)) at = seat
    else {
      const c = centroid(best[0])
      at = inPolygon(c, best) ? c : widestRun(best, c[1]) ?? c
    }
    features.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'Point', coordinates: at } })
  }
  return { type: 'FeatureCollection', features }
}

function ringArea(r: Position[]): number {
  let a = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
  return a / 2
}

function centroid(r: Position[]): Position {
  let a = 0
  let x = 0
  let y = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = r[j][0] * r[i][1] - r[i][0] * r[j][1]
    a += f
    x += (r[j][0] + r[i][0]) * f
    y += (r[j][1] + r[i][1]) * f
  }
  return a === 0 ? r[0] : [x / (3 * a), y / (3 * a)]
}

function inRing(p: Position, r: Position[]): boolean {
  let inside = false
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    if (r[i][1] > p[1] !== r[j][1] > p[1] && p[0] < ((r[j][0] - r[i][0]) * (p[1] - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]) inside = !inside
  }
  return inside
}

function inPolygon(p: Position, poly: Position[][]): boolean {
  return inRing(p, poly[0]) && !poly.slice(1).some((hole) => inRing(p, hole))
}

/** Middle of the widest inside run along latitude `lat` (null when the line misses the polygon). */
function widestRun(poly: Position[][], lat: number): Position | null {
  const xs: number[] = []
  for (const r of poly) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      if (r[i][1] > lat !== r[j][1] > lat) xs.push(((r[j][0] - r[i][0]) * (lat - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0])
    }
  }
  xs.sort((a, b) => a - b)
  let best: Position | null = null
  let width = -1
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (xs[k + 1] - xs[k] > width) [width, best] = [xs[k + 1] - xs[k], [(xs[k] + xs[k + 1]) / 2, lat]]
  }
  return best
}

/** [west, south, east, north] of a (Multi)Polygon's outer rings, in degrees (for fitBounds). */
export function outerBounds(geometry: { coordinates: Position[][][] } | null): [number, number, number, number] {
  let w = 180, s = 90, e = -180, n = -90
  for (const poly of geometry?.coordinates ?? []) for (const [x, y] of poly[0]) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y) }
  return [w, s, e, n]
}
