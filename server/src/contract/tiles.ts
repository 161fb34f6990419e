import { z } from 'zod'
import { CellsQuery } from './analysis'
import { queryNumber } from './query-params'
import { AREA_LEVELS } from './records'
import { CellValue } from './responses'

/** Request shapes of the map-data routes (`/api/tiles/…`), shared by the server and the web app. */

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

/** The path of a vector tile: `{z}/{x}/{y}.pbf` (`file` = `{y}.pbf`). */
export const TilePath = z.object({
  z: queryNumber(z.number().int().min(0).max(22)),
  x: queryNumber(z.number().int().min(0)),
  file: z.string().regex(/^\d+\.pbf$/, '{y}.pbf'),
})

/** `GET /api/tiles/areas.json`: area outlines of one level for the base map. */
export const AreaShapesQuery = z.object({
  level: z.enum(AREA_LEVELS),
  /** Simplification tolerance in metres (as /api/areas). */
  simplify: queryNumber(z.number().min(0).max(10_000)).default(0),
})

/** `GET /api/tiles/cell`: a cell by its index, or the cell of a resolution at a point (a click on the map). */
export const CellAt = z
  .object({
    h3: z.string().regex(/^[0-9a-f]{15}$/i, 'an H3 index (15 hex digits)').transform((v) => v.toLowerCase()).optional(),
    lng: queryNumber(z.number().min(-180).max(180)).optional(),
    lat: queryNumber(z.number().min(-90).max(90)).optional(),
    res: queryNumber(z.number().int().min(0).max(10)).default(10),
  })
  .refine((q) => q.h3 !== undefined || (q.lng !== undefined && q.lat !== undefined), { message: 'give h3, or lng and lat', path: ['h3'] })
