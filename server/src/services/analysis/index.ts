import { badRequest, notFound } from '../../errors'
import { modeTravelKey, resolveTravel, TravelSettingsError, type TravelMode } from '../../engine'
import type { FacilityType } from '../../contract/catalogue'
import type { AnalysisInputs } from './inputs'
import { minutesAt, TravelFields, type TypeField } from './travel'
import { FieldPool } from './pool'

/** A request's travel settings resolved against the catalogue. */
export interface ResolvedRequest {
  type: FacilityType
  mode: string
  profile: string
  speedKmh: number
  thresholdMinutes: number
}

/**
 * The analysis service: every figure the UI or a report shows comes from here. It owns the input
 * cache and the travel-time fields; each measure lives in its own module and takes this object.
 */
export class Analysis {
  readonly fields: TravelFields
  private minutesCache = new Map<string, { metres: Float64Array; version: number; speed: number; minutes: Float64Array }>()
  constructor(readonly inputs: AnalysisInputs, readonly pool: FieldPool = new FieldPool({ threads: 0 })) {
    this.fields = new TravelFields(inputs, pool)
  }

  /** Writes what is pending and stops the worker threads (server shutdown, tests). */
  async close(): Promise<void> {
    await this.fields.flush()
    await this.pool.close()
  }

  db() {
    return this.inputs.db
  }

  /** Type, mode, speed and threshold of a request; every invalid field listed in one 400. */
  async resolve(q: { type: string; mode?: string; speedKmh?: number; minutes?: number }): Promise<ResolvedRequest> {
    const cat = await this.inputs.catalogue()
    const type = cat.type(q.type)
    const modes: TravelMode[] = cat.modes
    const problems: { field: string; message: string }[] = []
    if (!type) problems.push({ field: 'type', message: `unknown facility type ${q.type} (known: ${cat.types.map((t) => t.code).join(', ')})` })
    let travel
    try {
      travel = resolveTravel(modes, type?.thresholdMinutes ?? 15, q)
    } catch (e) {
      if (!(e instanceof TravelSettingsError)) throw e
      problems.push(...e.problems)
    }
    if (problems.length || !type || !travel) throw badRequest('invalid query parameters', problems, 'invalid_request')
    return { type, mode: travel.mode, profile: modeTravelKey(travel.travel), speedKmh: travel.speedKmh, thresholdMinutes: travel.thresholdMinutes }
  }

  /** The nearest-facility field of a request: the baseline, or a scenario's (scenario id > 0). */
  async field(r: ResolvedRequest, opts: { live?: boolean; scenario?: number } = {}): Promise<TypeField> {
    if (opts.scenario) {
      if (!this.scenarioField) throw notFound(`no scenario ${opts.scenario}`, [{ field: 'scenario', message: 'unknown scenario' }])
      return this.scenarioField(opts.scenario, r, { live: opts.live })
    }
    return this.fields.baseline(r.type.code, r.profile, opts)
  }

  /** Set by the scenario service: the field of a scenario. */
  scenarioField?: (scenario: number, r: ResolvedRequest, opts?: { live?: boolean }) => Promise<TypeField>

  /** Minutes per cell at the request's speed (memoised per field state and speed; scenario edits change the state). */
  minutes(field: TypeField, speedKmh: number): Float64Array {
    const key = `${field.type}|${field.profile}|${speedKmh}`
    const version = field.live?.version ?? 0
    const hit = this.minutesCache.get(key)
    if (hit && hit.metres === field.metres && hit.version === version && hit.speed === speedKmh) return hit.minutes
    const minutes = minutesAt(field.metres, speedKmh)
    if (this.minutesCache.size > 64) this.minutesCache.clear()
    this.minutesCache.set(key, { metres: field.metres, version, speed: speedKmh, minutes })
    return minutes
  }
}
