import * as h3 from 'h3-js'
// The three Turf modules used, not the @turf/turf bundle: importing that took ~1 s of every server start.
import { area as turfArea } from '@turf/area'
import { featureCollection, polygon as turfPolygon } from '@turf/helpers'
import { intersect as turfIntersect } from '@turf/intersect'
import type { MultiPolygon, Polygon } from 'geojson'
import { AGE_GROUPS, POPULATION_COLUMNS } from '../../contract/catalogue'
import type { CrsCode } from '../../contract/records'
import type { RawRecord } from '../../formats/types'
import { IssueList, pick, toNumber, toText } from './fields'
import { recordGeometry } from './geometry'
import { positionToWgs84 } from '../../formats/crs'
import type { CellValues } from '../../db/population'

export const CELL_RESOLUTION = 10
export const MIN_INPUT_RESOLUTION = 7
const NCOL = POPULATION_COLUMNS.length // population + six age groups

export type { CellValues }

/**
 * Turns population records into res-10 cells. CSV/XLSX rows are keyed by `h3` (any resolution ≥ 7:
 * finer cells are summed into their res-10 parent, coarser ones split evenly into their res-10
 * children, whole persons kept whole); GeoJSON points fall into the cell containing them; polygons
 * are spread over the cells they overlap in proportion to the overlapping area.
 */
export function normalizePopulation(
  records: RawRecord[],
  ctx: { crs: CrsCode; issues: IssueList; maxCells: number },
): Map<string, CellValues> {
  const { issues } = ctx
  const cells = new Map<string, CellValues>()
  const seen = new Map<string, number>()
  for (const rec of records) {
    const before = issues.count
    const values = readValues(rec, issues)
    const h3Raw = pick(rec, 'h3', ['h3', 'h3_index', 'cell', 'hex'])
    if (h3Raw !== undefined) {
      const cell = typeof h3Raw === 'string' ? h3Raw.trim().toLowerCase().replace(/^0x/, '') : ''
      if (!cell || !h3.isValidCell(cell)) {
        issues.add({ record: rec.index, id: String(h3Raw), field: 'h3', message: `not a valid H3 cell index: ${JSON.stringify(h3Raw)}` })
        continue
      }
      const res = h3.getResolution(cell)
      if (res < MIN_INPUT_RESOLUTION) {
        issues.add({ record: rec.index, id: cell, field: 'h3', message: `H3 resolution ${res} is too coarse (minimum ${MIN_INPUT_RESOLUTION})` })
        continue
      }
      if (seen.has(cell)) {
        issues.add({ record: rec.index, id: cell, field: 'h3', message: `duplicate cell ${cell} (also record ${seen.get(cell)})` })
        continue
      }
      seen.set(cell, rec.index)
      if (!values || issues.count > before) continue
      if (res >= CELL_RESOLUTION) add(cells, h3.cellToParent(cell, CELL_RESOLUTION), values, 1)
      else splitEvenly(cells, h3.cellToChildren(cell, CELL_RESOLUTION).sort(), values)
    } else if (rec.geometry) {
      const geom = recordGeometry(rec, ctx.crs, ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon'], issues)
      if (!geom || !values || issues.count > before) continue
      if (geom.type === 'Point') add(cells, h3.latLngToCell(geom.coordinates[1], geom.coordinates[0], CELL_RESOLUTION), values, 1)
      else if (geom.type === 'MultiPoint') {
        for (const [lng, lat] of geom.coordinates) add(cells, h3.latLngToCell(lat, lng, CELL_RESOLUTION), values, 1 / geom.coordinates.length)
      } else spreadOverPolygon(cells, geom as Polygon | MultiPolygon, values)
    } else {
      issues.add({ record: rec.index, field: 'h3', message: 'each record needs an h3 cell index or a point/polygon geometry' })
    }
    if (cells.size > ctx.maxCells) {
      issues.add({ record: rec.index, message: `more than ${ctx.maxCells} res-10 cells; raise IMPORT_MAX_RECORDS or import a smaller extent` })
      break
    }
  }
  return cells
}

/**
 * Raster sample points (persons per point, see formats/geotiff.ts) into res-10 cells. Only the
 * total is known; age groups are derived later from the district's structure.
 */
export function populationFromSamples(
  s: { lng: Float64Array; lat: Float64Array; population: Float64Array },
  ctx: { crs: CrsCode; issues: IssueList; maxCells: number },
): Map<string, CellValues> {
  const cells = new Map<string, CellValues>()
  const v = new Float64Array(NCOL).fill(NaN)
  for (let k = 0; k < s.population.length; k++) {
    let lng = s.lng[k]
    let lat = s.lat[k]
    if (ctx.crs !== 'wgs84') [lng, lat] = positionToWgs84([lng, lat], ctx.crs)
    v[0] = s.population[k]
    add(cells, h3.latLngToCell(lat, lng, CELL_RESOLUTION), v, 1)
    if (cells.size > ctx.maxCells) {
      ctx.issues.add({ message: `more than ${ctx.maxCells} res-10 cells; raise IMPORT_MAX_RECORDS or import a smaller extent` })
      break
    }
  }
  return cells
}

function readValues(rec: RawRecord, issues: IssueList): CellValues | undefined {
  const v = new Float64Array(NCOL).fill(NaN)
  let ok = true
  POPULATION_COLUMNS.forEach((col, i) => {
    const raw = pick(rec, col, col === 'population' ? ['population', 'pop', 'total', '人口', '常住人口'] : [col])
    if (raw === undefined) return
    const n = toNumber(raw)
    if (n === undefined || n < 0) {
      issues.add({ record: rec.index, id: toText(pick(rec, 'h3', ['h3'])), field: col, message: `${col} must be a number ≥ 0; got ${JSON.stringify(raw)}` })
      ok = false
    } else v[i] = n
  })
  if (!ok) return undefined
  if (Number.isNaN(v[0])) {
    const ages = AGE_GROUPS.map((_, i) => v[i + 1])
    if (ages.some(Number.isNaN)) {
      issues.add({ record: rec.index, field: 'population', message: 'population is missing (give it, or all six age groups)' })
      return undefined
    }
    v[0] = ages.reduce((a, b) => a + b, 0)
  }
  return v
}

function add(cells: Map<string, CellValues>, cell: string, values: CellValues, factor: number) {
  let acc = cells.get(cell)
  if (!acc) cells.set(cell, (acc = new Float64Array(NCOL).fill(NaN)))
  for (let i = 0; i < NCOL; i++) {
    if (Number.isNaN(values[i])) continue
    acc[i] = (Number.isNaN(acc[i]) ? 0 : acc[i]) + values[i] * factor
  }
}

/**
 * Splits values evenly over `children`. Whole numbers stay whole: the remainder goes one person
 * each to the first children, so every column sums back exactly. When the parent's total equals
 * the sum of its age groups, each child's total is the sum of its own age groups.
 */
export function splitEvenly(cells: Map<string, CellValues>, children: string[], values: CellValues) {
  const n = children.length
  const parts = children.map(() => new Float64Array(NCOL).fill(NaN))
  for (let col = 0; col < NCOL; col++) {
    const v = values[col]
    if (Number.isNaN(v)) continue
    if (Number.isInteger(v)) {
      const base = Math.floor(v / n)
      const rest = v - base * n
      for (let k = 0; k < n; k++) parts[k][col] = base + (k < rest ? 1 : 0)
    } else for (let k = 0; k < n; k++) parts[k][col] = v / n
  }
  const agesSum = AGE_GROUPS.reduce((s, _, i) => s + values[i + 1], 0)
  if (agesSum === values[0]) {
    for (const p of parts) p[0] = AGE_GROUPS.reduce((s, _, i) => s + p[i + 1], 0)
  }
  children.forEach((c, k) => add(cells, c, parts[k], 1))
}

/** Spreads values over the res-10 cells a polygon overlaps, by overlapping area. */
function spreadOverPolygon(cells: Map<string, CellValues>, geom: Polygon | MultiPolygon, values: CellValues) {
  const polygons = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates
  const shares = new Map<string, number>()
  for (const rings of polygons) {
    const inner = new Set(h3.polygonToCellsExperimental(rings, CELL_RESOLUTION, h3.POLYGON_TO_CELLS_FLAGS.containmentFull, true))
    const overlapping = h3.polygonToCellsExperimental(rings, CELL_RESOLUTION, h3.POLYGON_TO_CELLS_FLAGS.containmentOverlapping, true)
    const poly = turfPolygon(rings)
    for (const c of overlapping) {
      const cellPoly = turfPolygon([h3.cellToBoundary(c, true)])
      let a: number
      if (inner.has(c)) a = turfArea(cellPoly)
      else {
        const x = turfIntersect(featureCollection([poly, cellPoly]))
        a = x ? turfArea(x) : 0
      }
      if (a > 0) shares.set(c, (shares.get(c) ?? 0) + a)
    }
  }
  let total = 0
  for (const a of shares.values()) total += a
  if (total === 0) {
    const [lng, lat] = polygons[0][0][0]
    add(cells, h3.latLngToCell(lat, lng, CELL_RESOLUTION), values, 1)
    return
  }
  for (const [c, a] of shares) add(cells, c, values, a / total)
}
