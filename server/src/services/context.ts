import type { Config } from '../config'
import type { Database } from '../db/database'
import type { AppContext } from '../http/context'
import { Analysis } from './analysis'
import { AnalysisInputs } from './analysis/inputs'
import { AreaPopulation } from './areas'
import { loadCatalogueFile } from './catalogue'

/** Wires the services over one database: what the server, the CLI and the tests share. */
export function createServices(db: Database, config: Config): AppContext {
  const catalogue = loadCatalogueFile()
  const inputs = new AnalysisInputs(db, { maxSnapDistanceM: catalogue.maxSnapDistanceM, detourFactor: catalogue.detourFactor })
  return { db, config, areaPopulation: new AreaPopulation(inputs), analysis: new Analysis(inputs) }
}
