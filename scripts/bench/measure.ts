/**
 * Timing helpers for the benchmarks: medians of repeated runs, with enough repetitions that
 * millisecond-scale operations are not a single noisy sample, and contenders interleaved so a
 * burst of load from other processes hits every contender alike.
 */
import { performance } from 'node:perf_hooks'

/** Median of a non-empty list (the upper middle for even lengths). */
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The q-quantile of a non-empty list by nearest rank (q = 0.95: the 95th percentile every table row uses). */
export const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * q) - 1)]

export interface Timing {
  /** Median wall time in milliseconds. */
  ms: number
  /** Number of timed runs. */
  runs: number
  /** All timed runs, in order (milliseconds). */
  samples: number[]
}

export interface RepeatOptions {
  /** At least this many timed runs. */
  runs: number
  /** Keep repeating until the timed runs add up to this many milliseconds (default 0)… */
  minTotalMs?: number
  /** …but never more runs than this (default 101). */
  maxRuns?: number
  /** Untimed warm-up runs first (JIT, caches, connection pools); default 1. */
  warmup?: number
}

/**
 * Times `fn` repeatedly and returns the median.
 * @example const t = await repeat(() => travelTimeToNearest(ctx, set, opts), { runs: 5, minTotalMs: 300 })
 * Contract: runs ≥ 1; fn may be async (awaited); its result is ignored.
 */
export async function repeat(fn: () => unknown, options: RepeatOptions): Promise<Timing> {
  const { runs, minTotalMs = 0, maxRuns = 101, warmup = 1 } = options
  for (let k = 0; k < warmup; k++) await fn()
  const samples: number[] = []
  let total = 0
  while (samples.length < runs || (total < minTotalMs && samples.length < maxRuns)) {
    const t = performance.now()
    await fn()
    const ms = performance.now() - t
    samples.push(ms)
    total += ms
  }
  return { ms: median(samples), runs: samples.length, samples }
}

/**
 * Times several contenders in rounds (each round runs every contender once, the order rotating
 * from round to round) and returns each one's median, in the input order.
 * @example const [ours, theirs] = await interleave([() => ours(), () => db.query(sql)], { runs: 7 })
 * Contract: rounds = max(runs, …) until every contender has minTotalMs of samples or maxRuns rounds.
 */
export async function interleave(fns: readonly (() => unknown)[], options: RepeatOptions): Promise<Timing[]> {
  const { runs, minTotalMs = 0, maxRuns = 101, warmup = 1 } = options
  for (let k = 0; k < warmup; k++) for (const fn of fns) await fn()
  const samples = fns.map(() => [] as number[])
  const totals = fns.map(() => 0)
  for (let round = 0; round < maxRuns; round++) {
    if (round >= runs && totals.every((t) => t >= minTotalMs)) break
    for (let k = 0; k < fns.length; k++) {
      const i = (k + round) % fns.length
      const t = performance.now()
      await fns[i]()
      const ms = performance.now() - t
      samples[i].push(ms)
      totals[i] += ms
    }
  }
  return samples.map((s) => ({ ms: median(s), runs: s.length, samples: s }))
}

/** Milliseconds of one call. */
export async function once<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - t }
}

export interface TimedOrFailed {
  timing: Timing | null
  error: string | null
}

/**
 * `interleave`, except that a contender that fails (statement timeout, error) drops out with its
 * reason instead of aborting the others. The first contender (ours) must not fail.
 * @example const [ours, peer] = await interleaveTolerant([ours, () => db.query(sql)], { runs: 5 })
 */
export async function interleaveTolerant(fns: readonly (() => unknown)[], options: RepeatOptions): Promise<TimedOrFailed[]> {
  const errors: (string | null)[] = fns.map(() => null)
  const guarded = fns.map((fn, k) => async () => {
    if (errors[k] !== null) return
    try {
      await fn()
    } catch (e) {
      if (k === 0) throw e
      errors[k] = (e as Error).message
    }
  })
  const timings = await interleave(guarded, options)
  return timings.map((timing, k) => (errors[k] === null ? { timing, error: null } : { timing: null, error: errors[k] }))
}
