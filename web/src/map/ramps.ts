import type { ExpressionSpecification } from 'maplibre-gl'
import type { Layer } from '../state'

/**
 * Colour ramps of the cell layer and their legend classes, in one place so that the map and the
 * legend cannot disagree. All are colour-blind safe: viridis for minutes and score (ordered by
 * lightness), purple–orange (ColorBrewer PuOr) for covered / not covered.
 */

/** Viridis, 7 classes, from near (light yellow) to far (dark purple). */
const VIRIDIS7 = ['#fde725', '#a0da39', '#4ac16d', '#1fa187', '#277f8e', '#365c8d', '#46327e']
/** Cells with no facility reachable at all. */
export const UNREACHABLE = '#9a9a9a'
/** Covered share: 0 = nobody covered (orange) … 1 = everybody (purple). */
const PUOR = ['#e66101', '#fdb863', '#b2abd2', '#5e3c99']

export interface LegendClass {
  color: string
  /** Lower bound (inclusive for minutes: "≤" is applied at the upper end). */
  from: number
  to: number | null
}

/** Minute classes relative to the threshold T: ⅓T, ⅔T, T | 1.5T, 2T, 3T, beyond. */
export function minuteClasses(threshold: number): LegendClass[] {
  const stops = [0, threshold / 3, (2 * threshold) / 3, threshold, threshold * 1.5, threshold * 2, threshold * 3]
  return stops.map((from, k) => ({ color: VIRIDIS7[k], from, to: k + 1 < stops.length ? stops[k + 1] : null }))
}

/** Score classes from the server's quantile breaks (a class for 0 = no facility in reach). */
export function scoreClasses(breaks: number[]): LegendClass[] {
  const b = [...new Set(breaks.filter((x) => x > 0))].sort((x, y) => x - y)
  const colors = ['#46327e', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'].slice(-(b.length + 1))
  const out: LegendClass[] = [{ color: UNREACHABLE, from: 0, to: 0 }]
  const edges = [0, ...b]
  edges.forEach((from, k) => out.push({ color: colors[k], from, to: k + 1 < edges.length ? edges[k + 1] : null }))
  return out
}

export const COVERED_COLORS = { covered: PUOR[3], uncovered: PUOR[0], share: PUOR }

/** Fill colour of the `cells` layer (tile properties: m minutes, c covered share, s score). */
export function cellColor(layer: Layer, threshold: number, scoreBreaks: number[] = []): ExpressionSpecification {
  if (layer === 'covered') {
    return ['case', ['!', ['has', 'c']], UNREACHABLE, ['interpolate', ['linear'], ['get', 'c'], 0, PUOR[0], 0.35, PUOR[1], 0.65, PUOR[2], 1, PUOR[3]]]
  }
  if (layer === 'score') {
    const classes = scoreClasses(scoreBreaks)
    const steps: (string | number)[] = []
    classes.slice(2).forEach((c) => steps.push(c.from, c.color))
    return ['case', ['any', ['!', ['has', 's']], ['<=', ['get', 's'], 0]], UNREACHABLE, ['step', ['get', 's'], classes[1].color, ...steps]] as ExpressionSpecification
  }
  const classes = minuteClasses(threshold)
  // "Covered" is minutes ≤ T, so every class boundary is exclusive below: step at the next 0.1.
  const steps: (string | number)[] = []
  classes.slice(1).forEach((c) => steps.push(Math.round(c.from * 10) / 10 + 0.05, c.color))
  return ['case', ['!', ['has', 'm']], UNREACHABLE, ['step', ['get', 'm'], classes[0].color, ...steps]] as ExpressionSpecification
}
