import { z } from 'zod'
import { AREA_LEVELS } from './records'
import { TravelParams } from './analysis'

/** Schemas of the 均衡可及优质 index: its weights file (geodata/index.json), query and answer. */

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case catalogue code')
const weight = z.number().min(0).finite()
export const BALANCE_MEASURES = ['gini', 'theil'] as const

export const IndexWeightsSchema = z.strictObject({
  accessible: weight,
  balanced: weight,
  quality: weight,
}).refine((w) => w.accessible + w.balanced + w.quality > 0, 'at least one weight must be positive')

/** geodata/index.json. */
export const IndexConfigSchema = z.strictObject({
  $comment: z.string().optional(),
  weights: IndexWeightsSchema,
  /** true: a default without an official figure (check before publishing). */
  verify: z.boolean().default(false),
  balanced: z.enum(BALANCE_MEASURES),
  quality: z.strictObject({
    /** Reference of types without their own: the mean 2SFCA score of the whole data set (baseline). */
    default: z.literal('dataset_mean'),
    references: z.record(code, z.strictObject({
      /** Capacity units per target resident that count as full quality. */
      perTargetResident: z.number().positive().finite(),
      note: z.strictObject({ zh: z.string(), en: z.string() }).optional(),
      verify: z.boolean().default(false),
    })),
  }),
})
export type IndexConfig = z.infer<typeof IndexConfigSchema>

export const IndexQuery = TravelParams.extend({
  area: z.string().min(1).optional(),
  level: z.enum(AREA_LEVELS).optional(),
  /** All the domain's types (catalogue `domain`), or one `type`. */
  domain: code.optional(),
  type: code.optional(),
  /** Override of the weights file's balance measure. */
  balanced: z.enum(BALANCE_MEASURES).optional(),
}).refine((q) => (q.domain === undefined) !== (q.type === undefined), { message: 'give either domain or type', path: ['domain'] })
export type IndexQuery = z.infer<typeof IndexQuery>

const part = z.number().min(0).max(1).nullable()

export const IndexTypeParts = z.strictObject({
  type: z.string(),
  targetPopulation: z.number().nonnegative(),
  coveredPopulation: z.number().nonnegative(),
  minutes: z.number().positive(),
  accessible: part,
  balanced: part,
  quality: part,
  /** What the parts come from: the child level compared, the balance figure (Gini or T_between), the mean 2SFCA score and its reference. */
  childLevel: z.string().nullable(),
  childAreas: z.number().int().nonnegative(),
  gini: z.number().nullable(),
  theilBetween: z.number().nullable(),
  meanScore: z.number().nonnegative().nullable(),
  reference: z.number().positive().nullable(),
  referenceSource: z.enum(['catalogue', 'dataset_mean']).nullable(),
})

export const IndexResponse = z.strictObject({
  domain: z.string().nullable(),
  types: z.array(z.string()),
  mode: z.string(),
  scenario: z.number().int().nullable(),
  balancedMeasure: z.enum(BALANCE_MEASURES),
  weights: z.strictObject({ accessible: z.number(), balanced: z.number(), quality: z.number() }),
  verify: z.boolean(),
  areas: z.array(z.strictObject({
    code: z.string().nullable(),
    name: z.string(),
    index: part,
    accessible: part,
    balanced: part,
    quality: part,
    types: z.array(IndexTypeParts),
  })),
})
export type IndexResponse = z.infer<typeof IndexResponse>
