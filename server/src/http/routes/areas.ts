import { Router } from 'express'
import { z } from 'zod'
import { queryId, queryNumber } from '../../contract/query-params'
import { AREA_LEVELS, FACILITY_STATUSES } from '../../contract/records'
import type { FacilitiesResponse } from '../../contract/responses'
import { listFacilities, type FacilityRecord } from '../../db/facilities'
import { badRequest } from '../../errors'
import { areasFeatureCollection } from '../../services/areas'
import type { AppContext } from '../context'
import { listParam, parseInput } from '../validate'

const AreasQuery = z.object({
  level: z.enum(AREA_LEVELS).optional(),
  parent: z.string().min(1).optional(),
  /** Simplification tolerance in metres (0 = full detail). */
  simplify: queryNumber(z.number().min(0).max(10_000)).default(0),
})

/** Areas and facilities as GeoJSON. */
export function geodataRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/areas', async (req, res) => {
    const q = parseInput(AreasQuery, req.query)
    res.json(await areasFeatureCollection(ctx.db, ctx.areaPopulation, { ...q, simplify: q.simplify / 111_320 }))
  })
  r.get('/facilities', async (req, res) => {
    const types = listParam(req.query.type)
    const status = listParam(req.query.status)
    const bad = status?.filter((s) => !(FACILITY_STATUSES as readonly string[]).includes(s))
    if (bad?.length) throw badRequest('invalid query parameters', [{ field: 'status', message: `unknown status ${bad.join(', ')}` }], 'invalid_request')
    // Like every analysis route: an unknown type is a 400, not an empty list.
    const cat = types ? await ctx.analysis.inputs.catalogue() : null
    const unknown = types?.filter((t) => !cat?.type(t))
    if (unknown?.length) {
      throw badRequest('invalid query parameters', [{ field: 'type', message: `unknown facility type ${unknown.join(', ')} (known: ${cat!.types.map((t) => t.code).join(', ')})` }], 'invalid_request')
    }
    const area = typeof req.query.area === 'string' && req.query.area ? req.query.area : undefined
    const { scenario } = parseInput(z.object({ scenario: queryId().optional() }), { scenario: req.query.scenario })
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
