import { z } from 'zod'
import { queryNumber } from '../../contract/query-params'
import { CellsQuery } from '../../contract/analysis'
import { CellValue } from '../../contract/responses'

/**
 * Request and response shapes of the map-data routes (`/api/tiles/…`), shared by the server and
 * the web app (which imports these types rather than re-declaring them).
 */

/** What the cell layer is coloured by (the contract's enumeration). */
export const CELL_VALUES = CellValue.options
export type CellValue = z.infer<typeof CellValue>

/** `GET /api/tiles/cells.json` and `/api/tiles/cells/{z}/{x}/{y}.pbf`: the travel settings of /api/cells, and the value. */
export const CellTilesQuery = CellsQuery.pick({ type: true, mode: true, minutes: true, speedKmh: true, scenario: true }).extend({
  value: z.enum(CELL_VALUES).default('minutes'),
  method: z.enum(['2sfca', 'g2sfca']).default('2sfca'),
  /** The version token of a tile URL (from cells.json); any other value is served fresh. */
  v: z.string().max(100).optional(),
})
export type CellTilesQuery = z.infer<typeof CellTilesQuery>

export const TileCoords = z.object({
  z: queryNumber(z.number().int().min(0).max(22)),
  x: queryNumber(z.number().int().min(0)),
  y: queryNumber(z.number().int().min(0)),
})

/** `GET /api/tiles/cells.json`: a TileJSON 3.0 document plus what the legend needs. */

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

