import { z } from 'zod'
import { multiPolygon, share, travelMethod } from './common'

/** Responses of the analysis routes: coverage, equity, isochrones. */

/** Coverage of one area (`engine/coverage.ts` AreaCoverage): persons, 0 ≤ rate ≤ 1. */
export const AreaCoverage = z.strictObject({
  targetPopulation: z.number().nonnegative(),
  coveredPopulation: z.number().nonnegative(),
  rate: share.nullable(),
  within: z.array(z.strictObject({ minutes: z.number().positive(), population: z.number().nonnegative(), share: share.nullable() })),
})

/** `GET /api/coverage`. */
export const CoverageResponse = z.strictObject({
  type: z.string(),
  mode: z.string(),
  speedKmh: z.number().positive(),
  minutes: z.number().positive(),
  method: travelMethod,
  scenario: z.number().int().nullable(),
  targetGroup: z.string(),
  areas: z.array(AreaCoverage.extend({ code: z.string().nullable(), name: z.string() })),
  total: AreaCoverage,
})
export type CoverageResponse = z.infer<typeof CoverageResponse>
export type CoverageArea = CoverageResponse['areas'][number]

/** `GET /api/equity`. */
export const EquityResponse = z.strictObject({
  type: z.string(),
  measure: z.enum(['score', 'minutes']),
  method: z.string().nullable(),
  level: z.string(),
  /** Population-weighted Gini of the measure over the scope's cells (0 = equal). */
  gini: z.number().min(0).max(1).nullable(),
  /** Lorenz curve: [cumulative population share, cumulative measure share]. */
  lorenz: z.array(z.tuple([share, share])),
  theil: z.strictObject({ total: z.number(), between: z.number(), within: z.number() }),
  groups: z.array(z.strictObject({ code: z.string().nullable(), name: z.string(), population: z.number(), mean: z.number(), theil: z.number() })),
  /** Target population left out of the indices (unreachable cells, for `minutes`). */
  excludedPopulation: z.number().nonnegative(),
})
export type EquityResponse = z.infer<typeof EquityResponse>

/** `GET /api/isochrone`: one band per minute value, cumulative (the 10-minute band holds the 5-minute one). */
export const IsochroneProperties = z.strictObject({
  minutes: z.number().positive(),
  population: z.number().nonnegative(),
  areaKm2: z.number().nonnegative(),
  cellCount: z.number().int().nonnegative(),
  method: travelMethod,
  mode: z.string(),
  speedKmh: z.number().positive(),
})
export type IsochroneProperties = z.infer<typeof IsochroneProperties>
export const IsochroneResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({ type: z.literal('Feature'), properties: IsochroneProperties, geometry: multiPolygon })),
})
export type IsochroneResponse = z.infer<typeof IsochroneResponse>

/** `GET /api/cells` (JSON): every populated cell of the scope with its minutes to the nearest facility. */
export const CellRow = z.strictObject({
  h3: z.string().regex(/^[0-9a-f]{15}$/),
  population: z.number().nonnegative(),
  targetPopulation: z.number().nonnegative(),
  /** null = unreachable. */
  minutes: z.number().nonnegative().nullable(),
  /** External id of the nearest facility (null = none reachable). */
  nearest: z.string().nullable(),
})
export type CellRow = z.infer<typeof CellRow>
export const CellsResponse = z.array(CellRow)

/** `GET /api/accessibility`: mean 2SFCA score and Gini per area, and each cell's score. */
export const AccessibilityResponse = z.strictObject({
  method: z.enum(['2sfca', 'g2sfca']),
  type: z.string(),
  minutes: z.number().positive(),
  mode: z.string(),
  speedKmh: z.number().positive(),
  areas: z.array(z.strictObject({
    code: z.string().nullable(), name: z.string(), meanScore: z.number().nonnegative().nullable(), gini: z.number().min(0).max(1).nullable(), targetPopulation: z.number().nonnegative(),
  })),
  cells: z.array(z.strictObject({ h3: z.string(), score: z.number().nonnegative() })).optional(),
})
export type AccessibilityResponse = z.infer<typeof AccessibilityResponse>

const lifeCircleTier = z.union([z.literal(5), z.literal(10), z.literal(15)])
/** Residents with complete 5-, 10- and 15-minute life circles (`engine/compliance.ts` TierCompliance). */
const TierCompliance = {
  population: z.number().nonnegative(),
  /** Population whose circle of each tier is complete, and its share (null without population). */
  tiers: z.array(z.strictObject({ minutes: lifeCircleTier, population: z.number().nonnegative(), share: share.nullable() })),
  /** Population beyond the threshold of each type: which types hold the tiers back. */
  missing: z.record(z.string(), z.number().nonnegative()),
}

/** `GET /api/compliance`: GB 50180 life circles complete per area (tiers not inclusive). */
export const ComplianceResponse = z.strictObject({
  mode: z.string(),
  /** The catalogue types that define each tier. */
  tiers: z.array(z.strictObject({ minutes: lifeCircleTier, types: z.array(z.string()) })),
  areas: z.array(z.strictObject({ code: z.string().nullable(), name: z.string(), ...TierCompliance })),
  total: z.strictObject(TierCompliance),
})
export type ComplianceResponse = z.infer<typeof ComplianceResponse>
