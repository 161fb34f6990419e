/**
 * Engine benchmark on a synthetic Ningbo-sized city (see synthetic-city.ts):
 *   - build the walking network and snap all cells (one-off preparation),
 *   - minutes to the nearest facility for 10 types × 5,000 facilities, city-wide: on one thread,
 *     in the server's worker pool with two threads (one task per type), with a 60-minute limit, and one type with a binary-heap
 *     Dijkstra for comparison,
 *   - 2SFCA (catchments + Gaussian scores) for 5,000 facilities at 15 minutes,
 *   - one added facility, incrementally (and removed again), on the network and in a
 *     straight-line-only context over the same cells (no network, as in the Ningbo demo),
 *   - peak memory and bytes per arc.
 * Medians of several runs; the machine's load average is printed because other processes skew
 * timings. `npx tsx scripts/bench/engine.ts [--quick] [--runs N] [--no-workers]`.
 */
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { facilityCatchments } from '../../server/src/engine/catchments'
import { createLabels, seedNode, settle } from '../../server/src/engine/dijkstra'
import { type FacilitySet, createFacilitySet } from '../../server/src/engine/facility-set'
import { buildStreetNetwork, graphBytes } from '../../server/src/engine/graph'
import { WALK_PROFILE } from '../../server/src/engine/street-profile'
import { prng } from '../../server/src/engine/test-support/prng'
import { type TravelContext, createTravelContext } from '../../server/src/engine/travel-context'
import { type NearestFacilityField, travelTimeToNearest } from '../../server/src/engine/travel-time'
import { twoStepFca } from '../../server/src/engine/two-step-fca'
import { addFacility, removeFacility } from '../../server/src/engine/what-if'
import { FieldPool } from '../../server/src/services/analysis/pool'
import { median, quantile } from './measure'
import { type CityScale, FULL_SCALE, QUICK_SCALE, buildSyntheticCity, syntheticFacilities } from './synthetic-city'

const CITY_SEED = 20240601

export interface EngineBenchResult {
  scale: 'full' | 'quick'
  runs: number
  loadAverage: { start: number; end: number }
  segments: number
  nodes: number
  arcs: number
  cells: number
  cellsOffNetwork: number
  facilitiesPerType: number
  types: number
  bytesPerArc: number
  /** Milliseconds (medians where repeated). */
  buildNetworkMs: number
  snapCellsMs: number
  snapFacilitiesMs: number
  nearestAllTypesMs: number
  /** CPU time of the same (what an otherwise idle core would take; excludes time lost to other processes). */
  nearestAllTypesCpuMs: number
  nearestAllTypesTwoWorkersMs: number | null
  /** Process CPU time of a two-worker run ÷ 2: the wall time to expect on two idle cores. */
  nearestAllTypesTwoWorkersCpuMs: number | null
  nearestAllTypes60MinMs: number
  nearestOneTypeHeapMs: number
  nearestOneTypeMs: number
  twoStepFcaMs: number
  catchmentPairs: number
  addFacilityMs: number
  addFacilityP95Ms: number
  removeFacilityMs: number
  /** Straight-line only (no network), one type: the full field, then add / remove one facility. */
  straightLineFieldMs: number
  straightLineAddMs: number
  straightLineAddP95Ms: number
  straightLineRemoveMs: number
  peakRssMb: number
  peakHeapMb: number
  peakArrayBuffersMb: number
}

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const typeSeed = (k: number) => 1000 + k
const timed = (runs: number, fn: () => void) => Array.from({ length: runs }, () => {
  const t = performance.now()
  fn()
  return performance.now() - t
})

/**
 * Runs the benchmark and returns the measurements.
 * @example const r = await runEngineBench({ quick: true, runs: 3 })
 * Contract: deterministic inputs (seeded); timings in milliseconds; memory in MiB.
 */
export async function runEngineBench(options: { quick?: boolean; runs?: number; types?: number; facilitiesPerType?: number; workers?: boolean } = {}): Promise<EngineBenchResult> {
  const scale: CityScale = options.quick ? QUICK_SCALE : FULL_SCALE
  const runs = options.runs ?? 5
  const types = options.types ?? 10
  const perType = options.facilitiesPerType ?? (options.quick ? 500 : 5000)
  const loadStart = loadavg()[0]
  let peakRss = 0, peakHeap = 0, peakBuffers = 0
  const sample = () => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers)
  }

  const city = buildSyntheticCity(CITY_SEED, scale)
  const segments = city.segments.length
  sample()
  let t = performance.now()
  const network = buildStreetNetwork(city.segments, WALK_PROFILE)
  const buildNetworkMs = performance.now() - t
  city.segments.length = 0 // the importer's segments are not needed once the graph exists
  sample()
  t = performance.now()
  const ctx = createTravelContext({ network, cellLng: city.cells.lng, cellLat: city.cells.lat })
  const snapCellsMs = performance.now() - t
  sample()

  const points = Array.from({ length: types }, (_, k) => syntheticFacilities(city, typeSeed(k), perType))
  let sets: FacilitySet[] = []
  const snapRuns = timed(runs, () => { sets = points.map((p) => createFacilitySet(ctx, p.lng, p.lat)) })
  sample()

  // Minutes to nearest, all types; fields reused across runs as a worker would.
  const fields: NearestFacilityField[] = []
  const allTypes: number[] = []
  const allTypesCpu: number[] = []
  const oneType: number[] = []
  for (let run = 0; run < runs; run++) {
    t = performance.now()
    const c = cpuMs()
    for (let k = 0; k < types; k++) {
      const t1 = performance.now()
      fields[k] = travelTimeToNearest(ctx, sets[k], { speedKmh: 4, reuse: fields[k] })
      if (k === 0) oneType.push(performance.now() - t1)
    }
    allTypes.push(performance.now() - t)
    allTypesCpu.push(cpuMs() - c)
    sample()
  }
  // The same types at once in the server's worker pool (right after, on the same unchanged sets).
  const twoWorkers = options.workers === false ? null : await nearestOnTwoWorkers(ctx, sets, fields, runs, sample)
  const scratchFields: NearestFacilityField[] = []
  const limited = timed(runs, () => {
    for (let k = 0; k < types; k++) scratchFields[k] = travelTimeToNearest(ctx, sets[k], { speedKmh: 4, maxMinutes: 60, reuse: scratchFields[k] })
  })
  scratchFields.length = 0
  // The same search for one type with an indexed binary heap, for comparison.
  const heapRuns: number[] = []
  const labels = createLabels(network.graph.nodeCount)
  for (let run = 0; run < runs; run++) {
    labels.dist.fill(0x7fffffff)
    labels.origin.fill(-1)
    t = performance.now()
    const heap = ctx.scratch!.heap
    for (let j = 0; j < sets[0].count; j++) if (sets[0].node[j] >= 0) seedNode(labels, heap, sets[0].node[j], sets[0].legMm[j], j, null)
    settle(network.reversed, labels, heap, 0x7ffffffe, null)
    heapRuns.push(performance.now() - t)
  }
  sample()

  // 2SFCA for one type: catchments at 15 minutes, then Gaussian scores.
  const demand = city.cells.population
  const fca: number[] = []
  let pairs = 0
  for (let run = 0; run < runs; run++) {
    t = performance.now()
    const catchments = facilityCatchments(ctx, sets[0], { speedKmh: 4, maxMinutes: 15 })
    twoStepFca(catchments, demand, { thresholdMinutes: 15, decay: 'gaussian' })
    fca.push(performance.now() - t)
    pairs = catchments.cell.length
    sample()
  }

  // Incremental: add a facility at a random place, then remove it again.
  const trials = options.quick ? 200 : 500
  const { add: adds, remove: removes } = incrementalTrials(ctx, sets, fields, city.cells, trials)
  sample()
  // The same without a network: every time is straight line × detour, 5,000 facilities of a type.
  const straightCtx = createTravelContext({ network: null, cellLng: city.cells.lng, cellLat: city.cells.lat })
  const straightSet = createFacilitySet(straightCtx, points[0].lng, points[0].lat)
  const straightField: NearestFacilityField[] = []
  const straightRuns = timed(runs, () => { straightField[0] = travelTimeToNearest(straightCtx, straightSet, { speedKmh: 4, reuse: straightField[0] }) })
  const straight = incrementalTrials(straightCtx, [straightSet], straightField, city.cells, trials)
  sample()


  const MB = 1024 * 1024
  return {
    scale: options.quick ? 'quick' : 'full',
    runs,
    loadAverage: { start: loadStart, end: loadavg()[0] },
    segments,
    nodes: network.graph.nodeCount,
    arcs: network.graph.arcCount,
    cells: ctx.cells.count,
    cellsOffNetwork: ctx.cells.unsnapped.length,
    facilitiesPerType: perType,
    types,
    bytesPerArc: graphBytes(network).bytesPerArc,
    buildNetworkMs,
    snapCellsMs,
    snapFacilitiesMs: median(snapRuns),
    nearestAllTypesMs: median(allTypes),
    nearestAllTypesCpuMs: median(allTypesCpu),
    nearestAllTypesTwoWorkersMs: twoWorkers ? twoWorkers.wall : null,
    nearestAllTypesTwoWorkersCpuMs: twoWorkers ? twoWorkers.cpuPerWorker : null,
    nearestAllTypes60MinMs: median(limited),
    nearestOneTypeHeapMs: median(heapRuns),
    nearestOneTypeMs: median(oneType),
    twoStepFcaMs: median(fca),
    catchmentPairs: pairs,
    addFacilityMs: median(adds),
    addFacilityP95Ms: quantile(adds, 0.95),
    removeFacilityMs: median(removes),
    straightLineFieldMs: median(straightRuns),
    straightLineAddMs: median(straight.add),
    straightLineAddP95Ms: quantile(straight.add, 0.95),
    straightLineRemoveMs: median(straight.remove),
    peakRssMb: peakRss / MB,
    peakHeapMb: peakHeap / MB,
    peakArrayBuffersMb: peakBuffers / MB,
  }
}

/**
 * Adds a facility at `trials` random cells (cycling through the types) and removes it again.
 * One untimed add and remove per field first: the first straight-line update of a field builds
 * its block bounds (O(cells), once per field; ≈ 10 ms for 816 k cells, see README).
 */
function incrementalTrials(ctx: TravelContext, sets: FacilitySet[], fields: NearestFacilityField[], cells: { lng: Float64Array; lat: Float64Array }, trials: number): { add: number[]; remove: number[] } {
  const rand = prng(99)
  const add: number[] = []
  const remove: number[] = []
  for (let k = 0; k < sets.length; k++) removeFacility(ctx, sets[k], fields[k], addFacility(ctx, sets[k], fields[k], cells.lng[0], cells.lat[0]).index)
  for (let k = 0; k < trials; k++) {
    const i = Math.floor(rand() * cells.lng.length)
    let t = performance.now()
    const { index } = addFacility(ctx, sets[k % sets.length], fields[k % sets.length], cells.lng[i], cells.lat[i])
    add.push(performance.now() - t)
    t = performance.now()
    removeFacility(ctx, sets[k % sets.length], fields[k % sets.length], index)
    remove.push(performance.now() - t)
  }
  return { add, remove }
}

/**
 * Median wall time (and process CPU time ÷ 2) of all types computed at once in the server's own
 * worker pool (services/analysis/pool.ts, Piscina) with two threads: the context's arrays shared
 * with the workers (SharedArrayBuffer, one copy made once), each type one task — exactly what
 * compliance, /api/projects and `npm run compute` do. Threads started and the context handed to
 * both before timing (as the server's warm-up at start does).
 */
async function nearestOnTwoWorkers(ctx: TravelContext, sets: readonly FacilitySet[], reference: readonly NearestFacilityField[], runs: number, sample: () => void): Promise<{ wall: number; cpuPerWorker: number; inWorkers: number }> {
  const pool = new FieldPool({ threads: 2, minWork: 0 })
  try {
    await pool.warm()
    const all = () => Promise.all(sets.map((set) => pool.nearest('city', ctx, set, 4)))
    const first = await all() // each worker makes its search buffers for the context once
    first.forEach((f, k) => {
      if (f.metres.some((m, i) => !Object.is(m, reference[k].metres[i]))) throw new Error(`pool: type ${k} differs from the one-thread field`)
    })
    sample()
    const times: number[] = []
    const cpu: number[] = []
    for (let run = 0; run < runs; run++) {
      const t = performance.now()
      const c = cpuMs()
      await all()
      times.push(performance.now() - t)
      cpu.push((cpuMs() - c) / 2)
      sample()
    }
    return { wall: median(times), cpuPerWorker: median(cpu), inWorkers: pool.counts.workers }
  } finally {
    await pool.close()
  }
}

/** Prints the result as a table with the targets. */
export function printEngineBench(r: EngineBenchResult): void {
  const row = (what: string, value: string, target = '') => console.log(`${what.padEnd(50)} ${value.padStart(12)}  ${target}`)
  const ms = (x: number) => `${x.toFixed(x < 10 ? 3 : 0)} ms`
  console.log(`circle15 engine bench (${r.scale}, median of ${r.runs}; load average ${r.loadAverage.start.toFixed(2)} → ${r.loadAverage.end.toFixed(2)} on ${2} cores)`)
  console.log(`${r.segments.toLocaleString()} street segments → ${r.nodes.toLocaleString()} nodes, ${r.arcs.toLocaleString()} arcs; ${r.cells.toLocaleString()} H3 res-10 cells (${r.cellsOffNetwork.toLocaleString()} off-network); ${r.types} types × ${r.facilitiesPerType.toLocaleString()} facilities`)
  row('build walking network (once)', ms(r.buildNetworkMs))
  row('snap all cells (once)', ms(r.snapCellsMs))
  row(`snap facilities (${r.types} types)`, ms(r.snapFacilitiesMs))
  row(`minutes to nearest, ${r.types} types, 1 thread`, ms(r.nearestAllTypesMs), `target ≤ 1500 ms (full); CPU ${ms(r.nearestAllTypesCpuMs)}`)
  if (r.nearestAllTypesTwoWorkersMs !== null) row(`minutes to nearest, ${r.types} types, 2 worker threads`, ms(r.nearestAllTypesTwoWorkersMs), `target ≤ 1500 ms (full); CPU per worker ${ms(r.nearestAllTypesTwoWorkersCpuMs ?? NaN)}`)
  row(`minutes to nearest, ${r.types} types, ≤ 60 min, 1 thread`, ms(r.nearestAllTypes60MinMs))
  row('  one type (bucket queue + cells)', ms(r.nearestOneTypeMs))
  row('  one type, search only, binary heap (comparison)', ms(r.nearestOneTypeHeapMs))
  row(`2SFCA (Gaussian), ${r.facilitiesPerType.toLocaleString()} facilities, 15 min`, ms(r.twoStepFcaMs), `target ≤ 500 ms (full); ${r.catchmentPairs.toLocaleString()} pairs`)
  row('add one facility (incremental), median', ms(r.addFacilityMs), 'target ≤ 1 ms')
  row('add one facility, 95th percentile', ms(r.addFacilityP95Ms))
  row('remove one facility (incremental), median', ms(r.removeFacilityMs))
  row('straight line only (no network): one type, all cells', ms(r.straightLineFieldMs), `${r.facilitiesPerType.toLocaleString()} facilities`)
  row('  add one facility, median / 95th percentile', `${ms(r.straightLineAddMs)} / ${ms(r.straightLineAddP95Ms)}`, 'service target ≤ 50 ms p95 (whole request)')
  row('  remove one facility, median', ms(r.straightLineRemoveMs))
  row('graph bytes per arc', r.bytesPerArc.toFixed(1), 'target ≤ 20')
  row('peak RSS (incl. workers)', `${r.peakRssMb.toFixed(0)} MiB`)
  row('peak JS heap / array buffers', `${r.peakHeapMb.toFixed(0)} / ${r.peakArrayBuffersMb.toFixed(0)} MiB`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const runsAt = args.indexOf('--runs')
  const result = await runEngineBench({ quick: args.includes('--quick'), runs: runsAt >= 0 ? Number(args[runsAt + 1]) : undefined, workers: !args.includes('--no-workers') })
  printEngineBench(result)
}
