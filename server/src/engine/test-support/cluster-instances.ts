/** Small cluster problems for the tests: lines, grids and random grids with their minutes. */
import { adjacencyFromPairs, type ClusterProblem } from '../cluster-problem'
import { prng } from './prng'

/** Units on a line, `step` minutes apart, adjacent to their neighbours. */
export function lineProblem(population: number[], step: number, extra: Partial<ClusterProblem> = {}): ClusterProblem {
  const n = population.length
  const minutes = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let h = 0; h < n; h++) minutes[i * n + h] = Math.abs(i - h) * step
  const pairs = Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const)
  return { population: Float64Array.from(population), minutes, adjacency: adjacencyFromPairs(n, pairs), ...extra }
}

/** A rows × cols grid (rook adjacency), minutes = dx·colStep + dy·rowStep. Unit = row * cols + col. */
export function gridProblem(rows: number, cols: number, population: number[], colStep: number, rowStep: number, extra: Partial<ClusterProblem> = {}): ClusterProblem {
  const n = rows * cols
  const minutes = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let h = 0; h < n; h++)
      minutes[i * n + h] = Math.abs((i % cols) - (h % cols)) * colStep + Math.abs(Math.floor(i / cols) - Math.floor(h / cols)) * rowStep
  const pairs: [number, number][] = []
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols) pairs.push([r * cols + c, r * cols + c + 1])
      if (r + 1 < rows) pairs.push([r * cols + c, (r + 1) * cols + c])
    }
  return { population: Float64Array.from(population), minutes, adjacency: adjacencyFromPairs(n, pairs), ...extra }
}

/** A jittered grid with random populations, straight-line minutes and random bounds. */
export function randomProblem(seed: number, rows: number, cols: number): ClusterProblem {
  const r = prng(seed)
  const n = rows * cols
  const x = Array.from({ length: n }, (_, i) => (i % cols) + (r() - 0.5) * 0.6)
  const y = Array.from({ length: n }, (_, i) => Math.floor(i / cols) + (r() - 0.5) * 0.6)
  const population = Array.from({ length: n }, () => 50 + Math.floor(r() * 450))
  const base = gridProblem(rows, cols, population, 1, 1)
  for (let i = 0; i < n; i++) for (let h = 0; h < n; h++) base.minutes[i * n + h] = Math.round(Math.hypot(x[i] - x[h], y[i] - y[h]) * 60) / 10
  // drop a few grid edges so that shapes vary
  const total = population.reduce((s, v) => s + v, 0)
  const minPopulation = Math.floor(total / (2 + Math.floor(r() * 3)) * (0.4 + r() * 0.3))
  const maxPopulation = r() < 0.2 ? Infinity : minPopulation * (1.6 + r())
  const count = r() < 0.5 ? undefined : 2 + Math.floor(r() * 2)
  return { ...base, minPopulation, maxPopulation, count }
}
