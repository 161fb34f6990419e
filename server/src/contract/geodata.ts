import { z } from 'zod'
import { queryId, queryNumber } from './query-params'
import { AREA_LEVELS } from './records'

/** Request shapes of the area and facility layers (`GET /api/areas`, `GET /api/facilities`). */

export const AreasQuery = z.object({
  level: z.enum(AREA_LEVELS).optional(),
  parent: z.string().min(1).optional(),
  /** Simplification tolerance in metres (0 = full detail). */
  simplify: queryNumber(z.number().min(0).max(10_000)).default(0),
})
export type AreasQuery = z.infer<typeof AreasQuery>

/** A comma-separated list (`type=a,b`; the parameter may also repeat) as its non-empty items, or undefined. */
const list = z.union([z.string(), z.array(z.string())]).transform((v) => {
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((s) => s.trim()).filter(Boolean)
  return parts.length ? parts : undefined
})

export const FacilitiesQuery = z.object({
  /** Facility type codes, comma-separated. */
  type: list.optional(),
  /** Statuses, comma-separated (`existing`, `planned`, `under_construction`). */
  status: list.optional(),
  /** Only facilities inside this area (code). */
  area: z.string().optional(),
  /** A scenario's facilities: added ones as `planned` with `scenarioChange`. */
  scenario: queryId().optional(),
})
export type FacilitiesQuery = z.infer<typeof FacilitiesQuery>
