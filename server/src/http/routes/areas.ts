import { Router } from 'express'
import { AreasQuery, FacilitiesQuery } from '../../contract/geodata'
import { areasFeatureCollection } from '../../services/areas'
import { facilitiesFeatureCollection } from '../../services/facilities'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

/** Areas and facilities as GeoJSON. */
export function geodataRouter(ctx: AppContext): Router {
  const r = Router()
  r.get('/areas', async (req, res) => {
    const q = parseInput(AreasQuery, req.query)
    res.json(await areasFeatureCollection(ctx.db, ctx.areaPopulation, { ...q, simplify: q.simplify / 111_320 }))
  })
  r.get('/facilities', async (req, res) => {
    res.json(await facilitiesFeatureCollection(ctx.db, ctx.scenarios, ctx.analysis.inputs, parseInput(FacilitiesQuery, req.query)))
  })
  return r
}

