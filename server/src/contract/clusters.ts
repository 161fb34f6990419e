import { z } from 'zod'
import { queryNumber } from './query-params'

/** Request schemas of the cluster routes (API.md "Clusters"). */
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case catalogue code')
export const UNIT_LEVELS = ['community', 'township'] as const
export type UnitLevel = (typeof UNIT_LEVELS)[number]

const boolParam = z.union([z.boolean(), z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')])

export const ClustersQuery = z.object({
  area: z.string().min(1),
  /** Plan name or id (default: the area's first plan). */
  plan: z.string().min(1).optional(),
})
export type ClustersQuery = z.infer<typeof ClustersQuery>

export const SuggestBody = z
  .object({
    area: z.string().min(1),
    unitLevel: z.enum(UNIT_LEVELS).default('community'),
    /** Mode to the hub (default: the cluster tier's, walk to the road then e-bike). */
    mode: code.optional(),
    /** Reach of a hub in minutes (default: the cluster tier's); members beyond it are flagged. */
    minutes: z.number().positive().max(180).optional(),
    speedKmh: z.number().positive().max(200).optional(),
    minPopulation: z.number().nonnegative().optional(),
    maxPopulation: z.number().positive().optional(),
    count: z.number().int().positive().max(2000).optional(),
    crossTownships: z.boolean().default(true),
    method: z.enum(['auto', 'exact', 'heuristic']).default('auto'),
    seed: z.number().int().optional(),
  })
  .refine((b) => b.minPopulation === undefined || b.maxPopulation === undefined || b.minPopulation <= b.maxPopulation, {
    message: 'minPopulation must not exceed maxPopulation',
    path: ['minPopulation'],
  })
export type SuggestBody = z.infer<typeof SuggestBody>

export const PlanBody = z.object({
  name: z.string().trim().min(1).max(200),
  area: z.string().min(1),
  unitLevel: z.enum(UNIT_LEVELS).default('community'),
  description: z.string().max(2000).optional(),
  clusters: z
    .array(
      z.object({
        code: z.string().trim().min(1).max(100).optional(),
        name: z.string().trim().min(1).max(200).optional(),
        /** A member's code (hub village) or a facility id. */
        hub: z.string().min(1),
        members: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1)
    .max(5000),
})
export type PlanBody = z.infer<typeof PlanBody>

export const PlanChangeBody = z.discriminatedUnion('op', [
  /** Move a unit to another cluster of the plan. */
  z.object({ op: z.literal('move'), member: z.string().min(1), to: z.string().min(1) }),
  /** Make a member unit (or a facility) the cluster's hub. */
  z.object({ op: z.literal('hub'), cluster: z.string().min(1), hub: z.string().min(1) }),
])
export type PlanChangeBody = z.infer<typeof PlanChangeBody>

export const ClusterAnalysisQuery = z.object({
  area: z.string().min(1),
  plan: z.string().min(1).optional(),
  /** A unit or cluster lacks a type when less than this share of its target group reaches one (default 0.8). */
  metShare: queryNumber(z.number().min(0).max(1)).optional(),
  /** Mode to the hub (overrides the cluster tier's). */
  mode: code.optional(),
  speedKmh: queryNumber(z.number().positive().max(200)).optional(),
  /** Utilisation above this is over-used, below `underUsed` under-used (defaults 1 and 0.5). */
  overUsed: queryNumber(z.number().positive().max(100)).default(1),
  underUsed: queryNumber(z.number().nonnegative().max(100)).default(0.5),
})
export type ClusterAnalysisQuery = z.infer<typeof ClusterAnalysisQuery>

export const PlansQuery = z.object({ area: z.string().min(1).optional() })

export const ClusterImportQuery = z.object({
  area: z.string().min(1),
  plan: z.string().trim().min(1).max(200),
  unitLevel: z.enum(UNIT_LEVELS).default('community'),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
})
export { boolParam }
