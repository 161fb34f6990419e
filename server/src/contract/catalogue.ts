import { z } from 'zod'

/** Population columns: the total and the six age groups (API.md conventions). */
export const POPULATION_COLUMNS = ['population', 'age_0_2', 'age_3_5', 'age_6_11', 'age_12_14', 'age_15_59', 'age_60_plus'] as const
export type PopulationColumn = (typeof POPULATION_COLUMNS)[number]
export const AGE_GROUPS = POPULATION_COLUMNS.slice(1) as readonly Exclude<PopulationColumn, 'population'>[]

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) })
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case code: letters, digits, _')

/** A target group: one population column, or several joined by `+` (e.g. 一老一小 sites). */
export const TargetGroupSchema = z
  .string()
  .refine(
    (s) => s.split('+').every((c) => (POPULATION_COLUMNS as readonly string[]).includes(c)),
    `target group must be one of ${POPULATION_COLUMNS.join(', ')}, or several joined by +`,
  )

export const DomainSchema = z.object({ code, name: bilingual })
export const FacilityTypeSchema = z.object({
  code,
  name: bilingual,
  domain: code,
  targetGroup: TargetGroupSchema,
  thresholdMinutes: z.number().positive(),
  radiusM: z.number().positive().nullable(),
  lifeCircle: z.union([z.literal(5), z.literal(10), z.literal(15)]).nullable(),
  capacityUnit: bilingual.nullable(),
})
/** A speed in km/h for a road class: 0 bars the class for the mode. */
const classSpeed = z.number().min(0).max(200)
/**
 * Travel time by road class (engine/travel-settings.ts): per OSM `highway` value a speed (unlisted
 * classes run at the mode's `speedKmh`; 0 = barred); optionally a way's `maxspeed` tag × factor
 * replaces its class speed; no segment is faster than `capKmh`.
 */
export const RoadSpeedsSchema = z
  .object({
    speedKmh: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'an OSM highway value'), classSpeed).optional(),
    maxspeedFactor: z.number().positive().max(2).optional(),
    capKmh: z.number().positive().max(200).optional(),
  })
  .strict()
export const ModeSchema = z.object({
  code,
  name: bilingual,
  /** Nominal speed (km/h): segments without a class speed, straight-line fallbacks; a request's speedKmh scales it. */
  speedKmh: z.number().positive().max(200),
  network: z.enum(['walk', 'bike', 'car']),
  /** Speed of the straight legs (centroid or facility → street), km/h; default speedKmh. */
  accessSpeedKmh: z.number().positive().max(200).optional(),
  roads: RoadSpeedsSchema.optional(),
})
export const CatalogueSchema = z
  .object({
    domains: z.array(DomainSchema).min(1),
    types: z.array(FacilityTypeSchema).min(1),
    modes: z.array(ModeSchema).min(1),
    detourFactor: z.number().min(1),
    maxSnapDistanceM: z.number().positive(),
  })
  .superRefine((c, ctx) => {
    const domains = new Set(c.domains.map((d) => d.code))
    c.types.forEach((t, i) => {
      if (!domains.has(t.domain)) ctx.addIssue({ code: 'custom', path: ['types', i, 'domain'], message: `unknown domain ${t.domain}` })
    })
    for (const [name, list] of [['domains', c.domains], ['types', c.types], ['modes', c.modes]] as const) {
      const seen = new Set<string>()
      list.forEach((x, i) => {
        if (seen.has(x.code)) ctx.addIssue({ code: 'custom', path: [name, i, 'code'], message: `duplicate code ${x.code}` })
        seen.add(x.code)
      })
    }
  })

export type Domain = z.infer<typeof DomainSchema>
export type FacilityType = z.infer<typeof FacilityTypeSchema>
export type Mode = z.infer<typeof ModeSchema>
export type RoadSpeeds = z.infer<typeof RoadSpeedsSchema>
export type Catalogue = z.infer<typeof CatalogueSchema>

/** Columns whose sum is the target population of a group (`age_0_2+age_3_5` → both). */
export function targetColumns(targetGroup: string): PopulationColumn[] {
  return targetGroup.split('+') as PopulationColumn[]
}
