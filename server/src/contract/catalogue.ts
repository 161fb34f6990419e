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
/** A rural service tier (TD/T 1062-2021: 村/组, 乡集镇; the cluster hub): types required within a mode and time. */
export const RuralTierSchema = z.object({
  code,
  name: bilingual,
  mode: code,
  minutes: z.number().positive().max(180),
  types: z.array(code).min(1),
  source: z.string().min(1),
  /** True where no official number was found: the default must be checked before publishing. */
  verify: z.boolean(),
})
export const CatalogueSchema = z
  .object({
    domains: z.array(DomainSchema).min(1),
    types: z.array(FacilityTypeSchema).min(1),
    modes: z.array(ModeSchema).min(1),
    ruralTiers: z.array(RuralTierSchema).default([]),
    detourFactor: z.number().min(1),
    maxSnapDistanceM: z.number().positive(),
  })
  .superRefine((c, ctx) => {
    const domains = new Set(c.domains.map((d) => d.code))
    c.types.forEach((t, i) => {
      if (!domains.has(t.domain)) ctx.addIssue({ code: 'custom', path: ['types', i, 'domain'], message: `unknown domain ${t.domain}` })
    })
    const types = new Set(c.types.map((t) => t.code))
    const modes = new Set(c.modes.map((m) => m.code))
    c.ruralTiers.forEach((t, i) => {
      if (!modes.has(t.mode)) ctx.addIssue({ code: 'custom', path: ['ruralTiers', i, 'mode'], message: `unknown mode ${t.mode}` })
      t.types.forEach((x, j) => {
        if (!types.has(x)) ctx.addIssue({ code: 'custom', path: ['ruralTiers', i, 'types', j], message: `unknown facility type ${x}` })
      })
    })
    for (const [name, list] of [['domains', c.domains], ['types', c.types], ['modes', c.modes], ['ruralTiers', c.ruralTiers]] as const) {
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
export type RuralTier = z.infer<typeof RuralTierSchema>
export type RoadSpeeds = z.infer<typeof RoadSpeedsSchema>
export type Catalogue = z.infer<typeof CatalogueSchema>

/** Columns whose sum is the target population of a group (`age_0_2+age_3_5` → both). */
export function targetColumns(targetGroup: string): PopulationColumn[] {
  return targetGroup.split('+') as PopulationColumn[]
}
