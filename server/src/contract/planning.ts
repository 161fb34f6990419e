import { z } from 'zod'
import { queryId, queryNumber } from './query-params'

/** Request shapes of the planning routes not in analysis.ts: ids, projects, indicators. */

/** A numeric id in a path (`/scenarios/:id`, `/tokens/:id`, …). */
export const IdParam = queryId()

export const ProjectsQuery = z.object({ year: queryNumber(z.number().int()).optional(), domain: z.string().optional() })
export type ProjectsQuery = z.infer<typeof ProjectsQuery>

export const IndicatorsQuery = z.object({ area: z.string().min(1).optional(), year: queryNumber(z.number().int()).optional() })
export type IndicatorsQuery = z.infer<typeof IndicatorsQuery>

/** `POST /api/indicators/:code/values`: a value entered by hand (kept with its history). */
export const IndicatorValueBody = z.object({
  value: z.number().finite(),
  year: z.number().int().min(1900).max(2200).optional(),
  note: z.string().max(2000).optional(),
})
export type IndicatorValueBody = z.infer<typeof IndicatorValueBody>
