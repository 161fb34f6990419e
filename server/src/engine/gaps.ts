/**
 * Service gaps (issue 4): clusters of neighbouring uncovered cells that have target population,
 * ranked by the target population left out. Neighbours are H3 neighbours (gridDisk k = 1); a
 * cell without target population never bridges two clusters.
 */
import type { MultiPolygon } from 'geojson'
import { cellArea, cellsToMultiPolygon, gridDisk } from 'h3-js'
import { createDisjointSets, findSet, unionSets } from './union-find'

export interface GapCluster {
  /** 1 = largest unserved target population. */
  rank: number
  cells: string[]
  /** Unserved target population (all of the cluster's target population: none of it is covered). */
  targetPopulation: number
  population: number
  cellCount: number
  areaKm2: number
  geometry: MultiPolygon
  /**
   * Minutes to the nearest existing facility: `min` from the best-placed cell of the cluster,
   * `mean` weighted by target population; over reachable cells, null when none is reachable.
   */
  nearestMinutes: { min: number | null; mean: number | null }
}

export interface GapInput {
  h3: readonly string[]
  /** h3 → cell index (see cells.ts `indexCells`). */
  cellIndex: ReadonlyMap<string, number>
  minutes: Float64Array
  targetPopulation: Float64Array
  population: Float64Array
  thresholdMinutes: number
  /** Clusters whose unserved target population is below this are dropped (default 0). */
  minPopulation?: number
  /** Restrict to these cells (an area); default all. */
  cells?: Int32Array | null
}

/**
 * Gap clusters, ranked by unserved target population (descending; ties by size, then first cell).
 * @example findGapClusters({ h3, cellIndex, minutes, targetPopulation, population, thresholdMinutes: 15, minPopulation: 50 })
 * Contract: a cell is in a gap iff target > 0 and not (minutes ≤ threshold); clusters are the
 * connected components of such cells under H3 adjacency; persons and km² out; O(gap cells) h3 calls.
 */
export function findGapClusters(input: GapInput): GapCluster[] {
  const { h3, cellIndex, minutes, targetPopulation, population, thresholdMinutes } = input
  const minPopulation = input.minPopulation ?? 0
  const n = h3.length
  const inGap = new Uint8Array(n)
  const candidates: number[] = []
  const count = input.cells ? input.cells.length : n
  for (let k = 0; k < count; k++) {
    const i = input.cells ? input.cells[k] : k
    if (targetPopulation[i] > 0 && !(minutes[i] <= thresholdMinutes) && !inGap[i]) {
      inGap[i] = 1
      candidates.push(i)
    }
  }
  const sets = createDisjointSets(n)
  for (const i of candidates) {
    for (const neighbour of gridDisk(h3[i], 1)) {
      const j = cellIndex.get(neighbour)
      if (j !== undefined && j !== i && inGap[j]) unionSets(sets, i, j)
    }
  }
  const members = new Map<number, number[]>()
  for (const i of candidates) {
    const root = findSet(sets, i)
    let list = members.get(root)
    if (!list) members.set(root, (list = []))
    list.push(i)
  }
  const clusters: Omit<GapCluster, 'rank'>[] = []
  for (const list of members.values()) {
    let target = 0, pop = 0, minM = Infinity, weighted = 0, weight = 0
    for (const i of list) {
      target += targetPopulation[i]
      pop += population[i] > 0 ? population[i] : 0
      const m = minutes[i]
      if (m < Infinity) {
        if (m < minM) minM = m
        weighted += m * targetPopulation[i]
        weight += targetPopulation[i]
      }
    }
    if (target < minPopulation) continue
    const cells = list.map((i) => h3[i])
    let areaKm2 = 0
    for (const h of cells) areaKm2 += cellArea(h, 'km2')
    const cluster = {
      cells,
      targetPopulation: target,
      population: pop,
      cellCount: cells.length,
      areaKm2,
      nearestMinutes: { min: minM < Infinity ? minM : null, mean: weight > 0 ? weighted / weight : null },
    } as Omit<GapCluster, 'rank'>
    // The outline is drawn on first use: a city has thousands of clusters, a page shows a few.
    let geometry: MultiPolygon | undefined
    Object.defineProperty(cluster, 'geometry', {
      enumerable: true,
      get: () => (geometry ??= { type: 'MultiPolygon', coordinates: cellsToMultiPolygon(cells, true) }),
    })
    clusters.push(cluster)
  }
  clusters.sort((a, b) => b.targetPopulation - a.targetPopulation || b.cellCount - a.cellCount || (a.cells[0] < b.cells[0] ? -1 : 1))
  clusters.forEach((c, k) => ((c as GapCluster).rank = k + 1))
  return clusters as GapCluster[]
}
