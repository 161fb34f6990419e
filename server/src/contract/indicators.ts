import { z } from 'zod'
import { FACILITY_STATUSES } from './records'

/**
 * The plan's indicators as data (geodata/indicators.json): names, targets, lead agencies and, where
 * the data can give the value, which registered measure computes it (services/planning/measures.ts).
 * A new kind of computed indicator is a new member of `IndicatorMeasureSchema` plus its entry in
 * the registry; the compiler refuses a measure without one.
 */

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) })
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case catalogue code')
const measureBase = {
  /** How the value is computed, for the reader (shown with the value). */
  formula: z.string().min(1),
  /** False when the data give only an approximation (the status then follows the entered value). */
  exact: z.boolean(),
  note: z.string().optional(),
}

export const IndicatorMeasureSchema = z.discriminatedUnion('measure', [
  /** Σ capacity of the type's facilities (of these statuses) in the area ÷ its residents × per. */
  z.strictObject({
    measure: z.literal('capacity_per_population'),
    ...measureBase,
    facilityType: code,
    statuses: z.array(z.enum(FACILITY_STATUSES)).min(1).default(['existing']),
    per: z.number().positive().default(1000),
  }),
  /** Σ investment (亿元) of the year's projects. */
  z.strictObject({ measure: z.literal('project_investment_sum'), ...measureBase }),
])
export type IndicatorMeasure = z.infer<typeof IndicatorMeasureSchema>
export type MeasureName = IndicatorMeasure['measure']

export const TARGET_OPS = ['=', '>', '>=', '<', '<='] as const

export const IndicatorDefinitionSchema = z.strictObject({
  number: z.number().int().positive().max(99),
  domain: z.strictObject({ zh: z.string().min(1), en: z.string().min(1), code }),
  name: bilingual,
  unit: bilingual.nullable(),
  /** The plan's value as written (`raw`) and parsed; `=` reads with `direction` (≥ or ≤). */
  target: z.strictObject({
    raw: z.string().min(1),
    op: z.enum(TARGET_OPS),
    value: z.number().finite().nullable(),
    unit: z.string().nullable().optional(),
    /** A target with a value per group (e.g. employees and residents). */
    parts: z.array(z.strictObject({ group: bilingual, value: z.number().finite() })).optional(),
  }).nullable(),
  direction: z.enum(['higher_is_better', 'lower_is_better']).nullable(),
  leadAgency: bilingual.nullable(),
  computable: IndicatorMeasureSchema.nullable(),
})
export type IndicatorDefinition = z.infer<typeof IndicatorDefinitionSchema>

export const IndicatorsFileSchema = z.strictObject({
  $comment: z.string().optional(),
  source: z.strictObject({ title: z.string(), issuer: z.string(), date: z.string(), table: z.string().optional() }),
  year: z.number().int().min(2000).max(2100),
  indicators: z.array(IndicatorDefinitionSchema).min(1),
}).superRefine((file, ctx) => {
  const seen = new Set<number>()
  file.indicators.forEach((i, k) => {
    if (seen.has(i.number)) ctx.addIssue({ code: 'custom', path: ['indicators', k, 'number'], message: `indicator number ${i.number} appears twice` })
    seen.add(i.number)
  })
})
export type IndicatorsFile = z.infer<typeof IndicatorsFileSchema>
