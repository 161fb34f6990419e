import { z } from 'zod'

/**
 * Response schemas of the analysis and planning routes the web app reads: the one definition of
 * what goes over the wire. Services return these types (so the compiler holds them to it), the
 * web app imports them, and `test/api/contract.test.ts` parses live responses with them on both
 * backends (catching what types cannot: a Date that becomes a string, a NaN that becomes null).
 * Objects are strict, so a field added on one side only fails the test.
 */

const bilingual = z.strictObject({ zh: z.string(), en: z.string() })
const optionalBilingual = z.strictObject({ zh: z.string().nullable(), en: z.string().nullable() })
const share = z.number().min(0).max(1)

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
  method: z.enum(['network', 'straight-line', 'mixed']),
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
  history: z.array(z.strictObject({ value: z.number(), year: z.number().int().nullable(), note: z.string().nullable(), actor: z.string(), recordedAt: z.iso.datetime({ offset: true }) })),
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
  lng: z.number().min(-180).max(180).nullable(),
  lat: z.number().min(-90).max(90).nullable(),
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

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
const areaRef = z.strictObject({ code: z.string(), name: z.string() }).nullable()

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
})
export type GapProperties = z.infer<typeof GapProperties>

/** A GeoJSON position: [lng, lat] (an altitude may follow). */
const position = z.array(z.number()).min(2).max(3)
const ring = z.array(position).min(4)
export const GapsResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({
    type: z.literal('Feature'),
    id: z.number().int().positive().optional(),
    properties: GapProperties,
    geometry: z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)) }),
  })),
  /** Clusters found before `limit` (the features are the first `limit` of them). */
  total: z.number().int().nonnegative(),
  method: z.enum(['network', 'straight-line', 'mixed']),
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
  sites: z.array(z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), gain: z.number().nonnegative(), cumulativeGain: z.number().nonnegative() })),
  /** Target residents of the area within the threshold before and after the suggested sites. */
  coveredBefore: z.number().nonnegative(),
  coveredAfter: z.number().nonnegative(),
  targetPopulation: z.number().nonnegative(),
})
export type SitingResponse = z.infer<typeof SitingResponse>

const isoTime = z.iso.datetime({ offset: true })

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
  lng: z.number().min(-180).max(180).nullable(),
  lat: z.number().min(-90).max(90).nullable(),
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

const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()])
const multiPolygon = z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)) })

/** `GET /api/areas` (and `/api/tiles/areas.json`): properties keep the imported attributes too. */
export const AreaProperties = z.looseObject({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parent: z.string().nullable(),
  /** Residents of the cells whose centroid lies in the area. */
  population: z.number().nonnegative(),
})
export type AreaProperties = z.infer<typeof AreaProperties>
export const AreasResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({ type: z.literal('Feature'), id: z.union([z.string(), z.number()]).optional(), properties: AreaProperties, geometry: multiPolygon })),
})
export type AreasResponse = z.infer<typeof AreasResponse>

/** `GET /api/facilities`: properties keep the imported attributes too. */
export const FacilityProperties = z.looseObject({
  id: z.string(),
  name: z.string().nullable(),
  type: z.string(),
  capacity: z.number().nullable(),
  status: z.enum(['existing', 'planned', 'under_construction']),
  /** Set on facilities a scenario added, moved or resized: the change's id. */
  scenarioChange: z.number().int().positive().optional(),
})
export type FacilityProperties = z.infer<typeof FacilityProperties>
export const FacilitiesResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({ type: z.literal('Feature'), id: z.string().optional(), properties: FacilityProperties, geometry: z.strictObject({ type: z.literal('Point'), coordinates: position }) })),
})
export type FacilitiesResponse = z.infer<typeof FacilitiesResponse>

/** `GET /api/isochrone`: one band per minute value, cumulative (the 10-minute band holds the 5-minute one). */
export const IsochroneProperties = z.strictObject({
  minutes: z.number().positive(),
  population: z.number().nonnegative(),
  areaKm2: z.number().nonnegative(),
  cellCount: z.number().int().nonnegative(),
  method: z.enum(['network', 'straight-line', 'mixed']),
  mode: z.string(),
  speedKmh: z.number().positive(),
})
export type IsochroneProperties = z.infer<typeof IsochroneProperties>
export const IsochroneResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({ type: z.literal('Feature'), properties: IsochroneProperties, geometry: multiPolygon })),
})
export type IsochroneResponse = z.infer<typeof IsochroneResponse>

export const CellValue = z.enum(['minutes', 'covered', 'score'])

/** `GET /api/tiles/cells.json`: a TileJSON 3.0 document plus what the legend needs. */
export const CellTileJson = z.strictObject({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  /** Tile URL template (same origin, relative), with the version token of the current field. */
  tiles: z.array(z.string().startsWith('/api/')),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  /** [west, south, east, north] of the populated cells. */
  bounds: bbox,
  vector_layers: z.array(z.strictObject({ id: z.string(), fields: z.record(z.string(), z.string()), minzoom: z.number(), maxzoom: z.number() })),
  circle15: z.strictObject({
    token: z.string(),
    type: z.string(),
    targetGroup: z.string(),
    mode: z.string(),
    speedKmh: z.number().positive(),
    thresholdMinutes: z.number().positive(),
    method: z.enum(['network', 'straight-line', 'mixed']),
    value: CellValue,
    scenario: z.number().int().nullable(),
    /** H3 resolution drawn at each tile zoom 0…maxzoom. */
    resolutions: z.array(z.number().int().min(0).max(15)),
    /** Score classes (value=score): target-weighted quantiles at 20/40/60/80 % of the cells with some score. */
    scoreBreaks: z.array(z.number()).optional(),
    /** Largest score of a cell with target population (value=score). */
    scoreMax: z.number().optional(),
    /** Totals over all cells: target residents, those within the threshold. */
    targetPopulation: z.number().nonnegative(),
    coveredPopulation: z.number().nonnegative(),
  }),
})
export type CellTileJson = z.infer<typeof CellTileJson>

/** `GET /api/tiles/cell`: one clicked cell (res 10) or hexagon of a coarser level. */
export const CellInfo = z.strictObject({
  h3: z.string(),
  resolution: z.number().int().min(0).max(15),
  /** Number of populated res-10 cells inside. */
  cells: z.number().int().nonnegative(),
  population: z.strictObject({
    population: z.number(), age_0_2: z.number(), age_3_5: z.number(), age_6_11: z.number(), age_12_14: z.number(), age_15_59: z.number(), age_60_plus: z.number(),
  }),
  type: z.string(),
  targetGroup: z.string(),
  targetPopulation: z.number().nonnegative(),
  /** Target residents within the threshold. */
  coveredPopulation: z.number().nonnegative(),
  /** Res 10: the cell's minutes; coarser: target-weighted mean over reachable cells; null = unreachable. */
  minutes: z.number().nonnegative().nullable(),
  thresholdMinutes: z.number().positive(),
  mode: z.string(),
  speedKmh: z.number().positive(),
  method: z.enum(['network', 'straight-line', 'mixed']),
  /** Res 10 only: the nearest facility of the type (in the scenario, when one is given). */
  nearest: z.strictObject({ id: z.string(), name: z.string().nullable(), lng: z.number(), lat: z.number(), capacity: z.number().nullable() }).nullable(),
  district: areaRef,
  township: areaRef,
  /** 2SFCA score (target-weighted mean when aggregated), when asked with value=score. */
  score: z.number().nonnegative().optional(),
})
export type CellInfo = z.infer<typeof CellInfo>

/** `GET /api/tiles/streets.json`: the loaded street network as vector tiles (`available: false` without one). */
export const StreetTileJson = z.strictObject({
  available: z.boolean(),
  segments: z.number().int().nonnegative(),
  tiles: z.array(z.string()),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  bounds: bbox,
})
export type StreetTileJson = z.infer<typeof StreetTileJson>
