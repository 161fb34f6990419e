import type { MultiPolygon, Polygon } from 'geojson'
import type { AreaLevel, CrsCode } from '../../contract/records'
import { AREA_LEVELS } from '../../contract/records'
import type { RawRecord } from '../../formats/types'
import { extraAttributes, IssueList, notText, pick, toText } from './fields'
import { recordGeometry } from './geometry'
import type { AreaRow } from '../../db/areas'

export type { AreaRow }

const LEVEL_ALIASES: Record<string, AreaLevel> = {
  市: 'city', 区: 'district', 县: 'district', 区县: 'district', 乡镇: 'township', 街道: 'township', 镇: 'township',
  社区: 'community', 村: 'community', 片区: 'cluster', county: 'district', town: 'township', village: 'community',
}

/** Validates area records; codes must be unique in the file, levels from the contract. */
export function normalizeAreas(records: RawRecord[], ctx: { crs: CrsCode; issues: IssueList }): AreaRow[] {
  const { issues } = ctx
  const rows: AreaRow[] = []
  const seen = new Map<string, number>()
  for (const rec of records) {
    const before = issues.count
    const parentFault = notText(rec, 'parent', ['parent', 'parent_code', 'parentcode', '上级代码'])
    if (parentFault) issues.add(parentFault)
    const code = toText(pick(rec, 'code', ['code', 'adcode', 'id', '代码', '编码']))
    if (!code) issues.add({ record: rec.index, field: 'code', message: 'code is required (unique area code)' })
    else if (seen.has(code)) issues.add({ record: rec.index, id: code, field: 'code', message: `duplicate code ${code} (also record ${seen.get(code)})` })
    else seen.set(code, rec.index)
    const name = toText(pick(rec, 'name'))
    if (!name) issues.add({ record: rec.index, id: code, field: 'name', message: 'name is required' })
    const levelRaw = toText(pick(rec, 'level', ['level', '级别', '层级']))
    const level = levelRaw === undefined ? undefined : (LEVEL_ALIASES[levelRaw] ?? levelRaw)
    if (!level || !(AREA_LEVELS as readonly string[]).includes(level)) {
      issues.add({ record: rec.index, id: code, field: 'level', message: `level must be one of ${AREA_LEVELS.join(', ')}; got ${JSON.stringify(levelRaw ?? null)}` })
    }
    const parent = toText(pick(rec, 'parent', ['parent', 'parent_code', 'parentcode', '上级代码'])) ?? null
    if (parent !== null && parent === code) issues.add({ record: rec.index, id: code, field: 'parent', message: 'an area cannot be its own parent' })
    const geometry = recordGeometry(rec, ctx.crs, ['Polygon', 'MultiPolygon'], issues)
    if (issues.count > before || !geometry) continue
    rows.push({
      record: rec.index,
      code: code!,
      name: name!,
      level: level as AreaLevel,
      parent,
      attributes: extraAttributes(rec, ['code', 'adcode', 'name', 'level', 'parent', 'parent_code']),
      geometry: geometry as Polygon | MultiPolygon,
    })
  }
  return rows
}
