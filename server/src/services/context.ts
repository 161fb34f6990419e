import type { Config } from '../config'
import type { Database } from '../db/database'
import { Analysis } from './analysis'
import { AnalysisInputs } from './analysis/inputs'
import { FieldPool } from './analysis/pool'
import { AreaPopulation } from './areas'
import { installCatalogue, loadCatalogueFile } from './catalogue'
import { Scenarios } from './planning/scenarios'
import { installIndicators } from './planning/indicators'
import { Tokens } from './auth/tokens'
import { AnalysisResults, ResultCache } from './cache'

/** What every router needs: the database, the settings and the shared caches (the services, wired once). */
export interface AppContext {
  db: Database
  config: Config
  areaPopulation: AreaPopulation
  analysis: Analysis
  scenarios: Scenarios
  tokens: Tokens
  /** Analysis answers cached per query, data version and scenario state. */
  results: AnalysisResults
}

/** Loads the shipped reference data (catalogue, the plan's indicators) into a database. */
export async function installReferenceData(db: Database): Promise<void> {
  await installCatalogue(db)
  await installIndicators(db)
}

/** Wires the services over one database: what the server, the CLI and the tests share. */
export function createServices(db: Database, config: Config): AppContext {
  const catalogue = loadCatalogueFile()
  const inputs = new AnalysisInputs(db, { maxSnapDistanceM: catalogue.maxSnapDistanceM, detourFactor: catalogue.detourFactor })
  const analysis = new Analysis(inputs, new FieldPool({ threads: config.workers }))
  analysis.fields.maxNodes = config.limits.searchMaxNodes
  const scenarios = new Scenarios(db, analysis, { maxChanges: config.limits.scenarioMaxChanges })
  const results = new AnalysisResults(new ResultCache(config.cacheMaxBytes), () => inputs.versions(), (id) => scenarios.revision(id))
  return { db, config, areaPopulation: new AreaPopulation(inputs), analysis, scenarios, results, tokens: new Tokens(db) }
}
