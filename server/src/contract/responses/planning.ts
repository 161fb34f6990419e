import { z } from 'zod'
import { areaRef, bilingual, isoTime, lat, lng, lngLat, multiPolygon, optionalBilingual, share, travelMethod } from './common'

/** Responses of the planning routes: gaps, scenarios, siting, indicators, projects. */

export const IndicatorStatus = z.enum(['met', 'not_met', 'no_data'])
export type IndicatorStatus = z.infer<typeof IndicatorStatus>

/** One of the plan's indicators, `GET /api/indicators` (an array of these). */
export const IndicatorView = z.strictObject({
  code: z.string().regex(/^I\d\d$/),
  number: z.number().int().positive(),
  domain: z.strictObject({ code: z.string(), zh: z.string(), en: z.string() }),
  name: bilingual,
  unit: optionalBilingual,
  target: z.strictObject({ raw: z.string().nullable(), op: z.string().nullable(), value: z.number().nullable() }),
  direction: z.string().nullable(),
  leadAgency: optionalBilingual,
  /** The value the status is judged on: computed where the data compute it exactly, else the latest entry. */
  value: z.number().nullable(),
  valueSource: z.enum(['computed', 'manual']).nullable(),
  computed: z.strictObject({ value: z.number().nullable(), exact: z.boolean(), formula: z.string() }).nullable(),
  /** Values entered by hand, oldest first; `recordedAt` an ISO 8601 timestamp. */
  history: z.array(z.strictObject({ value: z.number(), year: z.number().int().nullable(), note: z.string().nullable(), actor: z.string(), recordedAt: isoTime })),
  status: IndicatorStatus,
})
export type IndicatorView = z.infer<typeof IndicatorView>
export const IndicatorsResponse = z.array(IndicatorView)

export const ProjectImpact = z.strictObject({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  /** 亿元 (100 million yuan). */
  investment: z.number().nullable(),
  status: z.string().nullable(),
  year: z.number().int().nullable(),
  facilityIds: z.array(z.string()),
  lng: lng.nullable(),
  lat: lat.nullable(),
  attributes: z.record(z.string(), z.unknown()),
  /** The project's facilities found in the data (planned ones are what it builds). */
  facilities: z.array(z.strictObject({ id: z.string(), type: z.string(), status: z.string() })),
  /** Target residents newly within the threshold once its planned facilities open (null: none linked). */
  newlyCovered: z.strictObject({
    total: z.number().nonnegative(),
    byType: z.array(z.strictObject({ type: z.string(), targetGroup: z.string(), gain: z.number().nonnegative() })),
  }).nullable(),
  /** Annual planned investment per newly covered target resident, in yuan (null when none is covered). */
  yuanPerResident: z.number().positive().nullable(),
})
export type ProjectImpact = z.infer<typeof ProjectImpact>

const portfolioTotals = { count: z.number().int().nonnegative(), investment: z.number(), newlyCovered: z.number().nonnegative() }
export const PortfolioLine = z.strictObject({ domain: z.string(), name: bilingual.nullable(), ...portfolioTotals })
export type PortfolioLine = z.infer<typeof PortfolioLine>

/** `GET /api/projects`. */
export const ProjectsResponse = z.strictObject({
  projects: z.array(ProjectImpact),
  portfolio: z.array(PortfolioLine),
  total: z.strictObject(portfolioTotals),
})
export type ProjectsResponse = z.infer<typeof ProjectsResponse>

/** One gap cluster, `GET /api/gaps` (a FeatureCollection of these, ranked). */
export const GapProperties = z.strictObject({
  rank: z.number().int().positive(),
  /** Target residents left without the service within the threshold. */
  targetPopulation: z.number().nonnegative(),
  population: z.number().nonnegative(),
  /** Number of res-10 cells. */
  cells: z.number().int().positive(),
  /** Area in km². */
  area: z.number().positive(),
  district: areaRef,
  township: areaRef,
  /** Minutes to the nearest existing facility: from the best-placed cell, and the mean. */
  nearestMinutes: z.strictObject({ min: z.number().nonnegative().nullable(), mean: z.number().nonnegative().nullable() }),
  /** Target-population-weighted centre [lng, lat] (where to fly to, where to build). */
  centroid: lngLat,
  /**
   * With `pieces=1` (the first gaps only): facility-sized pieces by greedy siting inside the gap,
   * in order of choice; each piece's residents are what one new facility at its site would cover.
   */
  pieces: z.array(z.strictObject({
    piece: z.number().int().positive(),
    targetPopulation: z.number().nonnegative(),
    cells: z.number().int().nonnegative(),
    area: z.number().nonnegative(),
    /** The best site [lng, lat] (a cell centroid of the gap). */
    site: lngLat,
    geometry: multiPolygon,
  })).optional(),
  /** With pieces: target residents of the gap no piece covers (pieces are capped per gap). */
  piecesUncovered: z.number().nonnegative().optional(),
})
export type GapProperties = z.infer<typeof GapProperties>


export const GapsResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({
    type: z.literal('Feature'),
    id: z.number().int().positive().optional(),
    properties: GapProperties,
    geometry: multiPolygon,
  })),
  /** Clusters found before `limit` (the features are the first `limit` of them). */
  total: z.number().int().nonnegative(),
  method: travelMethod,
  minutes: z.number().positive(),
})
export type GapsResponse = z.infer<typeof GapsResponse>

/** What one scenario change did to a type's coverage (`POST /api/scenarios/:id/changes`, `delta`). */
export const ScenarioDelta = z.strictObject({
  type: z.string(),
  /** Target residents newly within the threshold (negative: no longer within it). */
  coveredGain: z.number(),
  /** The same per district. */
  areas: z.array(z.strictObject({ code: z.string(), name: z.string(), coveredGain: z.number() })),
  mode: z.string(),
  minutes: z.number().positive(),
})
export type ScenarioDelta = z.infer<typeof ScenarioDelta>

/** `GET /api/scenarios/:id/compare`: coverage per area in the baseline and in the scenario. */
export const CompareResponse = z.strictObject({
  type: z.string(),
  scenario: z.number().int().positive(),
  minutes: z.number().positive(),
  mode: z.string(),
  areas: z.array(z.strictObject({
    code: z.string().nullable(), name: z.string(), targetPopulation: z.number().nonnegative(),
    baselineCovered: z.number().nonnegative(), scenarioCovered: z.number().nonnegative(), coveredGain: z.number(),
    baselineRate: share.nullable(), scenarioRate: share.nullable(),
  })),
  total: z.strictObject({ targetPopulation: z.number().nonnegative(), baselineCovered: z.number().nonnegative(), scenarioCovered: z.number().nonnegative(), coveredGain: z.number() }),
})
export type CompareResponse = z.infer<typeof CompareResponse>

/** `POST /api/siting`: suggested sites in order of choice. */
export const SitingResponse = z.strictObject({
  type: z.string(),
  mode: z.string(),
  minutes: z.number().positive(),
  sites: z.array(z.strictObject({ lng, lat, gain: z.number().nonnegative(), cumulativeGain: z.number().nonnegative() })),
  /** Target residents of the area within the threshold before and after the suggested sites. */
  coveredBefore: z.number().nonnegative(),
  coveredAfter: z.number().nonnegative(),
  targetPopulation: z.number().nonnegative(),
})
export type SitingResponse = z.infer<typeof SitingResponse>

/** A scenario, `GET /api/scenarios` (a list of these) and `PATCH /api/scenarios/:id`. */
export const ScenarioSummary = z.strictObject({
  id: z.number().int().positive(),
  name: z.string(),
  description: z.string().nullable(),
  actor: z.string(),
  changeCount: z.number().int().nonnegative(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type ScenarioSummary = z.infer<typeof ScenarioSummary>

/** One recorded change of a scenario. */
export const ScenarioChange = z.strictObject({
  id: z.number().int().positive(),
  op: z.enum(['add', 'move', 'remove', 'resize']),
  facilityId: z.string(),
  type: z.string().nullable(),
  name: z.string().nullable(),
  capacity: z.number().nullable(),
  lng: lng.nullable(),
  lat: lat.nullable(),
  actor: z.string(),
  createdAt: isoTime,
})
export type ScenarioChange = z.infer<typeof ScenarioChange>

/** `GET /api/scenarios/:id`: the scenario with its changes, in order. */
export const ScenarioDetail = ScenarioSummary.extend({ changes: z.array(ScenarioChange) })
export type ScenarioDetail = z.infer<typeof ScenarioDetail>

/** `POST /api/scenarios/:id/changes`. */
export const ChangeResponse = z.strictObject({ change: ScenarioChange, delta: z.array(ScenarioDelta) })
export type ChangeResponse = z.infer<typeof ChangeResponse>
