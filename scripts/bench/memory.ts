/**
 * F. Memory of a street network and its snapping index (issue 9, item 4: "peak memory per segment
 * of the index"), measured in a fresh node process with --expose-gc so nothing else the bench
 * holds is counted. Memory = V8 heap used + array buffers (process.memoryUsage), after a full GC
 * unless said otherwise:
 *   - built: `buildStreetNetwork` from the parsed segments — retained (after GC, the segments
 *     released) and peak (before any GC, with the segments still alive: an upper bound of the
 *     build's transient memory);
 *   - loaded: the stored binary (typed-pack, as the server reads it from engine_state) unpacked —
 *     what a server start holds per network;
 *   - the snapped cells (the travel context without its network), for the same network.
 * Per street segment (the engine's unit: the piece of a way between two junctions) and per raw
 * OSM segment (between two consecutive way vertices, what pgRouting loads).
 */
import { spawn } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { buildStreetNetwork, createTravelContext, WALK_PROFILE, type StreetNetwork } from '../../server/src/engine'
import { cellCentroids } from '../../server/src/engine/cells'
import { parseFile } from '../../server/src/formats/index'
import { packTree, unpackTree } from '../../server/src/services/analysis/typed-pack'
import { PER_SEARCH_KEYS } from '../../server/src/services/analysis/contexts'
import { cellsCoveringNetwork, SHARED_DATA, type RealNetworkSpec } from './real-networks'
import { rawWalkEdges } from './raw-edges'

export interface MemoryResult {
  name: string
  streetSegments: number
  rawSegments: number
  nodes: number
  arcs: number
  cells: number
  /** Bytes of every typed array the built network holds (graph, reversed graph, node keys, snapping index). */
  networkArrays: number
  /** Heap used + array buffers a server holds after loading the stored network (after GC). */
  loadedRetained: number
  /** Its stored (packed) binary. */
  storedBytes: number
  /** The same for the snapped cells (the context without its network). */
  contextRetained: number
  contextStoredBytes: number
  /** Resident set growth during `buildStreetNetwork` (sampled every millisecond from another thread): an upper bound of the build's peak. */
  buildPeakRss: number
  /** Peak resident set of the measuring process, for context (MiB). */
  peakRssMb: number
}

const NOT_STORED: ReadonlySet<string> = new Set([...PER_SEARCH_KEYS, 'network'])

const used = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
/** Full GCs, and time for freed array buffers to be released, then heap used + array buffers. */
async function settle(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc!
  for (let k = 0; k < 3; k++) {
    gc()
    await new Promise((r) => setTimeout(r, 30))
  }
  return used()
}

/** Sum of the byte lengths of the distinct typed arrays in a tree. */
function typedBytes(root: unknown): number {
  const seen = new Set<unknown>()
  let bytes = 0
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return
    seen.add(v)
    if (ArrayBuffer.isView(v)) bytes += v.byteLength
    else for (const x of Object.values(v)) walk(x)
  }
  walk(root)
  return bytes
}

/** Runs `fn` while another thread samples the resident set every millisecond; returns its peak growth. */
async function peakRssDuring(fn: () => void): Promise<number> {
  const sampler = new Worker(`const { parentPort } = require('node:worker_threads'); let max = 0;
    const t = setInterval(() => { max = Math.max(max, process.memoryUsage.rss()) }, 1);
    parentPort.on('message', () => { clearInterval(t); parentPort.postMessage(max) })`, { eval: true })
  await new Promise((r) => setTimeout(r, 50))
  const before = process.memoryUsage.rss()
  fn()
  await new Promise((r) => setTimeout(r, 5))
  const peak = await new Promise<number>((resolve) => {
    sampler.once('message', resolve)
    sampler.postMessage('stop')
  })
  await sampler.terminate()
  return Math.max(0, peak - before)
}

async function measure(spec: RealNetworkSpec): Promise<MemoryResult> {
  const file = path.join(SHARED_DATA, spec.file)
  let segments = (await parseFile(fs.readFileSync(file), { fileName: path.basename(file), expect: 'streets' })).segments ?? []
  const streetSegments = segments.length
  await settle()
  let network: StreetNetwork | null = null
  const buildPeakRss = await peakRssDuring(() => {
    network = buildStreetNetwork(segments, WALK_PROFILE)
  })
  const built = network as unknown as StreetNetwork
  const rawSegments = rawWalkEdges(built, segments).length
  segments = []
  const h3 = cellsCoveringNetwork(built)
  const { lng, lat } = cellCentroids(h3)
  let packed: Uint8Array | null = packTree(built)
  let packedContext: Uint8Array | null = packTree(createTravelContext({ network: built, cellLng: lng, cellLat: lat }), NOT_STORED)
  const result = {
    name: spec.name, streetSegments, rawSegments, nodes: built.graph.nodeCount, arcs: built.graph.arcCount,
    networkArrays: typedBytes(built), storedBytes: packed.byteLength, contextStoredBytes: packedContext.byteLength, buildPeakRss,
  }
  network = null
  // What a server start holds: the stored binaries read (copies here, as from the database), unpacked.
  // Baselines without the read binaries (the server drops them once unpacked).
  const m0 = (await settle()) - packed.byteLength - packedContext.byteLength
  let loaded: StreetNetwork | null = unpackTree<StreetNetwork>(packed)
  packed = null
  const m1 = (await settle()) - packedContext.byteLength
  let ctx: unknown = unpackTree(packedContext!)
  packedContext = null
  const m2 = await settle()
  const out: MemoryResult = {
    ...result,
    cells: (ctx as { cells: { count: number } }).cells.count,
    loadedRetained: m1 - m0,
    contextRetained: m2 - m1,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }
  loaded = null
  ctx = null
  return out
}

/**
 * Runs the measurement in a fresh process and returns it.
 * @example const m = await runMemory(PORTO)
 */
export function runMemory(spec: RealNetworkSpec): Promise<MemoryResult> {
  const self = fileURLToPath(import.meta.url)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`memory measurement exited with ${code}`))
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as MemoryResult)
      } catch (e) {
        reject(e)
      }
    })
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(await measure(JSON.parse(process.argv[3]) as RealNetworkSpec))}\n`)
}
