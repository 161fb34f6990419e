/**
 * Ways → street segments, shared by the OSM XML, OSM PBF and GeoJSON-lines readers. A routable
 * graph needs an edge between every two junctions: a way is cut at each node that another kept way
 * (or the same way, again) also passes through, and at its two ends.
 */
import { haversineM } from './haversine'
import type { StreetSegment } from './types'

export interface SegmentBuild {
  segments: StreetSegment[]
  /** Node references that point to no node in the file (skipped). */
  missingRefs: number
  /** Ways left with fewer than 2 distinct known nodes (dropped). */
  droppedWays: number
  warnings: string[]
}

interface Way {
  id: string
  refs: number[]
  tags: Record<string, string>
}

/**
 * Collects nodes (all of them: in OSM files nodes usually come before the ways that use them) and
 * kept ways, then cuts the ways into segments. Node coordinates live in typed arrays so that a
 * full city extract of millions of nodes stays compact.
 *
 * @example
 * const c = new WayCollector()
 * c.addNode(1, 121.50, 29.90); c.addNode(2, 121.51, 29.90); c.addWay('7', [1, 2], { highway: 'residential' })
 * c.build().segments // [{ wayId: '7', source: 1, target: 2, lengthM: ≈965, … }]
 */
export class WayCollector {
  private ids = new Float64Array(1024)
  private lngs = new Float64Array(1024)
  private lats = new Float64Array(1024)
  private nodeCount = 0
  private readonly ways: Way[] = []

  get wayCount(): number {
    return this.ways.length
  }

  addNode(id: number, lng: number, lat: number): void {
    if (this.nodeCount === this.ids.length) this.grow()
    const k = this.nodeCount++
    this.ids[k] = id
    this.lngs[k] = lng
    this.lats[k] = lat
  }

  /** Keeps a way. `tags` is shared by all of the way's segments. */
  addWay(id: string, refs: number[], tags: Record<string, string>): void {
    this.ways.push({ id, refs, tags })
  }

  /** Cuts every kept way at junctions and ends. Segments come in way order, then along each way. */
  build(): SegmentBuild {
    // Node id → node index, for the nodes the kept ways use (-1 until found).
    const index = new Map<number, number>()
    for (const way of this.ways) for (const ref of way.refs) index.set(ref, -1)
    for (let k = 0; k < this.nodeCount; k++) if (index.has(this.ids[k])) index.set(this.ids[k], k)

    let missingRefs = 0
    let droppedWays = 0
    let waysWithMissing = 0
    const resolved: { way: Way; refs: number[]; nodes: number[] }[] = []
    const uses = new Map<number, number>()
    for (const way of this.ways) {
      const refs: number[] = []
      const nodes: number[] = []
      let missing = 0
      for (const ref of way.refs) {
        const k = index.get(ref) as number
        if (k < 0) missing++
        else if (refs[refs.length - 1] !== ref) {
          refs.push(ref)
          nodes.push(k)
        }
      }
      missingRefs += missing
      if (missing) waysWithMissing++
      if (refs.length < 2) {
        droppedWays++
        continue
      }
      for (const ref of refs) uses.set(ref, (uses.get(ref) ?? 0) + 1)
      resolved.push({ way, refs, nodes })
    }

    const segments: StreetSegment[] = []
    for (const { way, refs, nodes } of resolved) {
      let start = 0
      for (let k = 1; k < refs.length; k++) {
        if (k < refs.length - 1 && (uses.get(refs[k]) as number) < 2) continue
        const coords: [number, number][] = []
        let lengthM = 0
        for (let j = start; j <= k; j++) {
          const n = nodes[j]
          coords.push([this.lngs[n], this.lats[n]])
          if (j > start) lengthM += haversineM(this.lngs[nodes[j - 1]], this.lats[nodes[j - 1]], this.lngs[n], this.lats[n])
        }
        segments.push({ wayId: way.id, source: refs[start], target: refs[k], coords, lengthM, tags: way.tags })
        start = k
      }
    }

    const warnings: string[] = []
    if (missingRefs) {
      warnings.push(`${missingRefs} node reference${missingRefs > 1 ? 's' : ''} in ${waysWithMissing} way${waysWithMissing > 1 ? 's' : ''} point to nodes missing from the file; they were skipped`)
    }
    if (droppedWays) {
      warnings.push(`${droppedWays} way${droppedWays > 1 ? 's' : ''} with fewer than 2 distinct known nodes ${droppedWays > 1 ? 'were' : 'was'} dropped`)
    }
    return { segments, missingRefs, droppedWays, warnings }
  }

  private grow(): void {
    const size = this.ids.length * 2
    for (const key of ['ids', 'lngs', 'lats'] as const) {
      const next = new Float64Array(size)
      next.set(this[key])
      this[key] = next
    }
  }
}
