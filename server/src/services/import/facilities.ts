import type { CrsCode, FacilityStatus } from '../../contract/records'
import { FACILITY_STATUSES } from '../../contract/records'
import type { RawRecord } from '../../formats/types'
import { extraAttributes, IssueList, notText, pick, toNumber, toText } from './fields'
import { recordGeometry } from './geometry'
import type { FacilityRow } from '../../db/facilities'

export type { FacilityRow }

const STATUS_ALIASES: Record<string, FacilityStatus> = {
  现状: 'existing', 已建: 'existing', 规划: 'planned', 拟建: 'planned', 在建: 'under_construction',
}

/** Validates facility records field by field; the rows are returned only if every record is valid. */
export function normalizeFacilities(records: RawRecord[], ctx: { crs: CrsCode; types: ReadonlySet<string>; issues: IssueList; defaultType?: string }): FacilityRow[] {
  const { issues } = ctx
  const rows: FacilityRow[] = []
  const seen = new Map<string, number>()
  for (const rec of records) {
    const id = toText(pick(rec, 'id'))
    const before = issues.count
    // Optional or defaulted text fields given as objects, arrays or booleans are faults, not "missing".
    for (const f of ['type', 'status', 'name']) {
      const p = notText(rec, f)
      if (p) issues.add({ ...p, id })
    }
    if (!id) issues.add({ record: rec.index, field: 'id', message: 'id is required (the external id, unique in the data set)' })
    else if (seen.has(id)) issues.add({ record: rec.index, id, field: 'id', message: `duplicate id ${id} (also record ${seen.get(id)})` })
    else seen.set(id, rec.index)

    const type = toText(pick(rec, 'type')) ?? ctx.defaultType
    if (!type) issues.add({ record: rec.index, id, field: 'type', message: 'type is required (a facility-type code; or give a default type for the file)' })
    else if (!ctx.types.has(type)) issues.add({ record: rec.index, id, field: 'type', message: `unknown facility type ${JSON.stringify(type)}; see GET /api/facility-types` })

    const capRaw = pick(rec, 'capacity')
    const capacity = capRaw === undefined ? null : toNumber(capRaw)
    if (capacity === undefined) issues.add({ record: rec.index, id, field: 'capacity', message: `capacity is not a number: ${JSON.stringify(capRaw)}` })
    else if (capacity !== null && capacity < 0) issues.add({ record: rec.index, id, field: 'capacity', message: 'capacity must not be negative' })

    const statusRaw = toText(pick(rec, 'status'))
    const status = statusRaw === undefined ? 'existing' : (STATUS_ALIASES[statusRaw] ?? statusRaw)
    if (!(FACILITY_STATUSES as readonly string[]).includes(status)) {
      issues.add({ record: rec.index, id, field: 'status', message: `status must be one of ${FACILITY_STATUSES.join(', ')}; got ${JSON.stringify(statusRaw)}` })
    }

    const geom = recordGeometry(rec, ctx.crs, ['Point'], issues)
    if (issues.count > before || !geom || geom.type !== 'Point') continue
    rows.push({
      record: rec.index,
      id: id!,
      name: toText(pick(rec, 'name')) ?? null,
      type: type!,
      capacity: capacity ?? null,
      status: status as FacilityStatus,
      lng: geom.coordinates[0],
      lat: geom.coordinates[1],
      attributes: extraAttributes(rec, ['id', 'name', 'type', 'capacity', 'status', 'lng', 'lat']),
    })
  }
  return rows
}
