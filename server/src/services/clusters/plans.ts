import { badRequest, notFound } from '../../errors'
import { deletePlan, findPlan, insertPlan, listPlans, moveMember, planClusters, setHub, type PlanCluster, type PlanRow } from '../../db/clusters'
import type { PlanBody, PlanChangeBody, UnitLevel } from '../../contract/clusters'
import type { ClusterChangeResponse, ClustersResponse } from '../../contract/cluster-responses'
import type { Analysis } from '../analysis'
import { loadUnits, type Units } from './units'

type Detail = { record?: number; id?: string; field?: string; message: string }

/**
 * Validates the clusters of a plan against the area's units: every member a unit of the level
 * below the area, in at most one cluster; every hub a member or a facility id. Lists every fault
 * at once (record = 1-based cluster position).
 */
export async function validatePlan(a: Analysis, units: Units, clusters: PlanBody['clusters']): Promise<PlanCluster[]> {
  const problems: Detail[] = []
  const seen = new Map<string, number>()
  const codes = new Set<string>()
  const facilities = await a.inputs.facilities()
  const facilityIds = new Set(facilities.rows.ids)
  const out: PlanCluster[] = clusters.map((c, i) => {
    const code = c.code ?? `C${String(i + 1).padStart(3, '0')}`
    if (codes.has(code)) problems.push({ record: i + 1, id: code, field: 'code', message: `duplicate cluster code ${code}` })
    codes.add(code)
    for (const m of c.members) {
      if (!units.index.has(m)) problems.push({ record: i + 1, id: code, field: 'members', message: `${m} is not a ${units.level} unit of ${units.area.code}` })
      else if (seen.has(m)) problems.push({ record: i + 1, id: code, field: 'members', message: `${m} is already in cluster ${seen.get(m)}` })
      else seen.set(m, i + 1)
    }
    const hubKind: 'unit' | 'facility' = c.members.includes(c.hub) ? 'unit' : 'facility'
    if (hubKind === 'facility' && !facilityIds.has(c.hub)) problems.push({ record: i + 1, id: code, field: 'hub', message: `hub ${c.hub} is neither a member of the cluster nor a facility id` })
    const hubName = hubKind === 'unit' ? units.list[units.index.get(c.hub) ?? 0]?.name : c.hub
    return { code, name: c.name ?? `${hubName ?? code}片区`, hubKind, hub: c.hub, members: [...new Set(c.members)] }
  })
  if (problems.length) throw badRequest(`${problems.length} problem(s) in the plan; nothing was stored. First: ${problems[0].message}`, problems.slice(0, 50), 'invalid_records')
  return out
}

/** `POST /api/clusters/plans`: stores a named plan (a plan of the same name in the area is replaced). */
export async function createPlan(a: Analysis, body: PlanBody, actor: string, source = 'manual'): Promise<PlanRow & { clusters: number }> {
  const units = await loadUnits(a, body.area, body.unitLevel)
  const clusters = await validatePlan(a, units, body.clusters)
  const id = await a.db().transaction((tx) =>
    insertPlan(tx, { name: body.name, area: body.area, unitLevel: body.unitLevel, description: body.description, source, actor }, clusters),
  )
  return { ...(await findPlan(a.db(), { id }))!, clusters: clusters.length }
}

/** A plan by id or name within an area (default: the area's first plan); 404 when none. */
export async function resolvePlan(a: Analysis, area: string | undefined, plan?: string | number): Promise<PlanRow> {
  const asId = typeof plan === 'number' ? plan : plan !== undefined && /^\d+$/.test(plan) ? Number(plan) : undefined
  const found = asId !== undefined ? await findPlan(a.db(), { id: asId }) : await findPlan(a.db(), { area, name: typeof plan === 'string' ? plan : undefined })
  if (!found || (area && found.area !== area)) {
    throw notFound(plan === undefined ? `area ${area} has no cluster plan` : `no cluster plan ${plan}${area ? ` in ${area}` : ''}`, [{ field: 'plan', message: 'unknown plan' }])
  }
  return found
}

/** `GET /api/clusters`: the plan's clusters as GeoJSON, with hub, members and population. */
export async function clustersFeatureCollection(a: Analysis, area: string, plan?: string): Promise<ClustersResponse> {
  const row = await resolvePlan(a, area, plan)
  const [clusters, units] = await Promise.all([planClusters(a.db(), row.id), loadUnits(a, row.area, row.unitLevel as UnitLevel)])
  const facilities = await a.inputs.facilities()
  const hubPoint = (c: PlanCluster) => {
    if (c.hubKind === 'unit') { const u = units.list[units.index.get(c.hub)!]; return u ? { code: u.code, name: u.name, lng: u.lng, lat: u.lat } : { code: c.hub, name: c.hub } }
    const f = facilities.rows.ids.indexOf(c.hub)
    return f < 0 ? { code: c.hub, name: c.hub } : { code: c.hub, name: facilities.rows.names?.[f] ?? c.hub, lng: facilities.rows.lng[f], lat: facilities.rows.lat[f] }
  }
  return {
    type: 'FeatureCollection' as const,
    plan: { id: row.id, name: row.name, area: row.area, unitLevel: row.unitLevel, source: row.source, updatedAt: row.updatedAt },
    features: clusters.map((c) => ({
      type: 'Feature' as const,
      id: c.code,
      properties: {
        code: c.code,
        name: c.name,
        plan: row.name,
        hub: { kind: c.hubKind, ...hubPoint(c) },
        members: c.members,
        memberPoints: c.members.map((m) => { const u = units.list[units.index.get(m)!]; return u ? [u.lng, u.lat] : null }),
        population: c.members.reduce((s, m) => s + (units.list[units.index.get(m)!]?.population ?? 0), 0),
      },
      geometry: c.geometry ?? null,
    })),
  }
}

export function plans(a: Analysis, area?: string) {
  return listPlans(a.db(), area)
}

/** Applies one edit to a plan (move a unit, change a hub); returns the affected cluster codes. */
export async function changePlan(a: Analysis, id: number, change: PlanChangeBody): Promise<ClusterChangeResponse> {
  const row = await resolvePlan(a, undefined, id)
  const [clusters, units] = await Promise.all([planClusters(a.db(), id, false), loadUnits(a, row.area, row.unitLevel as UnitLevel)])
  const byCode = new Map(clusters.map((c) => [c.code, c]))
  if (change.op === 'move') {
    const to = byCode.get(change.to)
    if (!units.index.has(change.member)) throw badRequest(`${change.member} is not a unit of ${row.area}`, [{ field: 'member', message: 'unknown unit' }], 'invalid_request')
    if (!to) throw badRequest(`no cluster ${change.to} in plan ${row.name}`, [{ field: 'to', message: 'unknown cluster' }], 'invalid_request')
    const from = clusters.find((c) => c.members.includes(change.member))
    if (from?.hubKind === 'unit' && from.hub === change.member) {
      throw badRequest(`${change.member} is the hub of ${from.code}: change that cluster's hub first`, [{ field: 'member', message: 'is a hub' }], 'invalid_request')
    }
    if (from && from.members.length === 1) throw badRequest(`${change.member} is the last member of ${from.code}`, [{ field: 'member', message: 'would empty its cluster' }], 'invalid_request')
    await a.db().transaction((tx) => moveMember(tx, id, change.member, change.to))
    return { plan: (await findPlan(a.db(), { id }))!, clusters: [...new Set([from?.code, to.code].filter((x): x is string => !!x))] }
  }
  const c = byCode.get(change.cluster)
  if (!c) throw badRequest(`no cluster ${change.cluster} in plan ${row.name}`, [{ field: 'cluster', message: 'unknown cluster' }], 'invalid_request')
  let kind: 'unit' | 'facility' = 'unit'
  if (!c.members.includes(change.hub)) {
    const facilities = await a.inputs.facilities()
    if (!facilities.rows.ids.includes(change.hub)) throw badRequest(`hub ${change.hub} is neither a member of ${c.code} nor a facility id`, [{ field: 'hub', message: 'unknown hub' }], 'invalid_request')
    kind = 'facility'
  }
  await a.db().transaction((tx) => setHub(tx, id, c.code, kind, change.hub))
  return { plan: (await findPlan(a.db(), { id }))!, clusters: [c.code] }
}

export async function removePlan(a: Analysis, id: number): Promise<void> {
  if (!(await deletePlan(a.db(), id))) throw notFound(`no cluster plan ${id}`, [{ field: 'id', message: 'unknown plan' }])
}
