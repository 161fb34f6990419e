/**
 * H3 helpers for the cell grid (resolution 10, API.md): centroids, an index by h3 string and
 * cell areas. h3-js calls cost ~1 µs each, so these run once per cell set, never in hot loops.
 */
import { cellArea, cellToLatLng } from 'h3-js'

/**
 * Centroids of H3 cells as typed arrays.
 * @example cellCentroids(['8a309a6a3597fff']) // { lng: [121.55…], lat: [29.87…] }
 * Contract: valid H3 strings; returns WGS84 degrees in input order.
 */
export function cellCentroids(h3: readonly string[]): { lng: Float64Array; lat: Float64Array } {
  const lng = new Float64Array(h3.length)
  const lat = new Float64Array(h3.length)
  for (let i = 0; i < h3.length; i++) {
    const [y, x] = cellToLatLng(h3[i])
    lng[i] = x
    lat[i] = y
  }
  return { lng, lat }
}

/**
 * Map from h3 string to cell index.
 * @example indexCells(['8a…', '8b…']).get('8b…') // 1
 * Contract: later duplicates do not overwrite the first index.
 */
export function indexCells(h3: readonly string[]): Map<string, number> {
  const index = new Map<string, number>()
  for (let i = 0; i < h3.length; i++) if (!index.has(h3[i])) index.set(h3[i], i)
  return index
}

/**
 * Total area of a set of cells in km².
 * @example cellsAreaKm2(['8a309a6a3597fff']) // ≈ 0.0150
 * Contract: exact spherical cell areas (h3 cellArea), summed.
 */
export function cellsAreaKm2(h3: readonly string[]): number {
  let total = 0
  for (const h of h3) total += cellArea(h, 'km2')
  return total
}
