import { z } from 'zod'
import { FACILITY_STATUSES } from '../records'
import { areaRef, bbox, multiPolygon, position, travelMethod } from './common'

/** Responses the map is drawn from: areas, facilities, cell and street tiles, a clicked cell. */

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
  status: z.enum(FACILITY_STATUSES),
  /** Set on facilities a scenario added, moved or resized: the change's id. */
  scenarioChange: z.number().int().positive().optional(),
})
export type FacilityProperties = z.infer<typeof FacilityProperties>
export const FacilitiesResponse = z.strictObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.strictObject({ type: z.literal('Feature'), id: z.string().optional(), properties: FacilityProperties, geometry: z.strictObject({ type: z.literal('Point'), coordinates: position }) })),
})
export type FacilitiesResponse = z.infer<typeof FacilitiesResponse>

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
    method: travelMethod,
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
  method: travelMethod,
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
