/**
 * The cells snapped to a network (the engine's `TravelContext`), kept like the networks: built
 * once per population × roads version — after an import, or at the first start without one — then
 * stored in `engine_state` and read back at start, so a restart snaps nothing.
 *
 * What is stored is the context without its network (stored on its own) and without the buffers a
 * computation writes (search scratch, bucket queue, cell stamps): those are made fresh for each
 * thread that computes (`withSearchBuffers`). `STATIC_CHECK` in the tests holds the engine to that
 * split: everything stored or shared must stay unchanged by any computation.
 */
import { createHash } from 'node:crypto'
import type { Database } from '../../db/database'
import { readEngineState, writeEngineState } from '../../db/engine-state'
import { createTravelContext, type StreetNetwork, type TravelContext } from '../../engine'
import { createBucketQueue } from '../../engine/bucket-search'
import { createSearchScratch } from '../../engine/dijkstra'
import { log } from '../../log'
import { buildFingerprint, CANARY_SEGMENTS, storedName, type NetworkSpec } from './networks'
import { packTree, shareTree, unpackTree } from './typed-pack'

/** Keys of a TravelContext that a computation writes: never stored or shared between threads. */
export const PER_SEARCH_KEYS: ReadonlySet<string> = new Set(['scratch', 'queue', 'cellStamp', 'cellEpoch'])
const NOT_STORED: ReadonlySet<string> = new Set([...PER_SEARCH_KEYS, 'network'])

/** A context without its per-search buffers: what is stored and what worker threads share. */
export type SharedContext = Omit<TravelContext, 'scratch' | 'queue' | 'cellStamp' | 'cellEpoch'>

/**
 * A context ready to compute in this thread: the shared parts and fresh buffers of its own.
 * @example const ctx = withSearchBuffers(shared) // in each worker
 */
export function withSearchBuffers(shared: SharedContext): TravelContext {
  const nodes = shared.network ? shared.network.graph.nodeCount : 0
  return {
    ...shared,
    scratch: shared.network ? createSearchScratch(nodes) : null,
    queue: shared.network ? createBucketQueue(nodes) : null,
    cellStamp: new Int32Array(shared.cells.count),
    cellEpoch: 0,
  }
}

/** The context's static parts in shared memory (the network's arrays are kept, already shared). */
export function shareContext(ctx: TravelContext): SharedContext {
  return shareTree(ctx, PER_SEARCH_KEYS)
}

export interface ContextSettings {
  maxSnapDistanceM: number
  detourFactor: number
  /** Access-leg cost factor of the mode (road-speeds.ts `legCostFactor`; default 1). */
  legFactor?: number
}

const fingerprints = new Map<string, string>()

/** Hash of what the engine makes of a small fixed cell set on the canary network (memoised). */
function contextFingerprint(spec: NetworkSpec, settings: ContextSettings): string {
  const memo = `${buildFingerprint(spec)}|${settings.maxSnapDistanceM}|${settings.detourFactor}|${settings.legFactor ?? 1}`
  let f = fingerprints.get(memo)
  if (!f) {
    const lng = Float64Array.of(121.5505, 121.5512, 121.5521, 121.56, 121.7)
    const lat = Float64Array.of(29.8704, 29.8711, 29.8725, 29.875, 29.9)
    const canary = createTravelContext({ network: spec.build(canarySegments()), cellLng: lng, cellLat: lat, ...settings })
    f = createHash('sha256').update(memo).update(packTree(canary, PER_SEARCH_KEYS)).digest('hex').slice(0, 20)
    fingerprints.set(memo, f)
  }
  return f
}

const canarySegments = () => CANARY_SEGMENTS.map((s) => ({ ...s, tags: { ...s.tags } }))

/**
 * The stored key of a context: the cells' version, the network's own key and the settings.
 * @example contextKey(spec, 'p3', 'r2', settings) // 'p3|r2|…'
 */
export function contextKey(spec: NetworkSpec, cellsKey: string, networkKey: string, settings: ContextSettings): string {
  return `${cellsKey}|${networkKey}|${contextFingerprint(spec, settings)}`
}

/**
 * The cells of `cellsKey` snapped to `network`: the stored context when its key matches, else
 * snapped now and stored. The result's static parts are in shared memory, its buffers this thread's.
 * @example const ctx = await loadContext(db, spec, network, cells, settings, key)
 */
export async function loadContext(
  db: Database,
  spec: NetworkSpec,
  network: StreetNetwork | null,
  cells: { lng: Float64Array; lat: Float64Array },
  settings: ContextSettings,
  key: string,
  /** Name of the stored row: the mode's travel key (default the network's code). */
  name: string = spec.code,
): Promise<TravelContext> {
  const t0 = Date.now()
  const bytes = await readEngineState(db, 'context', storedName(name), key)
  if (bytes) {
    const stored = unpackTree<SharedContext>(bytes)
    if (stored.cells.count === cells.lng.length) {
      log.info(`contexts: ${stored.cells.count} cells on ${name} loaded (${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB) in ${Date.now() - t0} ms`)
      return withSearchBuffers({ ...stored, network })
    }
  }
  const ctx = createTravelContext({ network, cellLng: cells.lng, cellLat: cells.lat, ...settings })
  const snapMs = Date.now() - t0
  const packed = packTree(ctx, NOT_STORED)
  // A failed write only costs the next start a snap.
  await writeEngineState(db, 'context', storedName(name), key, packed).catch((e) => log.warn(`contexts: could not store ${name}: ${e.message}`))
  log.info(`contexts: ${ctx.cells.count} cells snapped to ${name} in ${snapMs} ms`)
  return withSearchBuffers({ ...unpackTree<SharedContext>(packed), network })
}
