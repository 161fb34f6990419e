/**
 * Worker thread of the engine benchmark: builds the same synthetic city, prepares its share of
 * facility types, and on each 'run' message computes minutes to the nearest facility for them,
 * transferring the per-cell minutes back (as a service worker per partition would).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type FacilitySet, createFacilitySet } from '../../server/src/engine/facility-set'
import { buildStreetNetwork } from '../../server/src/engine/graph'
import { WALK_PROFILE } from '../../server/src/engine/street-profile'
import { createTravelContext } from '../../server/src/engine/travel-context'
import { type NearestFacilityField, travelTimeToNearest } from '../../server/src/engine/travel-time'
import { buildSyntheticCity, syntheticFacilities, type CityScale } from './synthetic-city'

export interface EngineWorkerData {
  seed: number
  scale: CityScale
  typeSeeds: number[]
  perType: number
}

const data = workerData as EngineWorkerData
const city = buildSyntheticCity(data.seed, data.scale)
const network = buildStreetNetwork(city.segments, WALK_PROFILE)
city.segments.length = 0
const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat })
const sets: FacilitySet[] = data.typeSeeds.map((s) => {
  const p = syntheticFacilities(city, s, data.perType)
  return createFacilitySet(ctx, p.lng, p.lat)
})
const fields: NearestFacilityField[] = []
parentPort!.on('message', (message: string) => {
  if (message !== 'run') return
  const out: ArrayBuffer[] = []
  for (let k = 0; k < sets.length; k++) {
    fields[k] = travelTimeToNearest(ctx, sets[k], { speedKmh: 4, reuse: fields[k] })
    out.push(fields[k].minutes.slice().buffer)
  }
  parentPort!.postMessage(out, out)
})
parentPort!.postMessage('ready')
