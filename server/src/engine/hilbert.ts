/**
 * Hilbert-curve ordering of points, so that nodes close on the map are close in memory and a
 * Dijkstra wave touches few cache lines.
 */

/**
 * Position of grid cell (x, y) along a Hilbert curve filling a 2^order × 2^order square.
 * @example hilbertIndex(1, 0, 1) // 3  (the order-1 curve visits (0,0) (0,1) (1,1) (1,0))
 * Contract: order in [1, 16], x and y integers in [0, 2^order); returns an integer in [0, 4^order),
 * a bijection between cells and positions; consecutive positions are edge-adjacent cells.
 */
export function hilbertIndex(x: number, y: number, order: number): number {
  let d = 0
  for (let s = 1 << (order - 1); s > 0; s >>>= 1) {
    const rx = (x & s) > 0 ? 1 : 0
    const ry = (y & s) > 0 ? 1 : 0
    d += s * s * ((3 * rx) ^ ry)
    // Rotate the quadrant so the sub-curve is oriented like the whole.
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x
        y = s - 1 - y
      }
      const t = x
      x = y
      y = t
    }
    x &= s - 1
    y &= s - 1
  }
  return d
}

/**
 * A permutation listing points in Hilbert order of their coordinates (ties by input position).
 * @example hilbertOrder(Float64Array.of(0, 1), Float64Array.of(0, 0)) // Int32Array [0, 1]
 * Contract: lng/lat in degrees, same length n; returns Int32Array of length n, a permutation of
 * 0..n-1 where result[k] is the input point placed k-th. Deterministic.
 */
export function hilbertOrder(lng: Float64Array, lat: Float64Array): Int32Array {
  const n = lng.length
  const order = new Int32Array(n)
  if (n === 0) return order
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (let i = 0; i < n; i++) {
    if (lng[i] < minX) minX = lng[i]
    if (lng[i] > maxX) maxX = lng[i]
    if (lat[i] < minY) minY = lat[i]
    if (lat[i] > maxY) maxY = lat[i]
  }
  // Pack (curve position, input index) into one exactly representable double (< 2^53) so a plain
  // numeric typed-array sort does the work: index bits first, the curve gets what is left.
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)))
  const curveOrder = Math.max(1, Math.min(16, Math.floor((53 - indexBits) / 2)))
  const side = 2 ** curveOrder
  const sx = maxX > minX ? (side - 1) / (maxX - minX) : 0
  const sy = maxY > minY ? (side - 1) / (maxY - minY) : 0
  const keys = new Float64Array(n)
  const indexScale = 2 ** indexBits
  for (let i = 0; i < n; i++) {
    const hx = Math.floor((lng[i] - minX) * sx)
    const hy = Math.floor((lat[i] - minY) * sy)
    keys[i] = hilbertIndex(hx, hy, curveOrder) * indexScale + i
  }
  keys.sort()
  for (let k = 0; k < n; k++) order[k] = keys[k] % indexScale
  return order
}
