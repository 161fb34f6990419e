import { z } from 'zod'
import { CellsQuery } from '../../contract/analysis'
import { POPULATION_COLUMNS } from '../../contract/catalogue'

/**
 * Request and response shapes of the map-data routes (`/api/tiles/…`), shared by the server and
 * the web app (which imports these types rather than re-declaring them).
 */

/** What the cell layer is coloured by. */
export const CELL_VALUES = ['minutes', 'covered', 'score'] as const
export type CellValue = (typeof CELL_VALUES)[number]

/** `GET /api/tiles/cells.json` and `/api/tiles/cells/{z}/{x}/{y}.pbf`: the travel settings of /api/cells, and the value. */
export const CellTilesQuery = CellsQuery.pick({ type: true, mode: true, minutes: true, speedKmh: true, scenario: true }).extend({
  value: z.enum(CELL_VALUES).default('minutes'),
  method: z.enum(['2sfca', 'g2sfca']).default('2sfca'),
  /** The version token of a tile URL (from cells.json); any other value is served fresh. */
  v: z.string().max(100).optional(),
})
export type CellTilesQuery = z.infer<typeof CellTilesQuery>

export const TileCoords = z.object({
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
})

/** `GET /api/tiles/cells.json`: a TileJSON 3.0 document plus what the legend needs. */
export interface CellTileJson {
  tilejson: '3.0.0'
  name: string
  /** Tile URL template (same origin, relative), with the version token of the current field. */
  tiles: string[]
  minzoom: number
  maxzoom: number
  /** [west, south, east, north] of the populated cells. */
  bounds: [number, number, number, number]
  vector_layers: { id: string; fields: Record<string, string>; minzoom: number; maxzoom: number }[]
  circle15: {
    token: string
    type: string
    targetGroup: string
    mode: string
    speedKmh: number
    thresholdMinutes: number
    method: string
    value: CellValue
    scenario: number | null
    /** H3 resolution drawn at each tile zoom 0…maxzoom. */
    resolutions: number[]
    /** Score classes (value=score): target-weighted quantiles at 20/40/60/80 % of the cells with some score. */
    scoreBreaks?: number[]
    /** Largest score of a cell with target population (value=score). */
    scoreMax?: number
    /** Totals over all cells: target residents, those within the threshold. */
    targetPopulation: number
    coveredPopulation: number
  }
}

/** Feature properties of the `cells` layer. */
export interface CellFeatureProperties {
  /** H3 resolution (10 = the population grid; less = aggregated). */
  r: number
  /** Minutes to the nearest facility, rounded up to 0.1 (aggregated: target-weighted mean over reachable cells); absent = unreachable. */
  m?: number
  /** Share of the target population within the threshold (0–1; res 10: 0 or 1). */
  c?: number
  /** Residents. */
  p: number
  /** Target-group residents (to 0.1 below 10, else whole persons). */
  t: number
  /** 2SFCA score (value=score). */
  s?: number
}

/** `GET /api/tiles/cell/:h3`: what a click on a (possibly aggregated) cell shows. */
export interface CellInfo {
  h3: string
  resolution: number
  /** Number of populated res-10 cells inside. */
  cells: number
  population: Record<(typeof POPULATION_COLUMNS)[number], number>
  type: string
  targetGroup: string
  targetPopulation: number
  /** Target residents within the threshold. */
  coveredPopulation: number
  /** Res 10: the cell's minutes; coarser: target-weighted mean over reachable cells; null = unreachable. */
  minutes: number | null
  thresholdMinutes: number
  mode: string
  speedKmh: number
  method: string
  /** Res 10 only: the nearest facility of the type (in the scenario, when one is given). */
  nearest: { id: string; name: string | null; lng: number; lat: number; capacity: number | null } | null
  district: { code: string; name: string } | null
  township: { code: string; name: string } | null
  /** 2SFCA score (target-weighted mean when aggregated), when asked with value=score. */
  score?: number
}
