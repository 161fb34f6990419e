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
