/**
 * Suggested clusters on a loaded data set (the Cixi demo by default), timed: the heuristic, the
 * lower bound, the gap. Stop the server first with the embedded database.
 *   npx tsx scripts/clusters.ts [--area 330282] [--min 15000] [--max 60000] [--runs 3] [--rounds 60] [--no-cross]
 */
import { loadConfig } from '../server/src/config'
import { openDatabase } from '../server/src/db'
import { clusterLowerBound, heuristicClusters } from '../server/src/engine'
import { setLogLevel } from '../server/src/log'
import { SuggestBody } from '../server/src/contract/clusters'
import { createServices, installReferenceData } from '../server/src/services/context'
import { clusterProblem } from '../server/src/services/clusters/suggest'

const argv = process.argv.slice(2)
const opt = (name: string, dflt?: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt }
const config = loadConfig()
setLogLevel('warn')
const db = await openDatabase(config)
await installReferenceData(db)
const { analysis } = createServices(db, config)
const body = SuggestBody.parse({ area: opt('--area', '330282'), minPopulation: Number(opt('--min', '15000')), maxPopulation: Number(opt('--max', '60000')), crossTownships: !argv.includes('--no-cross') })
const t0 = Date.now()
const { problem, units } = await clusterProblem(analysis, body)
console.log(`${units.list.length} units, travel minutes and adjacency in ${Date.now() - t0} ms`)
const runs = Number(opt('--runs', '3'))
const times: number[] = []
const boundTimes: number[] = []
let last
for (let r = 0; r < runs; r++) {
  const t1 = Date.now()
  const h = heuristicClusters(problem, { seed: 1, rounds: Number(opt('--rounds', '60')) })
  const t2 = Date.now()
  const lb = clusterLowerBound(problem, { k: h.hubs.length, upperBound: h.objective })
  const t3 = Date.now()
  times.push(t2 - t1)
  boundTimes.push(t3 - t2)
  last = { clusters: h.hubs.length, feasible: h.feasible, objective: Math.round(h.objective), lowerBound: Math.round(lb), gap: `${(((h.objective - lb) / h.objective) * 100).toFixed(1)} %`, rounds: h.rounds }
}
const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]
console.log({ ...last, heuristicMs: median(times), boundMs: median(boundTimes), runs })
await db.close()
