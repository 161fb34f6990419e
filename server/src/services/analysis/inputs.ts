import type { Database } from '../../db/database'
import { loadCells, type CellRows } from '../../db/population'
import { areaGeometries, listAreaInfo, type AreaInfo } from '../../db/areas'
import { loadFacilityArrays, type FacilityArrays } from '../../db/facilities'
import { readCatalogue } from '../../db/catalogue'
import { readVersions, type DataKind } from '../../db/versions'
import { targetColumns, type Domain, type FacilityType, type Mode } from '../../contract/catalogue'
import { assignPointsToAreas, type StreetNetwork, type TravelContext } from '../../engine'
import { contextKey, loadContext } from './contexts'
import { loadNetwork, networkSpec, travelSpec, type TravelSpec } from './networks'
import { log } from '../../log'

/** The cell grid in h3 order, with per-group target populations computed once. */
export class CellTable {
  private targets = new Map<string, Float64Array>()
  private h3Index?: Map<string, number>
  constructor(readonly key: string, readonly rows: CellRows) {}
  get count() {
    return this.rows.h3.length
  }
  /** Target population per cell of a group (`age_3_5`, or `age_0_2+age_60_plus`). */
  target(group: string): Float64Array {
    let t = this.targets.get(group)
    if (!t) {
      const cols = targetColumns(group).map((c) => this.rows.columns[c])
      t = new Float64Array(this.count)
      for (const col of cols) for (let i = 0; i < t.length; i++) t[i] += col[i]
      this.targets.set(group, t)
    }
    return t
  }
  index(): Map<string, number> {
    if (!this.h3Index) this.h3Index = new Map(this.rows.h3.map((h, i) => [h, i]))
    return this.h3Index
  }
}

export type { AreaInfo }

/** Areas and, per level, which area each cell belongs to (−1 = none). */
export class AreaTable {
  private memberships = new Map<string, Promise<Int32Array>>()
  readonly byCode: Map<string, AreaInfo>
  constructor(private readonly db: Database, readonly key: string, readonly list: AreaInfo[], private readonly cells: CellTable) {
    this.byCode = new Map(list.map((a) => [a.code, a]))
  }
  atLevel(level: string): AreaInfo[] {
    return this.list.filter((a) => a.level === level)
  }
  /**
   * Cell → index into atLevel(level), or −1. A cell belongs to the area containing its centroid
   * (API.md); overlapping areas of one level: the first by code wins.
   */
  membership(level: string): Promise<Int32Array> {
    let m = this.memberships.get(level)
    if (!m) {
      m = (async () => {
        const t0 = Date.now()
        const list = this.atLevel(level)
        const pos = new Map(list.map((a, i) => [a.code, i]))
        const geometries = await areaGeometries(this.db, level)
        const found = assignPointsToAreas(this.cells.rows.lng, this.cells.rows.lat, geometries.map((g) => g.geometry))
        const out = new Int32Array(found.length)
        for (let i = 0; i < found.length; i++) out[i] = found[i] < 0 ? -1 : pos.get(geometries[found[i]].code)!
        log.info(`analysis: cells assigned to ${pos.size} ${level} areas in ${Date.now() - t0} ms`)
        return out
      })()
      m.catch(() => this.memberships.delete(level)) // a failed read (database gone) is retried
      this.memberships.set(level, m)
    }
    return m
  }
}

/** Facilities of every status, grouped by type (index order within a type = engine order). */
export class FacilityTable {
  readonly byType = new Map<string, number[]>()
  constructor(readonly key: string, readonly rows: FacilityArrays) {
    rows.types.forEach((t, i) => {
      const list = this.byType.get(t)
      if (list) list.push(i)
      else this.byType.set(t, [i])
    })
  }
}

export interface CatalogueView {
  key: string
  domains: Domain[]
  types: FacilityType[]
  modes: Mode[]
  type(code: string): FacilityType | undefined
}

/**
 * What every analysis reads, loaded from the database once and kept in memory until the data
 * change (keyed by data_versions): cells, areas, facilities, street networks and the travel
 * context of each network (cells snapped once). Concurrent requests share one load.
 */
export class AnalysisInputs {
  private cache = new Map<string, { key: string; value: Promise<unknown> }>()
  constructor(
    readonly db: Database,
    /** Catalogue-wide travel settings: snap limit (m) and straight-line detour factor. */
    readonly settings: { maxSnapDistanceM: number; detourFactor: number } = { maxSnapDistanceM: 500, detourFactor: 1.3 },
  ) {}

  private versionCheck?: { at: number; value: Promise<Record<DataKind, number>> }

  /**
   * Data versions, read at most once per `maxAgeMs`: imports through this process call
   * `invalidate()` so they are seen at once; another process writing the same server database
   * is seen within a second.
   */
  versions(maxAgeMs = 1000): Promise<Record<DataKind, number>> {
    const now = Date.now()
    if (!this.versionCheck || now - this.versionCheck.at > maxAgeMs) {
      const value = readVersions(this.db)
      value.catch(() => (this.versionCheck = undefined))
      this.versionCheck = { at: now, value }
    }
    return this.versionCheck.value
  }

  /** Forget the cached data versions (after an import through this process). */
  invalidate() {
    this.versionCheck = undefined
  }

  private memo<T>(slot: string, key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(slot)
    if (hit && hit.key === key) return hit.value as Promise<T>
    const value = load()
    this.cache.set(slot, { key, value })
    value.catch(() => this.cache.delete(slot))
    return value
  }

  async catalogue(): Promise<CatalogueView> {
    const v = await this.versions()
    const key = `c${v.catalogue}`
    return this.memo('catalogue', key, async () => {
      const c = await readCatalogue(this.db)
      const byCode = new Map(c.types.map((t) => [t.code, t]))
      return { key, ...c, type: (code: string) => byCode.get(code) }
    })
  }

  async cells(): Promise<CellTable> {
    const v = await this.versions()
    const key = `p${v.population}`
    return this.memo('cells', key, async () => {
      const t0 = Date.now()
      const table = new CellTable(key, await loadCells(this.db))
      log.info(`analysis: ${table.count} cells loaded in ${Date.now() - t0} ms`)
      return table
    })
  }

  async areas(): Promise<AreaTable> {
    const v = await this.versions()
    const key = `a${v.areas}p${v.population}`
    return this.memo('areas', key, async () => {
      const cells = await this.cells()
      const list = await listAreaInfo(this.db)
      return new AreaTable(this.db, key, list, cells)
    })
  }

  async facilities(): Promise<FacilityTable> {
    const v = await this.versions()
    const key = `f${v.facilities}`
    return this.memo('facilities', key, async () => new FacilityTable(key, await loadFacilityArrays(this.db)))
  }

  /**
   * What a travel key stands for: a mode's travel key (`modeTravelKey`: network key plus access
   * leg factor, e.g. `walk`, `bike~…`, `bike~…@leg4.5`), a mode's network key, or a bare profile
   * code (`walk`, `bike`, `car` at uniform speed).
   */
  async travelSpec(key: string): Promise<TravelSpec> {
    const cat = await this.catalogue()
    const specs = cat.modes.map((m) => travelSpec(m))
    const exact = specs.find((t) => t.key === key)
    if (exact) return exact
    const net = specs.find((t) => t.network.code === key)
    return { key, network: net ? net.network : networkSpec(key), legFactor: 1 }
  }

  /**
   * The street network of a travel key (see `travelSpec`) and its access-leg factor, or a null
   * network when no streets are loaded: built at import and stored (networks.ts), read back once
   * per roads version — never rebuilt here from the streets unless it was never stored.
   */
  async network(key: string): Promise<{ key: string; network: StreetNetwork | null; legFactor: number }> {
    const [v, spec] = await Promise.all([this.versions(), this.travelSpec(key)])
    const memoKey = `r${v.roads}`
    const net = await this.memo(`network:${spec.network.code}`, memoKey, async () => ({ key: memoKey, network: (await loadNetwork(this.db, spec.network, v.roads)).network }))
    return { ...net, legFactor: spec.legFactor }
  }

  /** Networks an import in this process has just built: kept as they are instead of read back. */
  adoptNetworks(built: readonly { code: string; roads: number; network: StreetNetwork | null }[]) {
    for (const b of built) {
      const key = `r${b.roads}`
      this.cache.set(`network:${b.code}`, { key, value: Promise.resolve({ key, network: b.network }) })
    }
  }

  /**
   * Loads what the first analysis of each mode needs — catalogue, cells, facilities, areas, then
   * every mode's network and the cells snapped to it — so that no request waits for it: at start,
   * and after an import.
   */
  async prepare(): Promise<void> {
    const t0 = Date.now()
    try {
      // First what every request reads (a restart's first answer, served from stored results,
      // needs nothing else), at once: each is one query, and a request arriving meanwhile waits
      // for the same loads instead of sending its own after them.
      const [cat] = await Promise.all([this.catalogue(), this.cells(), this.facilities(), this.areas()])
      log.info(`analysis: catalogue, cells, facilities and areas ready in ${Date.now() - t0} ms`)
      // One mode's context at a time, letting requests in between: a request served from stored
      // results needs none of them.
      for (const code of new Set(cat.modes.map((m) => travelSpec(m).key))) {
        await new Promise((resolve) => setImmediate(resolve))
        await this.context(code)
      }
      log.info(`analysis: inputs of ${cat.modes.length} modes ready in ${Date.now() - t0} ms`)
    } catch (e) {
      log.warn(`analysis: could not prepare the inputs (${(e as Error).message})`)
      throw e
    }
  }

  /**
   * Cells snapped to a travel key's network with its access-leg factor (once per cells × streets
   * version, stored like the networks: contexts.ts). Its static arrays are in shared memory,
   * ready for worker threads.
   */
  async context(travelKey: string): Promise<{ key: string; ctx: TravelContext }> {
    const [cells, net, spec] = await Promise.all([this.cells(), this.network(travelKey), this.travelSpec(travelKey)])
    const key = `${cells.key}${net.key}`
    return this.memo(`context:${spec.key}`, key, async () => {
      const settings = { ...this.settings, legFactor: spec.legFactor }
      const stored = contextKey(spec.network, cells.key, net.key, settings)
      return { key, ctx: await loadContext(this.db, spec.network, net.network, cells.rows, settings, stored, spec.key) }
    })
  }

  /** The key `context(profile)` will have, from the data versions alone (no loading). */
  async contextKey(profile: string): Promise<string> {
    const v = await this.versions()
    return `p${v.population}r${v.roads}`
  }
}
