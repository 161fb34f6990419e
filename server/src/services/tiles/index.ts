import crypto from 'node:crypto'
import zlib from 'node:zlib'
import * as h3 from 'h3-js'
import { POPULATION_COLUMNS } from '../../contract/catalogue'
import { badRequest, notFound } from '../../errors'
import { log } from '../../log'
import type { Analysis, ResolvedRequest } from '../analysis'
import { accessibilityScores } from '../analysis/accessibility'
import type { CellTable } from '../analysis/inputs'
import type { TypeField } from '../analysis/travel'
import { EXTENT, TileLayerWriter, encodeTile, tileBounds } from './mvt'
import { CellPyramid, FINE_RESOLUTION, resolutionForZoom } from './pyramid'
import type { CellInfo, CellTileJson } from '../../contract/responses'
import type { CellTilesQuery } from './query'
import { levelValues, weightedQuantiles, type LevelValues } from './values'

/** Highest tile zoom served; MapLibre over-zooms beyond it (res-10 cells are ~16 px across at z13). */
export const MAX_TILE_ZOOM = 13
const TILE_CACHE_BYTES = 64 * 1024 * 1024
const VALUE_SETS_KEPT = 8
/** Property keys of the `cells` layer, in TileLayerWriter order (see CellFeatureProperties). */
const CELL_KEYS = ['r', 'p', 't', 'm', 'c', 's']

/** The values of one request (field state × speed × threshold × value), aggregated for every level. */
interface ValueSet {
  token: string
  r: ResolvedRequest
  field: TypeField
  /** Values of a pyramid level, aggregated on first use. */
  level(res: number): LevelValues
  scoreBreaks?: number[]
  scoreMax?: number
  targetPopulation: number
  coveredPopulation: number
}

/**
 * The cell layer of the map as Mapbox Vector Tiles: res-10 cells coloured by minutes to the nearest
 * facility, coverage or 2SFCA score, aggregated to coarser H3 resolutions at low zooms (see
 * `resolutionForZoom`). Every figure comes from the analysis service (the same fields and scores as
 * /api/cells and /api/accessibility). Tiles are cached by a token that changes whenever the field
 * changes (new data, a scenario edit), so a client that keeps the token in the URL can cache them.
 */
export class CellTiles {
  /** Differs between server processes, so a token never outlives the state it describes. */
  private readonly instance = crypto.randomBytes(3).toString('hex')
  private pyramid?: { key: string; value: Promise<CellPyramid> }
  private ids = new WeakMap<object, number>()
  private nextId = 1
  private valueSets = new Map<string, Promise<ValueSet>>()
  private tiles = new Map<string, Buffer>()
  private tileBytes = 0

  /**
   * `scenarioName` names a facility that a scenario added (it is not in the facility table);
   * without it such a facility is shown by its id.
   */
  constructor(
    private readonly a: Analysis,
    private readonly scenarioName: (scenario: number, facilityId: string) => Promise<string | null> = async () => null,
  ) {}

  private async cellPyramid(): Promise<CellPyramid> {
    const cells = await this.a.inputs.cells()
    if (this.pyramid?.key !== cells.key) {
      const value = Promise.resolve().then(() => {
        const t0 = Date.now()
        const p = new CellPyramid(cells)
        log.info(`tiles: cell pyramid of ${cells.count} cells (res ${[...p.levels.keys()].join(', ')}) built in ${Date.now() - t0} ms`)
        return p
      })
      this.pyramid = { key: cells.key, value }
    }
    return this.pyramid.value
  }

  private idOf(o: object): number {
    let id = this.ids.get(o)
    if (id === undefined) this.ids.set(o, (id = this.nextId++))
    return id
  }

  /** The values behind a request, computed once per field state (a scenario edit makes a new token). */
  private async values(q: CellTilesQuery): Promise<ValueSet> {
    const r = await this.a.resolve(q)
    const scoring = q.value === 'score'
    const scored = scoring ? await accessibilityScores(this.a, r, q.method, q.scenario) : null
    const field = scored ? scored.field : await this.a.field(r, { scenario: q.scenario })
    const [cells, pyramid] = await Promise.all([this.a.inputs.cells(), this.cellPyramid()])
    const state = `${this.idOf(field.metres)}.${field.live?.version ?? 0}`
    const token = [this.instance, cells.key, state, r.speedKmh, r.thresholdMinutes, scoring ? q.method : 't'].join('-')
    const hit = this.valueSets.get(token)
    if (hit) return hit
    const value = (async (): Promise<ValueSet> => {
      const t0 = Date.now()
      const minutes = this.a.minutes(field, r.speedKmh)
      const target = cells.target(r.type.targetGroup)
      const population = cells.rows.columns.population
      const input = { minutes, target, population, thresholdMinutes: r.thresholdMinutes, score: scored?.score }
      const levels = new Map<number, LevelValues>()
      const level = (res: number) => {
        let v = levels.get(res)
        if (!v) levels.set(res, (v = levelValues(pyramid, input, res)))
        return v
      }
      const fine = level(FINE_RESOLUTION)
      let T = 0
      let C = 0
      for (let i = 0; i < cells.count; i++) {
        T += target[i]
        if (fine.covered[i] === 1) C += target[i]
      }
      const set: ValueSet = { token, r, field, level, targetPopulation: T, coveredPopulation: C }
      if (scored) {
        const positive = Float64Array.from(scored.score, (s, i) => (s > 0 && target[i] > 0 ? s : NaN))
        set.scoreBreaks = weightedQuantiles(positive, target, [0.2, 0.4, 0.6, 0.8])
        set.scoreMax = weightedQuantiles(positive, target, [1])[0]
      }
      log.debug(`tiles: values ${token} in ${Date.now() - t0} ms`)
      return set
    })()
    this.valueSets.set(token, value)
    value.catch(() => this.valueSets.delete(token))
    while (this.valueSets.size > VALUE_SETS_KEPT) this.valueSets.delete(this.valueSets.keys().next().value!)
    return value
  }

  /** `GET /api/tiles/cells.json`: TileJSON with the current token in the tile URL, and legend facts. */
  async tileJson(q: CellTilesQuery): Promise<CellTileJson> {
    const [set, pyramid] = await Promise.all([this.values(q), this.cellPyramid()])
    const params = new URLSearchParams({ type: set.r.type.code, mode: set.r.mode, minutes: String(set.r.thresholdMinutes), speedKmh: String(set.r.speedKmh), value: q.value })
    if (q.value === 'score') params.set('method', q.method)
    if (q.scenario) params.set('scenario', String(q.scenario))
    params.set('v', set.token)
    const fields: Record<string, string> = {
      r: 'H3 resolution', m: 'minutes to the nearest facility', c: 'covered share of the target group',
      p: 'residents', t: 'target-group residents',
    }
    if (q.value === 'score') fields.s = '2SFCA score'
    return {
      tilejson: '3.0.0',
      name: 'circle15 cells',
      tiles: [`/api/tiles/cells/{z}/{x}/{y}.pbf?${params}`],
      minzoom: 0,
      maxzoom: MAX_TILE_ZOOM,
      bounds: pyramid.bounds(),
      vector_layers: [{ id: 'cells', fields, minzoom: 0, maxzoom: MAX_TILE_ZOOM }],
      circle15: {
        token: set.token,
        type: set.r.type.code,
        targetGroup: set.r.type.targetGroup,
        mode: set.r.mode,
        speedKmh: set.r.speedKmh,
        thresholdMinutes: set.r.thresholdMinutes,
        method: set.field.method,
        value: q.value,
        scenario: q.scenario ?? null,
        resolutions: Array.from({ length: MAX_TILE_ZOOM + 1 }, (_, z) => resolutionForZoom(z)),
        scoreBreaks: set.scoreBreaks,
        scoreMax: set.scoreMax,
        targetPopulation: set.targetPopulation,
        coveredPopulation: set.coveredPopulation,
      },
    }
  }

  /**
   * One tile, gzip-compressed, and whether it belongs to the token the client asked for (so the
   * route can let the browser cache it). Tiles outside the data are empty tiles, never errors.
   */
  async tile(q: CellTilesQuery, z: number, x: number, y: number): Promise<{ gzip: Buffer; token: string }> {
    if (x >= 2 ** z || y >= 2 ** z) throw badRequest('tile out of range', [{ field: 'x', message: `x and y must be below 2^${z}` }], 'invalid_request')
    const set = await this.values(q)
    // `minutes` and `covered` colour the same tile (both values are in it); only scores add a field.
    const withScore = q.value === 'score'
    const key = `${set.token}|${withScore ? 'score' : 'plain'}|${z}/${x}/${y}`
    const hit = this.tiles.get(key)
    if (hit) {
      this.tiles.delete(key)
      this.tiles.set(key, hit) // most recently used last
      return { gzip: hit, token: set.token }
    }
    const pyramid = await this.cellPyramid()
    const gzip = zlib.gzipSync(encodeTile([this.layer(pyramid, set, withScore, z, x, y)]), { level: 6 })
    this.tiles.set(key, gzip)
    this.tileBytes += gzip.length
    for (const [k, b] of this.tiles) {
      if (this.tileBytes <= TILE_CACHE_BYTES) break
      this.tiles.delete(k)
      this.tileBytes -= b.length
    }
    return { gzip, token: set.token }
  }

  /** The `cells` layer of tile z/x/y: every populated cell of the zoom's resolution overlapping it. */
  private layer(pyramid: CellPyramid, set: ValueSet, withScore: boolean, z: number, x: number, y: number): TileLayerWriter {
    const res = resolutionForZoom(z)
    const level = pyramid.level(res)
    const v = set.level(res)
    const [w, s, e, n] = tileBounds(z, x, y)
    const scale = 2 ** z * EXTENT
    const layer = new TileLayerWriter('cells', CELL_KEYS)
    const ring = new Int32Array(64)
    const props = new Float64Array(CELL_KEYS.length)
    for (const i of level.index.query(w, s, e, n)) {
      if (!(v.population[i] > 0)) continue
      const count = level.shapes.ring(i, scale, x * EXTENT, y * EXTENT, ring)
      if (!count) continue
      // Few distinct values keep the tile small (MVT stores each distinct value once). Minutes are
      // rounded *up* to 0.1, so "≤ threshold" reads the same on the map as in the analysis.
      const m = v.minutes[i]
      const c = v.covered[i]
      props[0] = res
      props[1] = Math.round(v.population[i])
      props[2] = round(v.target[i], v.target[i] < 10 ? 1 : 0)
      props[3] = Number.isFinite(m) ? Math.ceil(m * 10 - 1e-6) / 10 : NaN
      props[4] = Number.isFinite(c) ? round(c, 2) : NaN
      props[5] = withScore && v.score ? Number(v.score[i].toPrecision(3)) : NaN
      layer.addPolygon(i, ring, count, props)
    }
    return layer
  }

  /** `GET /api/tiles/cell/:h3`: a clicked cell (any drawn resolution) with its residents by age. */
  async cellInfo(cell: string, q: CellTilesQuery): Promise<CellInfo> {
    if (!h3.isValidCell(cell)) throw badRequest('invalid H3 cell', [{ field: 'h3', message: `${cell} is not an H3 index` }], 'invalid_request')
    const res = h3.getResolution(cell)
    if (res > FINE_RESOLUTION) throw badRequest('invalid H3 cell', [{ field: 'h3', message: `resolution ${res} is finer than the population grid (10)` }], 'invalid_request')
    const [set, cells, areas, facilities] = await Promise.all([this.values(q), this.a.inputs.cells(), this.a.inputs.areas(), this.a.inputs.facilities()])
    const members = membersOf(cells, cell, res)
    if (!members.length) throw notFound(`no populated cell in ${cell}`, [{ field: 'h3', message: 'no residents in this cell' }])
    const population = Object.fromEntries(POPULATION_COLUMNS.map((c) => [c, 0])) as CellInfo['population']
    for (const i of members) for (const c of POPULATION_COLUMNS) population[c] += cells.rows.columns[c][i]
    const target = cells.target(set.r.type.targetGroup)
    const fine = set.level(FINE_RESOLUTION)
    let T = 0
    let C = 0
    let wm = 0
    let w = 0
    let sc = 0
    for (const i of members) {
      T += target[i]
      if (fine.covered[i] === 1) C += target[i]
      if (Number.isFinite(fine.minutes[i])) {
        const weight = target[i] > 0 ? target[i] : 1e-9
        wm += weight * fine.minutes[i]
        w += weight
      }
      if (fine.score) sc += target[i] * fine.score[i]
    }
    const first = members[0]
    let nearest: CellInfo['nearest'] = null
    if (res === FINE_RESOLUTION) {
      const j = set.field.nearest[first]
      const f = j >= 0 ? set.field.facilities[j] : null
      if (f) {
        const k = facilities.rows.ids.indexOf(f.id)
        const name = k >= 0 ? facilities.rows.names[k] : q.scenario ? await this.scenarioName(q.scenario, f.id) : null
        nearest = { id: f.id, name, lng: f.lng, lat: f.lat, capacity: f.capacity }
      }
    }
    const areaOf = async (level: string) => {
      const list = areas.atLevel(level)
      if (!list.length) return null
      const k = (await areas.membership(level))[first]
      return k >= 0 ? { code: list[k].code, name: list[k].name } : null
    }
    const info: CellInfo = {
      h3: cell,
      resolution: res,
      cells: members.length,
      population,
      type: set.r.type.code,
      targetGroup: set.r.type.targetGroup,
      targetPopulation: T,
      coveredPopulation: C,
      minutes: w > 0 ? wm / w : null,
      thresholdMinutes: set.r.thresholdMinutes,
      mode: set.r.mode,
      speedKmh: set.r.speedKmh,
      method: set.field.method,
      nearest,
      district: await areaOf('district'),
      township: await areaOf('township'),
    }
    if (fine.score) info.score = T > 0 ? sc / T : 0
    return info
  }
}

/** Indexes of the populated res-10 cells inside `cell` (itself when it is res 10). */
function membersOf(cells: CellTable, cell: string, res: number): number[] {
  if (res === FINE_RESOLUTION) {
    const i = cells.index().get(cell)
    return i === undefined ? [] : [i]
  }
  const out: number[] = []
  for (const child of h3.cellToChildren(cell, FINE_RESOLUTION)) {
    const i = cells.index().get(child)
    if (i !== undefined) out.push(i)
  }
  return out
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
