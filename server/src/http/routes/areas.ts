import { Router } from 'express'
import { AreasQuery, FacilitiesQuery } from '../../contract/geodata'
import { FACILITY_STATUSES } from '../../contract/records'
import type { FacilitiesResponse } from '../../contract/responses'
import { listFacilities, type FacilityRecord } from '../../db/facilities'
import { badRequest } from '../../errors'
import { areasFeatureCollection } from '../../services/areas'
import type { AppContext } from '../context'
import { listParam, parseInput } from '../validate'

/** Areas and facilities as GeoJSON. */
export function geodataRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/areas', async (req, res) => {
    const q = parseInput(AreasQuery, req.query)
    res.json(await areasFeatureCollection(ctx.db, ctx.areaPopulation, { ...q, simplify: q.simplify / 111_320 }))
  })
  r.get('/facilities', async (req, res) => {
    const q = parseInput(FacilitiesQuery, req.query)
    const types = listParam(q.type)
    const status = listParam(q.status)
    const bad = status?.filter((s) => !(FACILITY_STATUSES as readonly string[]).includes(s))
    if (bad?.length) throw badRequest('invalid query parameters', [{ field: 'status', message: `unknown status ${bad.join(', ')}` }], 'invalid_request')
    const area = q.area || undefined
    const scenario = q.scenario || undefined
    // In a scenario, planned facilities may be switched on: read them whatever the status filter.
    const base = await listFacilities(ctx.db, { types, status: scenario ? undefined : status, area })
    const rows = scenario
      ? (await ctx.scenarios.facilityRecords(scenario, base, { types, status, area })).filter((r) => !status || status.includes(r.status) || r.scenarioChange)
      : base
    const body: FacilitiesResponse = {
      type: 'FeatureCollection',
      features: rows.map((f) => ({
        type: 'Feature',
        id: f.id,
        properties: { ...f.attributes, id: f.id, name: f.name, type: f.type, capacity: f.capacity, status: f.status, ...changeOf(f) },
        geometry: { type: 'Point', coordinates: [f.lng, f.lat] },
      })),
    }
    res.json(body)
  })
  return r
}

/** The scenario change that placed or altered a facility, as a property (nothing for others). */
function changeOf(f: FacilityRecord & { scenarioChange?: number }): { scenarioChange?: number } {
  return f.scenarioChange !== undefined ? { scenarioChange: f.scenarioChange } : {}
}
