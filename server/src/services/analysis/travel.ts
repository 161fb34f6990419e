import {
  addFacility, createFacilitySet, metresToMinutes, moveFacility, removeFacility, travelMethod, travelTimeToNearest,
  type FacilitySet, type FieldChange, type NearestFacilityField, type TravelContext, type TravelMethod,
} from '../../engine'
import { readTravelResult, storedMetres, writeTravelResult } from '../../db/travel-results'
import { limitExceeded } from '../../errors'
import { log } from '../../log'
import type { AnalysisInputs } from './inputs'
import type { FieldPool } from './pool'

/** One facility as the engine sees it. */
export interface FacilityPoint {
  id: string
  lng: number
  lat: number
  capacity: number | null
}

/**
 * Minutes from every cell to the nearest facility of one type on one network: distances are
 * speed-independent (metres), minutes are derived per requested speed.
 */
export interface TypeField {
  type: string
  profile: string
  method: TravelMethod
  /** Per cell, metres to the nearest facility (Infinity = unreachable). */
  metres: Float64Array
  /** Per cell, index into `facilities` (−1 = none). */
  nearest: Int32Array
  /** Facilities by engine index (removed ones stay as null slots). */
  facilities: (FacilityPoint | null)[]
  /** The in-memory engine state, present when computed here (what-if needs it). */
  live?: LiveField
}

/** An engine field that can be changed incrementally (scenarios). */
export class LiveField {
  /** Incremented by every change, so results derived from the field know when they are stale. */
  version = 0
  private constructor(
    readonly ctx: TravelContext,
    readonly set: FacilitySet,
    readonly field: NearestFacilityField,
    readonly facilities: (FacilityPoint | null)[],
  ) {}

  /** Full computation over `facilities` (one multi-source search). */
  static compute(ctx: TravelContext, facilities: FacilityPoint[]): LiveField {
    const set = createFacilitySet(ctx, Float64Array.from(facilities, (f) => f.lng), Float64Array.from(facilities, (f) => f.lat))
    const field = travelTimeToNearest(ctx, set, { speedKmh: 4 })
    return new LiveField(ctx, set, field, [...facilities])
  }

  /** The same computation, in a worker of `pool` when that helps (identical result). */
  static async computeIn(pool: FieldPool, key: string, ctx: TravelContext, facilities: FacilityPoint[]): Promise<LiveField> {
    const set = createFacilitySet(ctx, Float64Array.from(facilities, (f) => f.lng), Float64Array.from(facilities, (f) => f.lat))
    const field = await pool.nearest(key, ctx, set, 4)
    return new LiveField(ctx, set, field, [...facilities])
  }

  get method(): TravelMethod {
    return travelMethod(this.ctx, this.set, this.field)
  }

  add(f: FacilityPoint): { index: number; change: FieldChange } {
    const { index, change } = addFacility(this.ctx, this.set, this.field, f.lng, f.lat)
    this.facilities[index] = f
    this.version++
    return { index, change }
  }

  remove(index: number): FieldChange {
    const change = removeFacility(this.ctx, this.set, this.field, index)
    this.facilities[index] = null
    this.version++
    return change
  }

  move(index: number, lng: number, lat: number): FieldChange {
    const f = this.facilities[index]!
    const moved = moveFacility(this.ctx, this.set, this.field, index, lng, lat)
    this.facilities[index] = null
    this.facilities[moved.index] = { ...f, lng, lat }
    this.version++
    return moved.change
  }

  /** Changes a facility's capacity (2SFCA only: travel times do not depend on it). */
  resize(index: number, capacity: number | null) {
    this.facilities[index] = { ...this.facilities[index]!, capacity }
    this.version++
  }

  indexOf(id: string): number {
    return this.facilities.findIndex((f) => f?.id === id)
  }

  toTypeField(type: string, profile: string): TypeField {
    return { type, profile, method: this.method, metres: this.field.metres, nearest: this.field.nearest, facilities: this.facilities, live: this }
  }
}

/** Minutes at `speedKmh` from metres (Infinity stays Infinity). */
export function minutesAt(metres: Float64Array, speedKmh: number): Float64Array {
  const out = new Float64Array(metres.length)
  for (let i = 0; i < out.length; i++) out[i] = metresToMinutes(metres[i], speedKmh)
  return out
}

/**
 * Fingerprint of a set of facilities (ids and positions, order-independent): part of every stored
 * result's input key. Capacity is left out: travel times do not depend on it. A sum of per-facility
 * hashes (two 32-bit FNV-1a with different seeds) and the count: ~0.3 ms for a thousand facilities,
 * computed when a field is read from or written to the database.
 */
export function facilityFingerprint(facilities: readonly (FacilityPoint | null)[]): string {
  let a = 0
  let b = 0
  let n = 0
  for (const f of facilities) {
    if (!f) continue
    const key = `${f.id}|${f.lng}|${f.lat}`
    a = (a + fnv1a(key, 0x811c9dc5)) >>> 0
    b = (b + fnv1a(key, 0x01000193)) >>> 0
    n++
  }
  return `${n.toString(36)}-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`
}

function fnv1a(s: string, seed: number): number {
  let h = seed
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * Nearest-facility fields per (scenario, type, network): computed once per input version, kept in
 * memory, and stored in PostGIS (travel_results) so that a restart reads them instead of
 * recomputing. A field is recomputed only when its own inputs changed: the cells, the streets or
 * this type's facilities. Scenario 0 is the baseline (existing facilities only).
 */
export class TravelFields {
  private cache = new Map<string, { key: string; value: Promise<TypeField> }>()
  private writes = new Set<Promise<void>>()
  private pendingWrites = new Map<string, NodeJS.Timeout>()
  /** SEARCH_MAX_NODES: a city-wide field settles every node of the network, so larger networks are refused. */
  maxNodes = Infinity
  constructor(private readonly inputs: AnalysisInputs, private readonly pool?: FieldPool) {}

  /** Waits for results still being written to the database (before closing it). */
  async flush(): Promise<void> {
    for (const [slot, timer] of this.pendingWrites) {
      clearTimeout(timer)
      this.pendingWrites.delete(slot)
    }
    await Promise.all(this.writes)
  }

  /** Existing facilities of a type (planned and under-construction ones only count in scenarios). */
  async baselineFacilities(type: string): Promise<FacilityPoint[]> {
    const table = await this.inputs.facilities()
    const r = table.rows
    return (table.byType.get(type) ?? [])
      .filter((i) => r.status[i] === 'existing')
      .map((i) => ({ id: r.ids[i], lng: r.lng[i], lat: r.lat[i], capacity: Number.isNaN(r.capacity[i]) ? null : r.capacity[i] }))
  }

  async baseline(type: string, profile: string, opts: { live?: boolean } = {}): Promise<TypeField> {
    // The baseline list follows from the facilities table: its version identifies it.
    const { key } = await this.inputs.facilities()
    return this.get(0, type, profile, () => this.baselineFacilities(type), { ...opts, key })
  }

  /**
   * The field of a facility list (the baseline's or a scenario's list of this type) on a
   * profile's network. `opts.key` identifies the list (facilities table version, plus a
   * scenario's change count), so `facilities` is only read on a miss; the stored result is keyed
   * by the list's fingerprint.
   */
  async get(
    scenarioId: number,
    type: string,
    profile: string,
    facilities: () => Promise<FacilityPoint[]>,
    opts: { live?: boolean; key: string },
  ): Promise<TypeField> {
    // The context's key follows from the data versions: a stored result is read without waiting
    // for the network and the snapped cells (a restart answers before they are loaded).
    const ctxKey = await this.inputs.contextKey(profile)
    const slot = `${scenarioId}|${type}|${profile}`
    const memoryKey = `${ctxKey}|${opts.key}`
    const hit = this.cache.get(slot)
    if (hit && hit.key === memoryKey) {
      const f = await hit.value
      if (f.live || !opts.live) return f
    }
    const value = (async (): Promise<TypeField> => {
      const list = await facilities()
      const dbKey = { scenarioId, type, network: profile, inputKey: `${ctxKey}|${facilityFingerprint(list)}` }
      if (!opts.live) {
        const [stored, cells] = await Promise.all([readTravelResult(this.inputs.db, dbKey), this.inputs.cells()])
        if (stored && stored.distanceMm.length === cells.count) {
          return { type, profile, method: stored.method, metres: storedMetres(stored.distanceMm), nearest: stored.nearest, facilities: list }
        }
      }
      const { key: builtKey, ctx } = await this.inputs.context(profile)
      const nodes = ctx.network?.graph.nodeCount ?? 0
      if (nodes > this.maxNodes) {
        throw limitExceeded('mode', `the ${profile} street network has ${nodes} nodes, all of which a city-wide search settles; at most ${this.maxNodes}`, 'SEARCH_MAX_NODES')
      }
      const t0 = Date.now()
      const live = this.pool ? await LiveField.computeIn(this.pool, `${profile}|${builtKey}`, ctx, list) : LiveField.compute(ctx, list)
      const field = live.toTypeField(type, profile)
      log.info(`travel times: ${type} (${profile}, scenario ${scenarioId}, ${list.length} facilities, ${field.method}) in ${Date.now() - t0} ms`)
      // Keyed by the context it was computed on (newer than ctxKey if data changed meanwhile).
      this.store({ ...dbKey, inputKey: `${builtKey}|${facilityFingerprint(list)}` }, field)
      return field
    })()
    this.cache.set(slot, { key: memoryKey, value })
    value.catch(() => this.cache.delete(slot))
    return value
  }

  /**
   * After an incremental change to a cached live field: re-key it (`key` as given to `get`) and
   * store it once edits pause for 5 s (a burst of edits is written once, not during the burst;
   * the stored key is the fingerprint).
   */
  async changed(scenarioId: number, field: TypeField, key: string): Promise<void> {
    const ctxKey = await this.inputs.contextKey(field.profile)
    const slot = `${scenarioId}|${field.type}|${field.profile}`
    this.cache.set(slot, { key: `${ctxKey}|${key}`, value: Promise.resolve(field) })
    clearTimeout(this.pendingWrites.get(slot))
    this.pendingWrites.set(slot, setTimeout(() => {
      this.pendingWrites.delete(slot)
      this.store({ scenarioId, type: field.type, network: field.profile, inputKey: `${ctxKey}|${facilityFingerprint(field.facilities)}` }, field)
    }, 5000))
  }

  /** Forgets a scenario's fields (deleted scenario, or an undone change). */
  drop(scenarioId: number, type?: string) {
    for (const slot of [...this.cache.keys()]) {
      const [s, t] = slot.split('|')
      if (Number(s) === scenarioId && (type === undefined || t === type)) this.cache.delete(slot)
    }
  }

  private store(key: { scenarioId: number; type: string; network: string; inputKey: string }, field: TypeField) {
    const write = writeTravelResult(this.inputs.db, key, field)
      .catch((e) => log.warn(`travel times: could not store ${key.type}: ${e.message}`))
      .finally(() => this.writes.delete(write))
    this.writes.add(write)
  }
}
