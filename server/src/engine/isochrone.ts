/**
 * Isochrones from a point: the H3 resolution-10 cells reachable within each band (5/10/15
 * minutes…), merged into (Multi)Polygons, with the population and area inside. Bands are
 * cumulative: the 10-minute band contains the 5-minute one. Times follow API.md: the point and
 * each cell centroid snap onto the nearest segment (legs at the access speed, along-segment parts,
 * one-way streets in the direction of travel: from the origin outwards); where either is off the
 * network, straight line × detour factor.
 */
import type { MultiPolygon } from 'geojson'
import { cellArea, cellToLatLng, cellsToMultiPolygon, gridDisk, latLngToCell } from 'h3-js'
import { boundedSearch, resetTouchedLabels } from './dijkstra'
import { cosLatitude, distanceLimitMm, distanceWithCosM, metresToMinutes } from './geo'
import { type PointSeeds, type SnappedPoint, directMm, pointSeeds, snapToSegment } from './snap'
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
  const from: SnappedPoint = { edge: -1, posMm: 0, accessMm: 0, legM: Infinity }
  snapToSegment(network, lng, lat, ctx.maxSnapDistanceM, ctx.legFactor, from)
  const seeds: PointSeeds = { node: -1, mm: 0, node2: -1, mm2: 0 }
  const scratch = from.edge >= 0 && network ? ctx.scratch : null
  if (scratch && network) {
    pointSeeds(network, from.edge, from.posMm, from.accessMm, true, seeds)
    boundedSearch(network.graph, scratch, seeds.node, seeds.mm, limitMm, seeds.node2, seeds.mm2)
  }
  const to: SnappedPoint = { edge: -1, posMm: 0, accessMm: 0, legM: Infinity }
  const dist = scratch ? scratch.labels.dist : null

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
    if (scratch && network && dist) snapToSegment(network, x, y, ctx.maxSnapDistanceM, ctx.legFactor, to)
    else to.edge = -1
    if (scratch && network && dist && to.edge >= 0) {
      // Entered like a facility (network → cell); the origin's own segment also directly.
      pointSeeds(network, to.edge, to.posMm, to.accessMm, false, seeds)
      mm = dist[seeds.node] + seeds.mm
      if (seeds.node2 >= 0) mm = Math.min(mm, dist[seeds.node2] + seeds.mm2)
      if (to.edge === from.edge) {
        const along = directMm(network, to.edge, from.posMm, to.posMm)
        if (along >= 0) mm = Math.min(mm, from.accessMm + along + to.accessMm)
      }
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
