import type * as maplibregl from 'maplibre-gl'
import type { AreaCollection, Domain, FacilityType, Mode, Travel } from './api'
import type { AreaProperties } from '../../server/src/contract/responses'
import type { DomainSymbol } from './map/symbols'
import type { Status } from './status'
import type { Store } from './state'

/** The catalogue as the app uses it. */
export interface Catalogue {
  types: FacilityType[]
  domains: Domain[]
  modes: Mode[]
  type(code: string): FacilityType | undefined
  symbols: Map<string, DomainSymbol>
}

export interface AreaInfo extends AreaProperties {
  bbox: [number, number, number, number]
}

/** Areas of every level, by code, with their bounding boxes (for flying to them). */
export interface Areas {
  byCode: Map<string, AreaInfo>
  collections: Record<'city' | 'district' | 'township', AreaCollection>
  /** The level below `level` that has areas (null = none). */
  childLevel(level: string | null): string | null
}

type Handler = () => void

/** What every panel and map module shares. */
export interface App {
  store: Store
  map: maplibregl.Map
  catalogue: Catalogue
  areas: Areas
  status: Status
  /** The current facility type (falls back to the first when the URL names an unknown one). */
  type(): FacilityType
  /** The threshold in force: the URL's minutes, else the type's standard. */
  threshold(): number
  /** Travel settings of the current state (minutes only when the planner overrode the standard). */
  travel(): Travel
  /** Called after a scenario changed on the server: everything that shows scenario figures reloads. */
  onScenarioEdited(fn: Handler): void
  scenarioEdited(): void
  /** Called after the open scenario was renamed: what shows its name reloads. */
  onScenarioRenamed(fn: Handler): void
  scenarioRenamed(): void
}
