import { z } from 'zod'
import { AREA_LEVELS } from './records'
import { DECIMAL_PATTERN, queryId, queryNumber } from './query-params'

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case catalogue code')

/** Travel parameters shared by every analysis route (API.md). */
export const TravelParams = z.object({
  mode: code.optional(),
  minutes: queryNumber(z.number().positive().max(180)).optional(),
  speedKmh: queryNumber(z.number().positive().max(200)).optional(),
  /** A scenario id (ids start at 1; leave it out for the baseline). */
  scenario: queryId().optional(),
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
  /** The groups of the Theil decomposition (default: districts; an area below district level is its own group). */
  level: z.enum(AREA_LEVELS).optional(),
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

/**
 * Isochrone band limits: `minutes=5,10,15`, each a decimal in (0, 120]. At most 24 here; the
 * setting ISOCHRONE_MAX_BANDS (default 6) is checked by the service.
 */
const minutesList = z
  .string({ error: 'give the band limits once, as a comma-separated list like 5,10,15' })
  .default('5,10,15')
  .transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim())
    if (s.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'is empty: give band limits like 5,10,15, or leave the parameter out' })
      return z.NEVER
    }
    const bad = parts.find((x) => !DECIMAL_PATTERN.test(x) || !(Number(x) > 0 && Number(x) <= 120))
    if (bad !== undefined || parts.length > 24) {
      ctx.addIssue({ code: 'custom', message: `a comma-separated list of band limits in (0, 120] minutes${bad !== undefined ? ` (${JSON.stringify(bad.slice(0, 40))} is not one)` : ' (at most 24)'}` })
      return z.NEVER
    }
    return [...new Set(parts.map(Number))].sort((a, b) => a - b)
  })

export const IsochroneQuery = z.object({
  lng: queryNumber(z.number().min(-180).max(180)),
  lat: queryNumber(z.number().min(-90).max(90)),
  minutes: minutesList,
  mode: code.optional(),
  speedKmh: queryNumber(z.number().positive().max(200)).optional(),
})
export type IsochroneQuery = z.infer<typeof IsochroneQuery>

export const GapsQuery = TravelParams.extend({
  type: code,
  area: z.string().min(1).optional(),
  /** Clusters leaving out fewer target residents than this are dropped. */
  minPopulation: queryNumber(z.number().min(0)).default(0),
  /** At most this many clusters in the answer (the total is reported). */
  limit: queryNumber(z.number().int().positive().max(5000)).default(200),
  /** Only the gap of this rank (e.g. to split one gap a planner selected). */
  rank: queryNumber(z.number().int().positive()).optional(),
  /** `1`: split each of the first gaps into facility-sized pieces (services/planning/gap-pieces.ts). */
  pieces: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /** With pieces: target residents one new facility can serve (default: no limit but the threshold). */
  capacity: queryNumber(z.number().positive()).optional(),
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
  /** Default: districts (an area below district level is its own group). */
  level: z.enum(AREA_LEVELS).optional(),
})
export type CompareQuery = z.infer<typeof CompareQuery>
