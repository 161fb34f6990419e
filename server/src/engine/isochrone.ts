/**
 * Isochrones from a point: the H3 resolution-10 cells reachable within each band (5/10/15
 * minutes…), merged into (Multi)Polygons, with the population and area inside. Bands are
 * cumulative: the 10-minute band contains the 5-minute one. Times follow API.md: the point and
 * each cell centroid snap to the network (legs at the same speed); where either is off the
 * network, straight line × detour factor.
 */
import type { MultiPolygon } from 'geojson'
import { cellArea, cellToLatLng, cellsToMultiPolygon, gridDisk, latLngToCell } from 'h3-js'
import { boundedSearch, resetTouchedLabels } from './dijkstra'
import { cosLatitude, distanceLimitMm, distanceWithCosM, metresToMinutes } from './geo'
import { snapPoint } from './snap'
import type { TravelContext } from './travel-context'
import { type TravelMethod, straightLineMm } from './travel-time'

/** H3 resolution of the cell grid. */
export const CELL_RESOLUTION = 10
/** Lower bound of the distance between neighbouring resolution-10 centroids, metres. */
const MIN_CENTROID_SPACING_M = 100

export interface IsochroneBand {
  minutes: number
  /** Reached cells (h3), population and area inside the band. */
  cells: string[]
  population: number
  areaKm2: number
  geometry: MultiPolygon
}

export interface IsochroneOptions {
  /** Band limits in minutes, e.g. [5, 10, 15]. */
  bandsMinutes: readonly number[]
  speedKmh: number
  /** Population of a cell by h3 (0 or undefined for cells without data). */
  populationOf?: (h3: string) => number | undefined
}

/**
 * Isochrone bands around (lng, lat), travelling outwards from the point.
 * @example isochroneBands(ctx, 121.55, 29.87, { bandsMinutes: [5, 10, 15], speedKmh: 4 })
 * Contract: bands in minutes > 0, returned ascending; a cell is in a band iff its time ≤ the
 * band; areaKm2 = Σ cell areas; population = Σ populationOf over the band's cells; one bounded
 * search plus O(cells in reach) h3 calls.
 */
export function isochroneBands(ctx: TravelContext, lng: number, lat: number, options: IsochroneOptions): { method: TravelMethod; bands: IsochroneBand[] } {
  const { speedKmh } = options
  const bands = [...options.bandsMinutes].sort((a, b) => a - b)
  if (bands.length === 0 || !(bands[0] > 0) || !(speedKmh > 0)) throw new RangeError('bands must be > 0 minutes and speedKmh > 0')
  const limitMm = distanceLimitMm(bands[bands.length - 1], speedKmh)
  const network = ctx.network
  const detour = ctx.detourFactor
  const [origin, originLegM] = snapPoint(network, lng, lat, ctx.maxSnapDistanceM)
  const scratch = origin >= 0 && network ? ctx.scratch : null
  if (scratch && network) boundedSearch(network.graph, scratch, origin, Math.round(originLegM * 1000), limitMm)

  // Every cell within the limit lies within this straight-line radius (streets are never
  // shorter than the straight line, and the detour factor is ≥ 1).
  const disk = gridDisk(latLngToCell(lat, lng, CELL_RESOLUTION), Math.ceil(limitMm / 1000 / MIN_CENTROID_SPACING_M) + 1)
  const cosOrigin = cosLatitude(lat)
  const reached: { h3: string; minutes: number }[] = []
  let byNetwork = 0
  let byStraightLine = 0
  for (const h3 of disk) {
    const [y, x] = cellToLatLng(h3)
    let mm = Infinity
    let viaNetwork = false
    const [node, legM] = scratch ? snapPoint(network, x, y, ctx.maxSnapDistanceM) : [-1, Infinity]
    if (scratch && node >= 0) {
      mm = scratch.labels.dist[node] + Math.round(legM * 1000)
      viaNetwork = true
    } else {
      mm = straightLineMm(distanceWithCosM(lng, lat, cosOrigin, x, y, cosLatitude(y)), detour)
    }
    if (mm > limitMm) continue
    reached.push({ h3, minutes: metresToMinutes(mm / 1000, speedKmh) })
    if (viaNetwork) byNetwork++
    else byStraightLine++
  }
  if (scratch) resetTouchedLabels(scratch)

  const result: IsochroneBand[] = bands.map((minutes) => {
    const cells = reached.filter((c) => c.minutes <= minutes).map((c) => c.h3)
    let population = 0
    let areaKm2 = 0
    for (const h of cells) {
      population += options.populationOf?.(h) ?? 0
      areaKm2 += cellArea(h, 'km2')
    }
    return { minutes, cells, population, areaKm2, geometry: { type: 'MultiPolygon', coordinates: cells.length > 0 ? cellsToMultiPolygon(cells, true) : [] } }
  })
  const method: TravelMethod = byStraightLine === 0 ? (network ? 'network' : 'straight-line') : byNetwork === 0 ? 'straight-line' : 'mixed'
  return { method, bands: result }
}
