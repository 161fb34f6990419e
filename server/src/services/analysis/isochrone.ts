import { isochroneBands, modeTravelKey, resolveTravel, TravelSettingsError } from '../../engine'
import type { IsochroneQuery } from '../../contract/analysis'
import type { IsochroneResponse } from '../../contract/responses'
import { badRequest } from '../../errors'
import type { Analysis } from '.'

/**
 * `GET /api/isochrone`: bands (cumulative: the 10-minute band contains the 5-minute one) of the
 * res-10 cells reachable from a point, as polygons with the population and area inside.
 */
export async function isochrone(a: Analysis, q: IsochroneQuery): Promise<IsochroneResponse> {
  const cat = await a.inputs.catalogue()
  let travel
  try {
    travel = resolveTravel(cat.modes, q.minutes[q.minutes.length - 1], { mode: q.mode, speedKmh: q.speedKmh })
  } catch (e) {
    if (e instanceof TravelSettingsError) throw badRequest('invalid query parameters', e.problems, 'invalid_request')
    throw e
  }
  const [{ ctx }, cells] = await Promise.all([a.inputs.context(modeTravelKey(travel.travel)), a.inputs.cells()])
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
