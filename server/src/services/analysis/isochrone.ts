import { isochroneBands, modeTravelKey, resolveTravel, TravelSettingsError } from '../../engine'
import { forEachPointWithin } from '../../engine/point-grid'
import type { IsochroneQuery } from '../../contract/analysis'
import type { IsochroneResponse } from '../../contract/responses'
import { badRequest, limitExceeded } from '../../errors'
import type { Analysis } from '.'

/** The work one isochrone may ask for (README "Security and reliability"). */
export interface IsochroneLimits {
  /** ISOCHRONE_MAX_KM: largest reach, minutes × speed, kilometres. */
  maxKm: number
  /** ISOCHRONE_MAX_BANDS. */
  maxBands: number
  /** SEARCH_MAX_NODES: most street nodes the search may settle. */
  maxNodes: number
}

/**
 * `GET /api/isochrone`: bands (cumulative: the 10-minute band contains the 5-minute one) of the
 * res-10 cells reachable from a point, as polygons with the population and area inside.
 * The work is refused (422 `limit_exceeded`, naming the setting) before it starts when the reach
 * (the largest band × speed) exceeds ISOCHRONE_MAX_KM — the cells visited grow with its square —,
 * when there are more bands than ISOCHRONE_MAX_BANDS, or when more street nodes lie within the
 * reach than SEARCH_MAX_NODES (a node settled is within the reach: streets are never shorter
 * than the straight line).
 */
export async function isochrone(a: Analysis, q: IsochroneQuery, limits: IsochroneLimits): Promise<IsochroneResponse> {
  if (q.minutes.length > limits.maxBands) {
    throw limitExceeded('minutes', `${q.minutes.length} bands asked; at most ${limits.maxBands} per isochrone`, 'ISOCHRONE_MAX_BANDS')
  }
  const cat = await a.inputs.catalogue()
  const maxMinutes = q.minutes[q.minutes.length - 1]
  let travel
  try {
    travel = resolveTravel(cat.modes, maxMinutes, { mode: q.mode, speedKmh: q.speedKmh })
  } catch (e) {
    if (e instanceof TravelSettingsError) throw badRequest('invalid query parameters', e.problems, 'invalid_request')
    throw e
  }
  const reachKm = (maxMinutes / 60) * travel.speedKmh
  if (reachKm > limits.maxKm) {
    const km = Math.round(reachKm * 10) / 10
    throw limitExceeded(
      'minutes',
      `an isochrone of ${maxMinutes} min at ${travel.speedKmh} km/h reaches ${km} km; at most ${limits.maxKm} km (fewer minutes or a lower speed)`,
      'ISOCHRONE_MAX_KM',
    )
  }
  const [{ ctx }, cells] = await Promise.all([a.inputs.context(modeTravelKey(travel.travel)), a.inputs.cells()])
  if (ctx.network) {
    let nodes = 0
    forEachPointWithin(ctx.network.nodeGrid, q.lng, q.lat, reachKm * 1000, () => void nodes++)
    if (nodes > limits.maxNodes) {
      throw limitExceeded('minutes', `${nodes} street nodes lie within the isochrone's ${Math.round(reachKm * 10) / 10} km reach; at most ${limits.maxNodes} per search`, 'SEARCH_MAX_NODES')
    }
  }
  const index = cells.index()
  const pop = cells.rows.columns.population
  const result = isochroneBands(ctx, q.lng, q.lat, {
    bandsMinutes: q.minutes,
    speedKmh: travel.speedKmh,
    populationOf: (h3) => {
      const i = index.get(h3)
      return i === undefined ? 0 : pop[i]
    },
  })
  return {
    type: 'FeatureCollection',
    features: result.bands.map((b) => ({
      type: 'Feature',
      properties: { minutes: b.minutes, population: b.population, areaKm2: b.areaKm2, cellCount: b.cells.length, method: result.method, mode: travel.mode, speedKmh: travel.speedKmh },
      geometry: b.geometry,
    })),
  }
}
