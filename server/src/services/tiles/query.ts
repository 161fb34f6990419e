/**
 * Request shapes of the map-data routes now live in the contract (contract/tiles.ts), shared by
 * the server and the web app; re-exported here for the code that imported them from services.
 */
export { CELL_VALUES, CellTilesQuery, TileCoords, type CellValue } from '../../contract/tiles'

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

