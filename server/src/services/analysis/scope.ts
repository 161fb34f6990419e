import { notFound } from '../../errors'
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

/**
 * Groups the scope's cells by the areas of `level` that contain them (a cell belongs to the area
 * containing its centroid); without a level the scope is one group.
 */
export async function breakdown(inputs: AnalysisInputs, scope: Scope, level?: string): Promise<Breakdown> {
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
