import { FINE_RESOLUTION, type CellPyramid } from './pyramid'

/** What the map shows for the cells of one pyramid level (index = the level's cell index). */
export interface LevelValues {
  /**
   * Minutes to the nearest facility. Res 10: the cell's own; coarser: the mean over the reachable
   * cells weighted by target population (by population where the parent has no target group).
   * NaN = no facility reachable from any cell.
   */
  minutes: Float32Array
  /** Share (0–1) of the target population within the threshold (of the population where there is no target group). */
  covered: Float32Array
  /** Residents (persons). */
  population: Float32Array
  /** Target-group residents (persons). */
  target: Float32Array
  /** Target-group residents beyond the threshold or unreachable (persons). */
  uncovered: Float32Array
  /** Target-weighted mean 2SFCA score, where scores were given. */
  score?: Float32Array
}

export interface CellValuesInput {
  /** Per res-10 cell: minutes to the nearest facility (Infinity = unreachable). */
  minutes: Float64Array
  /** Per res-10 cell: target population and total population (persons). */
  target: Float64Array
  population: Float64Array
  /** Covered ⇔ minutes ≤ threshold (API.md: inclusive). */
  thresholdMinutes: number
  /** Per res-10 cell: 2SFCA score (optional). */
  score?: Float64Array
}

/**
 * Values of every pyramid level from the res-10 values, in one pass per level (O(cells)); the
 * service computes levels on demand with `levelValues`, the tests check all levels at once.
 * Invariants: Σ population and Σ target are preserved from level to level; a parent's covered
 * share equals covered target ÷ target of its children.
 */
export function aggregateValues(pyramid: CellPyramid, input: CellValuesInput): Map<number, LevelValues> {
  return new Map([...pyramid.levels.keys()].map((res) => [res, levelValues(pyramid, input, res)]))
}

/** The values of one pyramid level (computed on demand: a zoomed-in map never needs the coarse ones). */
export function levelValues(pyramid: CellPyramid, input: CellValuesInput, res: number): LevelValues {
  const { minutes, target, population, thresholdMinutes: thr, score } = input
  const n = minutes.length
  const level = pyramid.level(res)
  const m = level.h3.length
  const v: LevelValues = {
    minutes: new Float32Array(m),
    covered: new Float32Array(m),
    population: new Float32Array(m),
    target: new Float32Array(m),
    uncovered: new Float32Array(m),
    score: score ? new Float32Array(m) : undefined,
  }
  if (res === FINE_RESOLUTION) {
    for (let i = 0; i < n; i++) {
      const t = minutes[i]
      const ok = t <= thr
      v.minutes[i] = Number.isFinite(t) ? t : NaN
      v.population[i] = population[i]
      v.target[i] = target[i]
      v.covered[i] = ok ? 1 : 0
      v.uncovered[i] = ok ? 0 : target[i]
      if (score) v.score![i] = score[i]
    }
    return v
  }
  // Accumulators: target-weighted and population-weighted minutes over reachable cells.
  const wT = new Float64Array(m)
  const wTm = new Float64Array(m)
  const wP = new Float64Array(m)
  const wPm = new Float64Array(m)
  const covT = new Float64Array(m)
  const covP = new Float64Array(m)
  const sT = new Float64Array(m)
  const sP = new Float64Array(m)
  const anc = level.ancestor
  for (let i = 0; i < n; i++) {
    const k = anc[i]
    const t = minutes[i]
    const tg = target[i]
    const p = population[i]
    v.population[k] += p
    v.target[k] += tg
    if (Number.isFinite(t)) {
      wT[k] += tg
      wTm[k] += tg * t
      wP[k] += p
      wPm[k] += p * t
    }
    if (t <= thr) {
      covT[k] += tg
      covP[k] += p
    }
    if (score) {
      sT[k] += tg * score[i]
      sP[k] += p * score[i]
    }
  }
  for (let k = 0; k < m; k++) {
    const T = v.target[k]
    const P = v.population[k]
    v.minutes[k] = wT[k] > 0 ? wTm[k] / wT[k] : wP[k] > 0 ? wPm[k] / wP[k] : NaN
    v.covered[k] = T > 0 ? covT[k] / T : P > 0 ? covP[k] / P : NaN
    v.uncovered[k] = T - covT[k]
    if (score) v.score![k] = T > 0 ? sT[k] / T : P > 0 ? sP[k] / P : 0
  }
  return v
}

/**
 * Weighted quantiles of `values` (weights ≥ 0), e.g. for legend classes of the 2SFCA score.
 * Returns one value per requested probability in [0, 1]; empty input gives zeros.
 */
export function weightedQuantiles(values: ArrayLike<number>, weights: ArrayLike<number>, probabilities: number[]): number[] {
  const idx: number[] = []
  let total = 0
  for (let i = 0; i < values.length; i++) {
    if (weights[i] > 0 && Number.isFinite(values[i])) {
      idx.push(i)
      total += weights[i]
    }
  }
  if (!idx.length || total <= 0) return probabilities.map(() => 0)
  idx.sort((a, b) => values[a] - values[b])
  const out: number[] = []
  let acc = 0
  let k = 0
  for (const p of probabilities) {
    const goal = p * total
    while (k < idx.length - 1 && acc + weights[idx[k]] < goal) acc += weights[idx[k++]]
    out.push(values[idx[k]])
  }
  return out
}
