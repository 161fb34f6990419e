/**
 * Both cores in the server (issue 9, item 5): independent nearest-facility fields — the types of
 * a compliance check, of `/api/projects`, of `npm run compute` — computed at once in a bounded
 * pool of worker threads (Piscina). Workers share the contexts' arrays with the main thread
 * (SharedArrayBuffer, see contexts.ts) and write their results into shared memory, so no city is
 * rebuilt or copied per worker. Only the main thread talks to the database (the embedded one is
 * single-process): workers run the engine and nothing else.
 *
 * Where a worker cannot help, the field is computed in this thread: no pool (WORKERS=0, or one
 * CPU), a small context (below `minWork` cells + arcs, where a field takes about a millisecond),
 * or a full queue. Both paths run the same engine function on the same arrays: the results are
 * identical (tested).
 */
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { travelTimeToNearest, type FacilitySet, type NearestFacilityField, type TravelContext } from '../../engine'
import { log } from '../../log'
import { shareContext, type SharedContext } from './contexts'
import type { FieldTask } from './pool-worker'

export interface FieldPoolOptions {
  /** Worker threads; 0 = compute everything in this thread. Default: CPUs, at most 4. */
  threads?: number
  /** Contexts with fewer cells + arcs are computed in this thread (default 50,000). */
  minWork?: number
}

/** Default worker count: one per CPU, at most 4 (a field search is memory-bound beyond that). */
export const defaultWorkerThreads = () => Math.min(4, availableParallelism() > 1 ? availableParallelism() : 0)

export class FieldPool {
  readonly threads: number
  private readonly minWork: number
  private pool: Piscina | null = null
  private shared = new WeakMap<TravelContext, SharedContext>()
  private closed = false
  /** Fields computed in workers and here (logs, tests, the bench). */
  readonly counts = { workers: 0, inThread: 0 }

  constructor(options: FieldPoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(options.threads ?? defaultWorkerThreads()))
    this.minWork = options.minWork ?? 50_000
  }

  private piscina(): Piscina | null {
    if (this.threads === 0 || this.closed) return null
    if (!this.pool) {
      this.pool = new Piscina({
        filename: new URL('./pool-worker.mjs', import.meta.url).href,
        minThreads: this.threads,
        maxThreads: this.threads,
        maxQueue: this.threads * 16,
        idleTimeout: 60_000,
        // Threads start on the first use (or warm()), so a server that never computes has none.
      })
      log.info(`analysis: ${this.threads} field worker threads`)
    }
    return this.pool
  }

  /**
   * Starts the threads, loads the engine in each and runs its JIT warm-up there (warm-up.ts), so
   * the first real task neither waits for a thread nor runs the engine unoptimised.
   * `jit: false` only starts and loads them.
   */
  async warm(opts: { jit?: boolean } = {}): Promise<void> {
    const pool = this.piscina()
    const task = opts.jit === false ? 'ping' : 'warm'
    if (pool) await Promise.all(Array.from({ length: this.threads }, () => pool.run(task)))
  }

  /** Whether a field on `ctx` goes to a worker. */
  usesWorkers(ctx: TravelContext): boolean {
    return this.threads > 0 && !this.closed && ctx.cells.count + (ctx.network?.graph.arcCount ?? 0) >= this.minWork
  }

  /**
   * The field of `set` on `ctx` (as `travelTimeToNearest`), in a worker when that helps.
   * @example const field = await pool.nearest('p3r2', ctx, set, 4)
   * Contract: `key` identifies ctx's data (same key ⇒ same arrays); set is not changed; the result
   * equals travelTimeToNearest(ctx, set, { speedKmh }) array for array.
   */
  async nearest(key: string, ctx: TravelContext, set: FacilitySet, speedKmh: number): Promise<NearestFacilityField> {
    const pool = this.usesWorkers(ctx) ? this.piscina() : null
    if (pool && pool.queueSize < pool.options.maxQueue) {
      let shared = this.shared.get(ctx)
      if (!shared) this.shared.set(ctx, (shared = shareContext(ctx)))
      const task: FieldTask = { key, shared, set, speedKmh }
      const field = (await pool.run(task)) as NearestFacilityField
      this.counts.workers++
      return field
    }
    this.counts.inThread++
    return travelTimeToNearest(ctx, set, { speedKmh })
  }

  /** Stops the threads (waits for running tasks); later fields are computed in this thread. */
  async close(): Promise<void> {
    this.closed = true
    const pool = this.pool
    this.pool = null
    if (pool) await pool.close()
  }
}
