import { badRequest, notFound } from '../../errors'
import type { AnalysisInputs, AreaInfo } from './inputs'

/** The cells a request is about: one area's cells, or all of them. */
export interface Scope {
  area: AreaInfo | null
  /** Indexes of the cells in scope, ascending (h3 order). */
  cells: Int32Array
}

/** A breakdown of a scope into groups (child areas of a level, or the scope as one group). */
export interface Breakdown {
  groups: { code: string | null; name: string }[]
  /** Per cell: group index, −1 = out of scope or in no group. */
  cellGroup: Int32Array
}

/** Resolves `area` (an area code) to its cells; unknown codes are a 404. */
export async function resolveScope(inputs: AnalysisInputs, area?: string): Promise<Scope> {
  const [cells, areas] = await Promise.all([inputs.cells(), inputs.areas()])
  if (!area) return { area: null, cells: Int32Array.from({ length: cells.count }, (_, i) => i) }
  const info = areas.byCode.get(area)
  if (!info) throw notFound(`no area with code ${area}`, [{ field: 'area', message: `unknown area ${area}` }])
  const membership = await areas.membership(info.level)
  const k = areas.atLevel(info.level).findIndex((a) => a.code === area)
  const list: number[] = []
  for (let i = 0; i < membership.length; i++) if (membership[i] === k) list.push(i)
  return { area: info, cells: Int32Array.from(list) }
}

/** The administrative hierarchy, coarse to fine (clusters sit beside it and are never compared). */
const HIERARCHY = ['city', 'district', 'township', 'community']

/** True when `level` is above the scope area's own level (a city breakdown of one district). */
function coarserThanArea(scope: Scope, level: string): boolean {
  const l = HIERARCHY.indexOf(level)
  const own = scope.area ? HIERARCHY.indexOf(scope.area.level) : -1
  return l >= 0 && own >= 0 && l < own
}

/**
 * Groups the scope's cells by the areas of `level` that contain them (a cell belongs to the area
 * containing its centroid); without a level the scope is one group. A level above the area's
 * own (`area=<district>&level=city`) is a 400 naming `level` — it used to give one row labelled
 * with the city and the district's figures —, except where the level is a route's default
 * (`defaulted`): then the area is its own one group.
 */
export async function breakdown(inputs: AnalysisInputs, scope: Scope, level?: string, opts: { defaulted?: boolean } = {}): Promise<Breakdown> {
  if (level && coarserThanArea(scope, level)) {
    if (!opts.defaulted) {
      const area = scope.area!
      throw badRequest('invalid query parameters', [{ field: 'level', message: `level=${level} is above area ${area.code}'s own level (${area.level}): break it down by a finer level` }], 'invalid_request')
    }
    level = undefined
  }
  const cells = await inputs.cells()
  const cellGroup = new Int32Array(cells.count).fill(-1)
  if (!level) {
    for (const i of scope.cells) cellGroup[i] = 0
    return { groups: [scope.area ? { code: scope.area.code, name: scope.area.name } : { code: null, name: 'all' }], cellGroup }
  }
  const areas = await inputs.areas()
  const levelAreas = areas.atLevel(level)
  const membership = await areas.membership(level)
  const used = new Map<number, number>()
  for (const i of scope.cells) {
    const a = membership[i]
    if (a < 0) continue
    let g = used.get(a)
    if (g === undefined) used.set(a, (g = used.size))
    cellGroup[i] = g
  }
  // Child areas of the scope with no populated cell still belong in a breakdown (rate null).
  if (scope.area) {
    levelAreas.forEach((a, k) => {
      if (a.parent === scope.area!.code && !used.has(k)) used.set(k, used.size)
    })
  }
  const groups = new Array<{ code: string; name: string }>(used.size)
  for (const [k, g] of used) groups[g] = { code: levelAreas[k].code, name: levelAreas[k].name }
  // Stable, readable order: by code. Remap group indexes accordingly.
  const order = groups.map((_, g) => g).sort((x, y) => groups[x].code.localeCompare(groups[y].code))
  const rank = new Int32Array(order.length)
  order.forEach((g, r) => (rank[g] = r))
  for (let i = 0; i < cellGroup.length; i++) if (cellGroup[i] >= 0) cellGroup[i] = rank[cellGroup[i]]
  return { groups: order.map((g) => groups[g]), cellGroup }
}
