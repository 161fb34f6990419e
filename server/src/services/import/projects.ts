import type { CrsCode } from '../../contract/records'
import type { RawRecord } from '../../formats/types'
import { extraAttributes, IssueList, notText, pick, toNumber, toText } from './fields'
import { recordGeometry } from './geometry'
import type { ProjectRow } from '../../db/projects'

export type { ProjectRow }

/** Validates project records (the year's list of major projects, investment in 亿元). */
export function normalizeProjects(records: RawRecord[], ctx: { crs: CrsCode; domains: ReadonlySet<string>; issues: IssueList }): ProjectRow[] {
  const { issues } = ctx
  const rows: ProjectRow[] = []
  const seen = new Map<string, number>()
  for (const rec of records) {
    const before = issues.count
    for (const f of ['status', 'facility_ids']) {
      const p = f === 'status' ? notText(rec, f) : notText(rec, f, ['facility_ids', 'facilities'])
      if (p) issues.add(p)
    }
    const id = toText(pick(rec, 'id'))
    if (!id) issues.add({ record: rec.index, field: 'id', message: 'id is required' })
    else if (seen.has(id)) issues.add({ record: rec.index, id, field: 'id', message: `duplicate id ${id} (also record ${seen.get(id)})` })
    else seen.set(id, rec.index)
    const name = toText(pick(rec, 'name'))
    if (!name) issues.add({ record: rec.index, id, field: 'name', message: 'name is required' })
    const domain = toText(pick(rec, 'domain', ['domain', '领域']))
    if (!domain || !ctx.domains.has(domain)) {
      issues.add({ record: rec.index, id, field: 'domain', message: `domain must be one of ${[...ctx.domains].join(', ')}; got ${JSON.stringify(domain ?? null)}` })
    }
    const invRaw = pick(rec, 'investment', ['investment', '年度计划投资', '投资'])
    const investment = invRaw === undefined ? null : toNumber(invRaw)
    if (investment === undefined || (investment !== null && investment < 0)) {
      issues.add({ record: rec.index, id, field: 'investment', message: `investment must be a number ≥ 0 (亿元); got ${JSON.stringify(invRaw)}` })
    }
    const yearRaw = pick(rec, 'year', ['year', '年度'])
    const year = yearRaw === undefined ? null : toNumber(yearRaw)
    if (year === undefined || (year !== null && (!Number.isInteger(year) || year < 1900 || year > 2200))) {
      issues.add({ record: rec.index, id, field: 'year', message: `year must be a whole year; got ${JSON.stringify(yearRaw)}` })
    }
    const facilityIds = (toText(pick(rec, 'facility_ids', ['facility_ids', 'facilities'])) ?? '').split(/[;,|\s]+/).filter(Boolean)
    const hasPoint = pick(rec, 'lng') !== undefined || pick(rec, 'lat') !== undefined || !!rec.geometry
    const geom = hasPoint ? recordGeometry(rec, ctx.crs, ['Point'], issues) : undefined
    if (issues.count > before) continue
    const point = geom?.type === 'Point' ? geom.coordinates : null
    rows.push({
      record: rec.index,
      id: id!,
      name: name!,
      domain: domain!,
      investment: investment ?? null,
      status: toText(pick(rec, 'status')) ?? null,
      year: year ?? null,
      facilityIds,
      lng: point ? point[0] : null,
      lat: point ? point[1] : null,
      attributes: extraAttributes(rec, ['id', 'name', 'domain', 'investment', 'status', 'year', 'facility_ids', 'lng', 'lat']),
    })
  }
  return rows
}
