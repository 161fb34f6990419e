import type { Config } from '../config'
import type { Database } from '../db/database'
import type { AreaPopulation } from '../services/areas'
import type { Analysis } from '../services/analysis'
import type { Scenarios } from '../services/planning/scenarios'
import type { Tokens } from '../services/auth/tokens'

/** What every router needs: the database, the settings and the shared caches. */
export interface AppContext {
  db: Database
  config: Config
  areaPopulation: AreaPopulation
  analysis: Analysis
  scenarios: Scenarios
  tokens: Tokens
}
