/**
 * Comparing node distances from two routers: reached sets and the largest difference.
 */

/** Graph node → distance in metres, for the nodes a search reached. */
export type NodeDistances = Map<number, number>

export interface DistanceComparison {
  /** Nodes both reached (their distances were compared). */
  compared: number
  /** Nodes only one side reached (first 10 of each). */
  onlyOurs: number[]
  onlyTheirs: number[]
  /** Largest |ours − theirs| over the compared nodes, metres. */
  maxDiffM: number
}

/**
 * @example compareDistances(new Map([[1, 0.5]]), new Map([[1, 0.5]])) // { compared: 1, onlyOurs: [], onlyTheirs: [], maxDiffM: 0 }
 * Contract: distances in metres; the lists are capped at 10 nodes so a failure message stays short.
 */
export function compareDistances(ours: NodeDistances, theirs: NodeDistances): DistanceComparison {
  const onlyOurs: number[] = []
  const onlyTheirs: number[] = []
  let compared = 0
  let maxDiffM = 0
  for (const [u, d] of ours) {
    const t = theirs.get(u)
    if (t === undefined) {
      if (onlyOurs.length < 10) onlyOurs.push(u)
      continue
    }
    compared++
    maxDiffM = Math.max(maxDiffM, Math.abs(d - t))
  }
  for (const u of theirs.keys()) if (!ours.has(u) && onlyTheirs.length < 10) onlyTheirs.push(u)
  return { compared, onlyOurs, onlyTheirs, maxDiffM }
}

/** Below this (metres) two float sums of the same whole millimetres count as a tie. */
const TIE_M = 0.0005

/**
 * Per node, the minimum distance over all sources and the lowest source index attaining it, from
 * a one-to-many matrix (each source is at distance 0 from its own node).
 * @example minimumOverSources([7, 9], [[0, 8, 1.5], [1, 8, 1.5]]).get(8) // { distM: 1.5, lowestTiedSource: 0 }
 * Contract: entries are [source index, node, metres]; ties within half a millimetre.
 */
export function minimumOverSources(sourceNodes: readonly number[], entries: readonly [number, number, number][]): Map<number, { distM: number; lowestTiedSource: number }> {
  const all = [...sourceNodes.map((u, j) => [j, u, 0] as [number, number, number]), ...entries]
  const best = new Map<number, { distM: number; lowestTiedSource: number }>()
  for (const [j, u, d] of all) {
    const b = best.get(u)
    if (b === undefined || d < b.distM - TIE_M) best.set(u, { distM: d, lowestTiedSource: j })
    else if (Math.abs(d - b.distM) <= TIE_M) {
      b.lowestTiedSource = Math.min(b.lowestTiedSource, j)
      b.distM = Math.min(b.distM, d)
    }
  }
  return best
}
