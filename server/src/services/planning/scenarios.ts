import type { Database } from '../../db/database'
import {
  createScenario, deleteChange, deleteScenario, getScenario, insertChange, listChanges, listScenarios, updateScenario,
  type ChangeRow, type ScenarioRow,
} from '../../db/scenarios'
import { badRequest, conflict, limitExceeded, notFound } from '../../errors'
import { metresToMinutes, type FieldChange } from '../../engine'
import type { ChangeBody } from '../../contract/analysis'
import type { ChangeResponse, ScenarioChange, ScenarioDelta, ScenarioDetail, ScenarioSummary } from '../../contract/responses'
import type { Analysis, ResolvedRequest } from '../analysis'
import type { FacilityPoint, TypeField } from '../analysis/travel'
import type { FacilityRecord } from '../../db/facilities'
import { areaContainsPoint } from '../../db/areas'


/**
 * What-if scenarios: a scenario is the baseline's existing facilities plus its changes, applied
 * in order (add / move / remove / resize; adding the id of a planned facility switches it on).
 * The baseline is never altered. Fields are built once per scenario and type, then every change is
 * applied incrementally (a bounded search from what changed), so an edit answers in milliseconds.
 */
export class Scenarios {
  private changes = new Map<number, ChangeRow[]>()
  private known = new Set<number>()
  private locks = new Map<number, Promise<unknown>>()
  private revisions = new Map<number, number>()
  constructor(private readonly db: Database, private readonly a: Analysis, private readonly opts: { maxChanges?: number } = {}) {
    a.scenarioField = (id, r, opts) => this.field(id, r, opts)
  }

  create(name: string, description: string | undefined, actor: string) {
    return createScenario(this.db, { name, description, actor })
  }
  async list(): Promise<ScenarioSummary[]> {
    return (await listScenarios(this.db)).map(scenarioOut)
  }
  async get(id: number): Promise<ScenarioDetail> {
    const s = await this.require(id)
    return { ...scenarioOut(s), changes: (await this.changeList(id)).map(changeOut) }
  }
  async update(id: number, p: { name?: string; description?: string }): Promise<ScenarioSummary> {
    if (!(await updateScenario(this.db, id, p))) throw this.missing(id)
    return scenarioOut(await this.require(id))
  }
  async remove(id: number) {
    const deleted = await deleteScenario(this.db, id)
    this.forget(id)
    if (!deleted) throw this.missing(id)
  }

  private forget(id: number) {
    this.known.delete(id)
    this.changes.delete(id)
    this.a.fields.drop(id)
    this.bump(id)
  }

  /**
   * The scenario's state in this process: moves with every change, undo or deletion, at the moment
   * the fields change (cached answers are keyed by it).
   */
  revision(id: number): number {
    return this.revisions.get(id) ?? 0
  }

  private bump(id: number) {
    this.revisions.set(id, this.revision(id) + 1)
  }

  /**
   * The facility records of a scenario: the stored ones (filtered as asked) with its changes
   * applied — added facilities appear as planned, with the change that added them.
   */
  async facilityRecords(id: number, base: FacilityRecord[], f: { types?: string[]; status?: string[]; area?: string }): Promise<(FacilityRecord & { scenarioChange?: number })[]> {
    await this.require(id)
    const out: (FacilityRecord & { scenarioChange?: number })[] = base.map((r) => ({ ...r }))
    for (const c of await this.changeList(id)) {
      const k = out.findIndex((r) => r.id === c.facilityId)
      if (c.op === 'remove') {
        if (k >= 0) out.splice(k, 1)
      } else if (c.op === 'move' || c.op === 'resize') {
        if (k >= 0) out[k] = { ...out[k], ...(c.op === 'move' ? { lng: c.lng!, lat: c.lat! } : { capacity: c.capacity }), scenarioChange: c.id }
      } else if (k >= 0) {
        out[k] = { ...out[k], lng: c.lng!, lat: c.lat!, scenarioChange: c.id } // a planned facility switched on
      } else if ((!f.types || f.types.includes(c.type!)) && (!f.status || f.status.includes('planned'))) {
        if (f.area && !(await areaContainsPoint(this.db, f.area, c.lng!, c.lat!))) continue
        out.push({ id: c.facilityId, name: c.name, type: c.type!, capacity: c.capacity, status: 'planned', lng: c.lng!, lat: c.lat!, attributes: {}, scenarioChange: c.id })
      }
    }
    return out
  }

  /** The scenario's facilities of one type (baseline existing ones with the changes applied). */
  async facilities(id: number, type: string): Promise<FacilityPoint[]> {
    const list = await this.a.fields.baselineFacilities(type)
    for (const c of await this.changeList(id)) if (c.type === type) applyToList(list, c)
    return list
  }

  async field(id: number, r: ResolvedRequest, opts: { live?: boolean } = {}): Promise<TypeField> {
    await this.requireKnown(id)
    const type = r.type.code
    return this.a.fields.get(id, type, r.profile, () => this.facilities(id, type), { ...opts, key: await this.listKey(id, type) })
  }

  /**
   * Identifies a scenario's facility list of one type without building it: the baseline facilities'
   * version and the scenario's changes of that type (each edit appends one).
   */
  private async listKey(id: number, type: string): Promise<string> {
    const [table, changes] = await Promise.all([this.a.inputs.facilities(), this.changeList(id)])
    let n = 0
    let last = 0
    for (const c of changes) if (c.type === type) [n, last] = [n + 1, c.id]
    return `${table.key}:${n}:${last}`
  }

  /** `POST /api/scenarios/:id/changes`: validates, records and applies one change; returns the delta. */
  applyChange(id: number, body: ChangeBody, actor: string): Promise<ChangeResponse> {
    return this.exclusive(id, async () => {
      await this.requireKnown(id)
      const max = this.opts.maxChanges ?? Infinity
      if ((await this.changeList(id)).length >= max) {
        throw limitExceeded('op', `scenario ${id} holds ${max} changes, the most one scenario may hold; undo some or start a new scenario`, 'SCENARIO_MAX_CHANGES')
      }
      const row = await this.resolveChange(id, body)
      const r = await this.a.resolve({ type: row.type!, mode: body.mode, minutes: body.minutes, speedKmh: body.speedKmh })
      // The field as it stands before the change, so that the change can be applied incrementally.
      const field = await this.field(id, r, { live: true })
      const change = await insertChange(this.db, id, { ...row, actor })
      if (!change) {
        this.forget(id) // deleted meanwhile (by another server on the same database)
        throw this.missing(id)
      }
      this.changes.get(id)?.push(change)
      const fieldChange = applyToLive(field, change)
      this.bump(id)
      await this.a.fields.changed(id, field, await this.listKey(id, row.type!))
      const delta = fieldChange ? await this.delta(r, field, fieldChange) : await this.zeroDelta(r)
      return { change: changeOut(change), delta: [delta] }
    })
  }

  /** Undoes one change: the scenario's fields of that type are rebuilt from the remaining changes. */
  undoChange(id: number, changeId: number): Promise<void> {
    return this.exclusive(id, async () => {
      const list = await this.changeList(id)
      const change = list.find((c) => c.id === changeId)
      if (!change || !(await deleteChange(this.db, id, changeId))) throw notFound(`scenario ${id} has no change ${changeId}`)
      this.changes.set(id, list.filter((c) => c.id !== changeId))
      this.a.fields.drop(id, change.type ?? undefined)
      this.bump(id)
    })
  }

  private async changeList(id: number): Promise<ChangeRow[]> {
    let list = this.changes.get(id)
    if (!list) this.changes.set(id, (list = await listChanges(this.db, id)))
    return list
  }

  /** Fills in a change from the scenario's current facilities; rejects impossible ones. */
  private async resolveChange(id: number, body: ChangeBody): Promise<Omit<ChangeRow, 'id' | 'createdAt' | 'actor'>> {
    const f = body.facility
    const cat = await this.a.inputs.catalogue()
    const table = await this.a.inputs.facilities()
    const stored = f.id !== undefined ? table.rows.ids.indexOf(f.id) : -1
    const changes = await this.changeList(id)
    const addedBefore = f.id !== undefined ? changes.find((c) => c.op === 'add' && c.facilityId === f.id) : undefined
    const typeOf = stored >= 0 ? table.rows.types[stored] : (addedBefore?.type ?? undefined)
    if (f.type !== undefined && !cat.type(f.type)) throw badRequest('invalid change', [{ field: 'facility.type', message: `unknown facility type ${f.type}` }], 'invalid_request')
    if (f.type !== undefined && typeOf !== undefined && f.type !== typeOf) {
      throw badRequest('invalid change', [{ field: 'facility.type', message: `facility ${f.id} is a ${typeOf}, not a ${f.type}` }], 'invalid_request')
    }
    const type = f.type ?? typeOf
    if (!type && body.op !== 'add' && f.id !== undefined) throw notFound(`facility ${f.id} is not in scenario ${id}`, [{ field: 'facility.id', message: 'not in the scenario' }])
    if (!type) throw badRequest('invalid change', [{ field: 'facility.type', message: 'type is required for a new facility' }], 'invalid_request')
    const current = await this.facilities(id, type)
    const present = f.id !== undefined && current.some((x) => x.id === f.id)
    const base = { type, name: f.name ?? null, capacity: f.capacity ?? null, lng: f.lng ?? null, lat: f.lat ?? null }

    if (body.op === 'add') {
      if (present) throw conflict(`facility ${f.id} is already in the scenario`, [{ field: 'facility.id', message: 'already present' }])
      if (stored >= 0 && f.lng === undefined && f.lat === undefined) {
        // Switching on a planned (or under-construction, or removed existing) facility.
        const rows = table.rows
        return { ...base, op: 'add', facilityId: f.id!, name: f.name ?? rows.names[stored], lng: rows.lng[stored], lat: rows.lat[stored],
          capacity: f.capacity ?? (Number.isNaN(rows.capacity[stored]) ? null : rows.capacity[stored]) }
      }
      if (f.lng === undefined || f.lat === undefined) throw badRequest('invalid change', [{ field: 'facility.lng', message: 'lng and lat are required to add a new facility' }], 'invalid_request')
      if (stored >= 0 || addedBefore) throw conflict(`facility id ${f.id} is taken`, [{ field: 'facility.id', message: 'choose another id' }])
      return { ...base, op: 'add', facilityId: f.id ?? `s${id}-${changes.length + 1}-${Date.now().toString(36)}` }
    }
    if (f.id === undefined) throw badRequest('invalid change', [{ field: 'facility.id', message: `${body.op} needs the id of a facility in the scenario` }], 'invalid_request')
    if (!present) throw notFound(`facility ${f.id} is not in scenario ${id}`, [{ field: 'facility.id', message: 'not in the scenario' }])
    if (body.op === 'move' && (f.lng === undefined || f.lat === undefined)) throw badRequest('invalid change', [{ field: 'facility.lng', message: 'move needs lng and lat' }], 'invalid_request')
    if (body.op === 'resize' && f.capacity === undefined) throw badRequest('invalid change', [{ field: 'facility.capacity', message: 'resize needs a capacity' }], 'invalid_request')
    return { ...base, op: body.op, facilityId: f.id }
  }

  /** Change in covered target population, overall and per district, from the cells that changed. */
  private async delta(r: ResolvedRequest, field: TypeField, change: FieldChange): Promise<ScenarioDelta> {
    const [cells, areas] = await Promise.all([this.a.inputs.cells(), this.a.inputs.areas()])
    const target = cells.target(r.type.targetGroup)
    const districts = areas.atLevel('district')
    const member = districts.length ? await areas.membership('district') : null
    const byDistrict = new Float64Array(districts.length)
    let gain = 0
    for (let k = 0; k < change.cells.length; k++) {
      const c = change.cells[k]
      const before = metresToMinutes(change.beforeMetres[k], r.speedKmh) <= r.thresholdMinutes
      const after = metresToMinutes(field.metres[c], r.speedKmh) <= r.thresholdMinutes
      if (before === after) continue
      const g = after ? target[c] : -target[c]
      gain += g
      if (member && member[c] >= 0) byDistrict[member[c]] += g
    }
    return {
      type: r.type.code,
      coveredGain: gain,
      areas: districts.map((d, k) => ({ code: d.code, name: d.name, coveredGain: byDistrict[k] })).filter((d) => d.coveredGain !== 0),
      mode: r.mode,
      minutes: r.thresholdMinutes,
    }
  }

  private async zeroDelta(r: ResolvedRequest): Promise<ScenarioDelta> {
    return { type: r.type.code, coveredGain: 0, areas: [], mode: r.mode, minutes: r.thresholdMinutes }
  }

  /** Like require, without a query for scenarios this process has already seen. */
  private async requireKnown(id: number): Promise<void> {
    if (this.known.has(id)) return
    await this.require(id)
    this.known.add(id)
  }

  private async require(id: number): Promise<ScenarioRow> {
    const s = await getScenario(this.db, id)
    if (!s) throw this.missing(id)
    return s
  }

  private missing(id: number) {
    return notFound(`no scenario ${id}`, [{ field: 'scenario', message: 'unknown scenario' }])
  }

  /** Runs changes of one scenario one after another, so their order is the recorded order. */
  private exclusive<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve()
    const next = prev.catch(() => {}).then(fn)
    this.locks.set(id, next)
    return next
  }
}

/** Applies a recorded change to a facility list (replay). */
export function applyToList(list: FacilityPoint[], c: ChangeRow) {
  const k = list.findIndex((f) => f.id === c.facilityId)
  switch (c.op) {
    case 'add':
      if (k < 0) list.push({ id: c.facilityId, lng: c.lng!, lat: c.lat!, capacity: c.capacity })
      break
    case 'move':
      if (k >= 0) list[k] = { ...list[k], lng: c.lng!, lat: c.lat! }
      break
    case 'remove':
      if (k >= 0) list.splice(k, 1)
      break
    case 'resize':
      if (k >= 0) list[k] = { ...list[k], capacity: c.capacity }
      break
  }
}

/** Applies a change to a live field incrementally; returns the cells that changed (none for resize). */
function applyToLive(field: TypeField, c: ChangeRow): FieldChange | null {
  const live = field.live!
  const k = live.indexOf(c.facilityId)
  switch (c.op) {
    case 'add':
      return live.add({ id: c.facilityId, lng: c.lng!, lat: c.lat!, capacity: c.capacity }).change
    case 'move':
      return live.move(k, c.lng!, c.lat!)
    case 'remove':
      return live.remove(k)
    case 'resize':
      live.resize(k, c.capacity)
      return null
  }
}

/** Rows as they go over the wire: timestamps as ISO 8601 strings. */
const iso = (d: Date | string) => new Date(d).toISOString()
function scenarioOut(s: ScenarioRow): ScenarioSummary {
  return { ...s, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) }
}
function changeOut(c: ChangeRow): ScenarioChange {
  return { ...c, createdAt: iso(c.createdAt) }
}
