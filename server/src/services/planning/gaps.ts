import { findGapClusters, type GapCluster } from '../../engine'
import type { GapsQuery } from '../../contract/analysis'
import type { GapsResponse } from '../../contract/responses'
import type { Analysis, ResolvedRequest } from '../analysis'
import type { AreaTable, CellTable } from '../analysis/inputs'
import { resolveScope, type Scope } from '../analysis/scope'
import { GAP_PIECES_MAX_GAPS, gapSplitter } from './gap-pieces'
import type { TypeField } from '../analysis/travel'

/** Coordinates to 6 decimals (~0.1 m): the outlines are drawn from H3 cells, no finer than that. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6

/** Answers per field state: the same gaps are asked for again as a planner pans and zooms. */
const memo = new WeakMap<TypeField, Map<string, Promise<GapsResponse>>>()

/**
 * `GET /api/gaps`: contiguous clusters of uncovered cells with target population, ranked by the
 * target residents they leave out, each placed in its district and township.
 */
export async function gaps(a: Analysis, q: GapsQuery): Promise<GapsResponse> {
  const r = await a.resolve(q)
  const [cells, areas, field, scope] = await Promise.all([
    a.inputs.cells(), a.inputs.areas(), a.field(r, { scenario: q.scenario }), resolveScope(a.inputs, q.area),
  ])
  const key = JSON.stringify([...clusterKey(field, areas, r, q), q.limit, q.pieces, q.capacity, q.rank])
  let byKey = memo.get(field)
  if (!byKey) memo.set(field, (byKey = new Map()))
  let answer = byKey.get(key)
  if (!answer) {
    if (byKey.size > 16) byKey.clear()
    answer = computeGaps(a, r, cells, areas, field, scope, q)
    byKey.set(key, answer)
    answer.catch(() => byKey!.delete(key))
  }
  return answer
}

/** What the clusters depend on (not how many are shown, nor their pieces). */
const clusterKey = (field: TypeField, areas: AreaTable, r: ResolvedRequest, q: GapsQuery) =>
  [field.live?.version ?? 0, areas.key, r.speedKmh, r.thresholdMinutes, q.area, q.minPopulation]

/** The clusters per field state: answers with another limit, rank or pieces reuse them. */
const clusterMemo = new WeakMap<TypeField, Map<string, GapCluster[]>>()

function gapClusters(a: Analysis, r: ResolvedRequest, cells: CellTable, areas: AreaTable, field: TypeField, scope: Scope, q: GapsQuery): GapCluster[] {
  const key = JSON.stringify(clusterKey(field, areas, r, q))
  let byKey = clusterMemo.get(field)
  if (!byKey) clusterMemo.set(field, (byKey = new Map()))
  let clusters = byKey.get(key)
  if (!clusters) {
    if (byKey.size > 8) byKey.clear()
    clusters = findGapClusters({
      h3: cells.rows.h3,
      cellIndex: cells.index(),
      minutes: a.minutes(field, r.speedKmh),
      targetPopulation: cells.target(r.type.targetGroup),
      population: cells.rows.columns.population,
      thresholdMinutes: r.thresholdMinutes,
      minPopulation: q.minPopulation,
      cells: scope.cells,
    })
    byKey.set(key, clusters)
  }
  return clusters
}

async function computeGaps(a: Analysis, r: ResolvedRequest, cells: CellTable, areas: AreaTable, field: TypeField, scope: Scope, q: GapsQuery): Promise<GapsResponse> {
  const target = cells.target(r.type.targetGroup)
  const clusters = gapClusters(a, r, cells, areas, field, scope, q)
  const index = cells.index()
  const place = async (level: string, members: number[]) => {
    const list = areas.atLevel(level)
    if (!list.length) return null
    const m = await areas.membership(level)
    const votes = new Map<number, number>()
    for (const i of members) if (m[i] >= 0) votes.set(m[i], (votes.get(m[i]) ?? 0) + target[i])
    let best = -1, bestVotes = -1
    for (const [k, v] of votes) if (v > bestVotes) [best, bestVotes] = [k, v]
    return best >= 0 ? { code: list[best].code, name: list[best].name } : null
  }
  const split = q.pieces ? await gapSplitter(a, r, cells, { scenario: q.scenario, capacity: q.capacity }) : null
  const features: GapsResponse['features'] = []
  const shown = q.rank !== undefined ? clusters.filter((c) => c.rank === q.rank) : clusters.slice(0, q.limit)
  for (const c of shown) {
    const members = c.cells.map((h) => index.get(h)!)
    const pieces = split && (q.rank !== undefined || c.rank <= GAP_PIECES_MAX_GAPS) ? split(members) : {}
    let w = 0, x = 0, y = 0
    for (const i of members) {
      w += target[i]
      x += target[i] * cells.rows.lng[i]
      y += target[i] * cells.rows.lat[i]
    }
    features.push({
      type: 'Feature',
      id: c.rank,
      properties: {
        rank: c.rank,
        targetPopulation: c.targetPopulation,
        population: c.population,
        cells: c.cellCount,
        area: c.areaKm2,
        district: await place('district', members),
        township: await place('township', members),
        nearestMinutes: c.nearestMinutes,
        centroid: [round6(x / w), round6(y / w)],
        ...pieces,
      },
      geometry: { type: 'MultiPolygon', coordinates: c.geometry.coordinates.map((p) => p.map((ring) => ring.map(([lng, lat]) => [round6(lng), round6(lat)]))) },
    })
  }
  return { type: 'FeatureCollection', features, total: clusters.length, method: field.method, minutes: r.thresholdMinutes }
}
