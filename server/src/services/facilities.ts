import type { FacilitiesQuery } from '../contract/geodata'
import { FACILITY_STATUSES } from '../contract/records'
import type { FacilitiesResponse } from '../contract/responses'
import type { Database } from '../db/database'
import { readCatalogue } from '../db/catalogue'
import { listFacilities, type FacilityRecord } from '../db/facilities'
import { badRequest } from '../errors'
import type { AnalysisInputs } from './analysis/inputs'
import type { Scenarios } from './planning/scenarios'

/**
 * `GET /api/facilities`: the facilities of the types, statuses and area asked for, as GeoJSON;
 * with a scenario, its facilities (added ones as `planned` with the change's id).
 */
export async function facilitiesFeatureCollection(db: Database, scenarios: Scenarios, inputs: Pick<AnalysisInputs, 'catalogue'>, q: FacilitiesQuery): Promise<FacilitiesResponse> {
  const { type: types, status } = q
  const bad = status?.filter((s) => !(FACILITY_STATUSES as readonly string[]).includes(s))
  if (bad?.length) throw badRequest('invalid query parameters', [{ field: 'status', message: `unknown status ${bad.join(', ')}` }], 'invalid_request')
  // Like every analysis route: an unknown type is a 400, not an empty list.
  const cat = types ? await inputs.catalogue() : null
  const unknown = types?.filter((t) => !cat?.type(t))
  if (unknown?.length) {
    throw badRequest('invalid query parameters', [{ field: 'type', message: `unknown facility type ${unknown.join(', ')} (known: ${cat!.types.map((t) => t.code).join(', ')})` }], 'invalid_request')
  }
  const area = q.area || undefined
  const scenario = q.scenario || undefined
  // In a scenario, planned facilities may be switched on: read them whatever the status filter.
  const base = await listFacilities(db, { types, status: scenario ? undefined : status, area })
  const rows = scenario
    ? (await scenarios.facilityRecords(scenario, base, { types, status, area })).filter((r) => !status || status.includes(r.status) || r.scenarioChange)
    : base
  return {
    type: 'FeatureCollection',
    features: rows.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: { ...f.attributes, id: f.id, name: f.name, type: f.type, capacity: f.capacity, status: f.status, ...changeOf(f) },
      geometry: { type: 'Point', coordinates: [f.lng, f.lat] },
    })),
  }
}

/** The scenario change that placed or altered a facility, as a property (nothing for others). */
function changeOf(f: FacilityRecord & { scenarioChange?: number }): { scenarioChange?: number } {
  return f.scenarioChange !== undefined ? { scenarioChange: f.scenarioChange } : {}
}
