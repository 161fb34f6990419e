import { z } from 'zod'
import { AREA_LEVELS } from './records'

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case catalogue code')

/** Travel parameters shared by every analysis route (API.md). */
export const TravelParams = z.object({
  mode: code.optional(),
  minutes: z.coerce.number().positive().max(180).optional(),
  speedKmh: z.coerce.number().positive().max(200).optional(),
  scenario: z.coerce.number().int().nonnegative().optional(),
})

export const CoverageQuery = TravelParams.extend({
  type: code,
  area: z.string().min(1).optional(),
  level: z.enum(AREA_LEVELS).optional(),
})
export type CoverageQuery = z.infer<typeof CoverageQuery>

export const CellsQuery = TravelParams.extend({
  type: code,
  area: z.string().min(1).optional(),
  /** Absent: chosen by the Accept header (http/negotiate.ts), JSON by default. */
  format: z.enum(['json', 'csv', 'xlsx', 'geojson', 'gpkg']).optional(),
})
export type CellsQuery = z.infer<typeof CellsQuery>

export const AccessibilityQuery = TravelParams.extend({
  type: code,
  area: z.string().min(1).optional(),
  level: z.enum(AREA_LEVELS).optional(),
  method: z.enum(['2sfca', 'g2sfca']).default('2sfca'),
  /** Leave per-cell scores out of the answer (large areas). */
  cells: z.enum(['0', '1']).default('1').transform((v) => v === '1'),
})
export type AccessibilityQuery = z.infer<typeof AccessibilityQuery>

export const EquityQuery = TravelParams.extend({
  type: code,
  area: z.string().min(1).optional(),
  /** The groups of the Theil decomposition (default: districts). */
  level: z.enum(AREA_LEVELS).default('district'),
  /** `score`: 2SFCA accessibility (default); `minutes`: travel time to the nearest facility. */
  measure: z.enum(['score', 'minutes']).default('score'),
  method: z.enum(['2sfca', 'g2sfca']).default('2sfca'),
})
export type EquityQuery = z.infer<typeof EquityQuery>

export const ComplianceQuery = TravelParams.omit({ minutes: true }).extend({
  area: z.string().min(1).optional(),
  level: z.enum(AREA_LEVELS).optional(),
})
export type ComplianceQuery = z.infer<typeof ComplianceQuery>

const minutesList = z
  .string()
  .default('5,10,15')
  .transform((s, ctx) => {
    const v = s.split(',').map((x) => Number(x.trim()))
    if (!v.length || v.length > 6 || v.some((m) => !(m > 0 && m <= 120))) {
      ctx.addIssue({ code: 'custom', message: 'a comma-separated list of up to 6 band limits in (0, 120] minutes' })
      return z.NEVER
    }
    return [...new Set(v)].sort((a, b) => a - b)
  })

export const IsochroneQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  minutes: minutesList,
  mode: code.optional(),
  speedKmh: z.coerce.number().positive().max(200).optional(),
})
export type IsochroneQuery = z.infer<typeof IsochroneQuery>

export const GapsQuery = TravelParams.extend({
  type: code,
  area: z.string().min(1).optional(),
  /** Clusters leaving out fewer target residents than this are dropped. */
  minPopulation: z.coerce.number().min(0).default(0),
  /** At most this many clusters in the answer (the total is reported). */
  limit: z.coerce.number().int().positive().max(5000).default(200),
  /** Only the gap of this rank (e.g. to split one gap a planner selected). */
  rank: z.coerce.number().int().positive().optional(),
  /** `1`: split each of the first gaps into facility-sized pieces (services/planning/gap-pieces.ts). */
  pieces: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /** With pieces: target residents one new facility can serve (default: no limit but the threshold). */
  capacity: z.coerce.number().positive().optional(),
})
export type GapsQuery = z.infer<typeof GapsQuery>

const point = z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) })

export const SitingBody = z.object({
  type: code,
  area: z.string().min(1).optional(),
  /** At most SITING_MAX_K (checked by the service: a setting). */
  k: z.number().int().min(1).max(10_000),
  mode: code.optional(),
  minutes: z.number().positive().max(180).optional(),
  speedKmh: z.number().positive().max(200).optional(),
  scenario: z.number().int().positive().optional(),
  /** Candidate sites (points or parcel centroids); default: centroids of the populated cells. */
  candidates: z.array(point.extend({ capacity: z.number().positive().optional(), cost: z.number().positive().optional() })).min(1).max(100_000).optional(),
  /** Per-site capacity in target residents it can serve (all candidates). */
  capacity: z.number().positive().optional(),
  /** With candidate costs: the most that may be spent. */
  budget: z.number().positive().optional(),
})
export type SitingBody = z.infer<typeof SitingBody>

export const SitingScenarioBody = SitingBody.extend({
  name: z.string().min(1).max(200),
  /** Name stem of the added sites (numbered 1, 2, …); the client sends it in the user's language. */
  siteName: z.string().min(1).max(100).default('选址建议'),
})

export const ScenarioBody = z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional() })
export const ScenarioPatch = z.object({ name: z.string().trim().min(1).max(200).optional(), description: z.string().max(2000).optional() })

export const ChangeBody = z.object({
  op: z.enum(['add', 'move', 'remove', 'resize']),
  facility: z.object({
    id: z.string().min(1).max(200).optional(),
    type: code.optional(),
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    capacity: z.number().min(0).nullable().optional(),
    name: z.string().max(200).optional(),
  }),
  /** Travel settings for the reported delta (default: walking, the type's threshold). */
  mode: code.optional(),
  minutes: z.number().positive().max(180).optional(),
  speedKmh: z.number().positive().max(200).optional(),
})
export type ChangeBody = z.infer<typeof ChangeBody>

export const CompareQuery = TravelParams.omit({ scenario: true }).extend({
  type: code,
  area: z.string().min(1).optional(),
  level: z.enum(AREA_LEVELS).default('district'),
})
export type CompareQuery = z.infer<typeof CompareQuery>
