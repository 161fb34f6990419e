/**
 * A field worker (pool.ts): computes nearest-facility fields on contexts whose static arrays the
 * main thread shares with it (SharedArrayBuffer: nothing copied), with search buffers of its own
 * per context. No database, no I/O: only the engine. Results are written into shared memory
 * too, so handing them back copies nothing but the small bounds.
 */
import { travelTimeToNearest, type FacilitySet, type NearestFacilityField } from '../../engine'
import { type SharedContext, withSearchBuffers } from './contexts'
import { warmUpEngine } from './warm-up'

export interface FieldTask {
  /** Identifies the context's data (data versions and network); a worker keeps a few. */
  key: string
  shared: SharedContext
  set: FacilitySet
  speedKmh: number
}

const KEEP = 3
const contexts = new Map<string, ReturnType<typeof withSearchBuffers>>()

function contextOf(task: FieldTask) {
  let ctx = contexts.get(task.key)
  if (ctx) {
    contexts.delete(task.key) // most recently used last
  } else {
    ctx = withSearchBuffers(task.shared)
    if (contexts.size >= KEEP) contexts.delete(contexts.keys().next().value!)
  }
  contexts.set(task.key, ctx)
  return ctx
}

/** A field whose arrays live in one new SharedArrayBuffer (handed back without a copy). */
function sharedField(cells: number, nodes: number | null): NearestFacilityField {
  const memory = new SharedArrayBuffer(cells * 20 + (nodes ?? 0) * 8) as unknown as ArrayBuffer
  let at = 0
  const take = <T>(make: (b: ArrayBuffer, at: number, n: number) => T, n: number, bytes: number): T => {
    const v = make(memory, at, n)
    at += n * bytes
    return v
  }
  const metres = take((b, o, n) => new Float64Array(b, o, n), cells, 8)
  const minutes = take((b, o, n) => new Float64Array(b, o, n), cells, 8)
  const labels = nodes === null ? null : { dist: take((b, o, n) => new Int32Array(b, o, n), nodes, 4), origin: take((b, o, n) => new Int32Array(b, o, n), nodes, 4) }
  const nearest = take((b, o, n) => new Int32Array(b, o, n), cells, 4)
  return { speedKmh: 0, cutoffMm: 0, metres, minutes, nearest, labels, bounds: null }
}

/** Piscina's entry: one field; 'ping' only loads the worker, 'warm' also runs the engine's JIT warm-up. */
export default function computeField(task: FieldTask | 'ping' | 'warm'): NearestFacilityField | 'pong' {
  if (task === 'ping') return 'pong'
  if (task === 'warm') {
    warmUpEngine()
    return 'pong'
  }
  const ctx = contextOf(task)
  const reuse = sharedField(ctx.cells.count, ctx.network ? ctx.network.graph.nodeCount : null)
  return travelTimeToNearest(ctx, task.set, { speedKmh: task.speedKmh, reuse })
}
