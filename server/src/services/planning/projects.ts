import type { PortfolioLine, ProjectImpact, ProjectsResponse } from '../../contract/responses'
import { listProjects } from '../../db/projects'
import { metresToMinutes } from '../../engine'
import type { Analysis } from '../analysis'


/**
 * `GET /api/projects`: the year's project list with each project's contribution — the target
 * residents its planned facilities newly bring within the threshold, computed by adding them to the
 * baseline field and removing them again (the engine restores the field exactly) — and the
 * portfolio totals by domain.
 */
export async function projectImpacts(a: Analysis, f: { year?: number; domain?: string } = {}): Promise<ProjectsResponse> {
  const [projects, table, cat, cells] = await Promise.all([listProjects(a.db(), f), a.inputs.facilities(), a.inputs.catalogue(), a.inputs.cells()])
  const byId = new Map(table.rows.ids.map((id, i) => [id, i]))
  // Every type with planned facilities needs its baseline field: requested at once, they are
  // computed on every core; the loop below then finds them in memory.
  const plannedTypes = new Set(projects.flatMap((p) => p.facilityIds.map((id) => byId.get(id))
    .filter((i): i is number => i !== undefined && table.rows.status[i] !== 'existing').map((i) => table.rows.types[i])))
  await Promise.all([...plannedTypes].map(async (type) => a.field(await a.resolve({ type }), { live: true })))
  const out: ProjectImpact[] = []
  for (const p of projects) {
    const found = p.facilityIds.map((id) => byId.get(id)).filter((i): i is number => i !== undefined)
    const facilities = found.map((i) => ({ id: table.rows.ids[i], type: table.rows.types[i], status: table.rows.status[i] }))
    const planned = found.filter((i) => table.rows.status[i] !== 'existing')
    let newlyCovered: ProjectImpact['newlyCovered'] = null
    if (planned.length) {
      const byType: { type: string; targetGroup: string; gain: number }[] = []
      for (const type of [...new Set(planned.map((i) => table.rows.types[i]))]) {
        const r = await a.resolve({ type })
        const field = await a.field(r, { live: true })
        const live = field.live!
        const target = cells.target(r.type.targetGroup)
        const covered = (m: number) => metresToMinutes(m, r.speedKmh) <= r.thresholdMinutes
        // Add the project's facilities of this type, measure, then remove them in reverse order:
        // all synchronous, so no other request sees the field in between.
        const before = new Map<number, number>()
        const added: number[] = []
        for (const i of planned.filter((i) => table.rows.types[i] === type)) {
          const { index, change } = live.add({ id: table.rows.ids[i], lng: table.rows.lng[i], lat: table.rows.lat[i], capacity: null })
          for (let k = 0; k < change.cells.length; k++) if (!before.has(change.cells[k])) before.set(change.cells[k], change.beforeMetres[k])
          added.push(index)
        }
        let gain = 0
        for (const [c, m] of before) if (!covered(m) && covered(field.metres[c])) gain += target[c]
        for (const j of added.reverse()) live.remove(j)
        byType.push({ type, targetGroup: r.type.targetGroup, gain })
      }
      newlyCovered = { total: byType.reduce((s, t) => s + t.gain, 0), byType }
    }
    const total = newlyCovered?.total ?? 0
    out.push({ ...p, facilities, newlyCovered, yuanPerResident: p.investment !== null && total > 0 ? (p.investment * 1e8) / total : null })
  }
  const domains = new Map(cat.domains.map((d) => [d.code, d.name]))
  const lines = new Map<string, PortfolioLine>()
  for (const p of out) {
    let l = lines.get(p.domain)
    if (!l) lines.set(p.domain, (l = { domain: p.domain, name: domains.get(p.domain) ?? null, count: 0, investment: 0, newlyCovered: 0 }))
    l.count++
    l.investment += p.investment ?? 0
    l.newlyCovered += p.newlyCovered?.total ?? 0
  }
  const portfolio = cat.domains.map((d) => lines.get(d.code)).filter((l): l is PortfolioLine => !!l)
  for (const l of portfolio) l.investment = Math.round(l.investment * 1e6) / 1e6
  const sum = (k: 'count' | 'investment' | 'newlyCovered') => portfolio.reduce((s, l) => s + l[k], 0)
  return { projects: out, portfolio, total: { count: sum('count'), investment: Math.round(sum('investment') * 1e6) / 1e6, newlyCovered: sum('newlyCovered') } }
}
