/**
 * Street networks built once and kept: at import (after the streets are committed), or at the
 * first start on a database that has streets but no stored network (an upgrade). Each network
 * (graph, reversed graph, snapping index — whatever the engine's `StreetNetwork` holds) is packed
 * with typed-pack and stored in `engine_state`, keyed by the roads version and a build fingerprint;
 * a start reads it back (one copy of its bytes) instead of rebuilding it from `street_edges`.
 *
 * One network per distinct mode network key (road-speeds.ts `modeNetworkKey`): the street profile
 * (walk / bike / car access rules) and, for modes with road-class speeds (`roads` in the
 * catalogue: bike, e-bike, car, the rural walk_ebike / walk_car / walk_bus), the arc costs of
 * those speeds — barred classes closed. Modes with equal keys share a network; a mode's access
 * speed only changes its travel context (contexts.ts), not its network.
 *
 * The build fingerprint is a hash of the packing format, the network's build rules (profile and
 * speeds) and the network the current engine builds from a small fixed street set: a new engine
 * that builds differently — or holds new fields — invalidates the stored networks by itself.
 */
import { createHash } from 'node:crypto'
import type { Database } from '../../db/database'
import { readEngineState, writeEngineState } from '../../db/engine-state'
import { countStreetEdges, readStreetsSnapshot } from '../../db/streets'
import type { Mode } from '../../contract/catalogue'
import { buildStreetNetwork, legCostFactor, modeNetworkKey, modeTravelKey, STREET_PROFILES, type ModeSpeeds, type StreetNetwork, type StreetSegment } from '../../engine'
import { log } from '../../log'
import { packTree, unpackTree } from './typed-pack'

/** Bump when the meaning of stored networks changes in a way the fingerprint cannot see. */
export const NETWORK_FORMAT = 2

/** How one network is built from the stored streets. */
export interface NetworkSpec {
  /** Network key (`walk`, `bike`, `car` for uniform speeds, else `<profile>~<hash>`): the key of `AnalysisInputs.network`. */
  code: string
  /** Everything besides the streets that decides the network, hashed into the stored key. */
  rules: unknown
  build(segments: readonly StreetSegment[]): StreetNetwork
}

type ModeNetwork = Pick<Mode, 'network' | 'speedKmh' | 'roads'>

/** The networks the catalogue's modes travel on, each once (by network key, in catalogue order). */
export function networkSpecs(modes: readonly ModeNetwork[]): NetworkSpec[] {
  const byKey = new Map<string, NetworkSpec>()
  for (const m of modes) {
    const spec = networkSpec(m)
    if (!byKey.has(spec.code)) byKey.set(spec.code, spec)
  }
  return [...byKey.values()]
}

/**
 * The network of a mode (or of a bare profile code: uniform speed, as walking).
 * @example networkSpec('walk').code // 'walk'
 * @example networkSpec(ebike).code // 'bike~…' (its road speeds)
 */
export function networkSpec(mode: string | ModeNetwork): NetworkSpec {
  const code = typeof mode === 'string' ? mode : modeNetworkKey(mode)
  const profileCode = typeof mode === 'string' ? mode : mode.network
  const profile = STREET_PROFILES[profileCode]
  if (!profile) throw new Error(`no street profile ${profileCode}`)
  if (typeof mode === 'string' || code === profileCode) return { code, rules: profile, build: (segments) => buildStreetNetwork(segments, profile) }
  const speeds: ModeSpeeds = { speedKmh: mode.speedKmh, roads: mode.roads }
  return { code, rules: { profile, speeds }, build: (segments) => buildStreetNetwork(segments, profile, { speeds }) }
}

/** What a mode's travel context stands on: its network, and its access-leg cost factor. */
export interface TravelSpec {
  /** `modeTravelKey(mode)`: the key of `AnalysisInputs.context`. */
  key: string
  network: NetworkSpec
  legFactor: number
}

/**
 * The travel spec of a mode.
 * @example travelSpec(walkEbike) // { key: 'bike~…@leg4.5', network: …, legFactor: 4.5 }
 */
export function travelSpec(mode: Pick<Mode, 'network' | 'speedKmh' | 'roads' | 'accessSpeedKmh'>): TravelSpec {
  return { key: modeTravelKey(mode), network: networkSpec(mode), legFactor: legCostFactor(mode) }
}

// A small fixed street set with a mix of classes, tags, a one-way street, a footway and a stray
// fragment: what the engine builds from it stands for the engine's build code in the key.
export const CANARY_SEGMENTS: readonly StreetSegment[] = (() => {
  const p = (x: number, y: number): [number, number] => [121.55 + x * 0.001, 29.87 + y * 0.0009]
  const s = (k: number, a: number, b: number, pa: [number, number], pb: [number, number], tags: Record<string, string>): StreetSegment =>
    ({ wayId: `c${k}`, source: a, target: b, coords: [pa, [(pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2 + 0.0001], pb], lengthM: 97 + k, tags })
  const classes = ['residential', 'primary', 'footway', 'service', 'trunk', 'steps', 'cycleway', 'living_street']
  const out: StreetSegment[] = []
  let k = 0
  for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) {
    const id = 1 + y * 3 + x
    if (x < 2) out.push(s(k++, id, id + 1, p(x, y), p(x + 1, y), { highway: classes[k % classes.length], ...(k === 3 ? { oneway: 'yes', maxspeed: '30' } : {}) }))
    if (y < 2) out.push(s(k++, id, id + 3, p(x, y), p(x, y + 1), { highway: classes[k % classes.length] }))
  }
  out.push(s(k++, 50, 51, p(5, 5), p(6, 5), { highway: 'path' }))
  return out
})()

/**
 * The engine_state row name of a network or travel key (`bike~9c0e51d2@leg4.5` → `bike.9c0e51d2:leg4.5`):
 * stored names are plain keys (db/engine-state.ts).
 * @example storedName('walk') // 'walk'
 */
export const storedName = (key: string) => key.replace(/~/g, '.').replace(/@/g, ':').replace(/[^A-Za-z0-9_.:|-]/g, '_')

const fingerprints = new Map<string, string>()

/** Hash of everything but the streets that decides what `spec` builds (memoised per process). */
export function buildFingerprint(spec: NetworkSpec): string {
  const rules = JSON.stringify(spec.rules)
  const memo = `${spec.code}|${rules}`
  let f = fingerprints.get(memo)
  if (!f) {
    const canary = packTree(spec.build(CANARY_SEGMENTS.map((s) => ({ ...s, tags: { ...s.tags } }))))
    f = createHash('sha256').update(`${NETWORK_FORMAT}|${rules}|`).update(canary).digest('hex').slice(0, 20)
    fingerprints.set(memo, f)
  }
  return f
}

/** The stored key of a network: roads version and build fingerprint. */
export const networkKey = (spec: NetworkSpec, roads: number) => `r${roads}|${buildFingerprint(spec)}`

export interface LoadedNetwork {
  /** Roads version the network was built from. */
  roads: number
  /** Null when no streets are loaded. */
  network: StreetNetwork | null
  /** Where it came from (logs and the bench). */
  source: 'stored' | 'built' | 'empty'
  /** Size of its packed binary. */
  bytes: number
}

/**
 * Builds networks from the stored streets — all of them from one read, consistent with one roads
 * version — and stores each. What an import runs after committing streets, and a start on a
 * database whose networks are missing or stale.
 * @example const built = await buildNetworks(db, networkSpecs(catalogue.modes))
 * Contract: returns one entry per spec, in order; networks are over shared memory (as loaded).
 */
export async function buildNetworks(db: Database, specs: readonly NetworkSpec[]): Promise<(LoadedNetwork & { code: string })[]> {
  const t0 = Date.now()
  const { roads, segments } = await readStreetsSnapshot(db)
  const readMs = Date.now() - t0
  const out: (LoadedNetwork & { code: string })[] = []
  for (const spec of specs) {
    if (segments.length === 0) {
      out.push({ code: spec.code, roads, network: null, source: 'empty', bytes: 0 })
      continue
    }
    const t1 = Date.now()
    const bytes = packTree(spec.build(segments))
    await writeEngineState(db, 'network', storedName(spec.code), networkKey(spec, roads), bytes)
    out.push({ code: spec.code, roads, network: unpackTree<StreetNetwork>(bytes), source: 'built', bytes: bytes.byteLength })
    log.info(`networks: ${spec.code} built from ${segments.length} segments (roads v${roads}) and stored (${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB) in ${Date.now() - t1} ms`)
  }
  log.info(`networks: ${segments.length} street segments read in ${readMs} ms`)
  return out
}

/**
 * The network of `spec` for roads version `roads`: the stored one when its key matches, else built
 * (and stored) — which happens only at the first start after an upgrade or after an import that
 * stopped before storing it; it is logged.
 * @example const { network } = await loadNetwork(db, networkSpec('walk'), versions.roads)
 */
export async function loadNetwork(db: Database, spec: NetworkSpec, roads: number): Promise<LoadedNetwork> {
  const t0 = Date.now()
  const bytes = await readEngineState(db, 'network', storedName(spec.code), networkKey(spec, roads))
  if (bytes) {
    const network = unpackTree<StreetNetwork>(bytes)
    log.info(`networks: ${spec.code} loaded (roads v${roads}, ${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB) in ${Date.now() - t0} ms`)
    return { roads, network, source: 'stored', bytes: bytes.byteLength }
  }
  if ((await countStreetEdges(db)) === 0) return { roads, network: null, source: 'empty', bytes: 0 }
  log.info(`networks: no stored ${spec.code} network for roads v${roads} with this build: building it`)
  const [built] = await buildNetworks(db, [spec])
  return built
}
