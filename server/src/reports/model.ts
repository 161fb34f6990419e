// The report model: every figure a coverage report shows, gathered once from the service
// functions the API uses (services/reports/build.ts) and then only laid out by the page formats
// (html.ts, pdf.ts) and flattened into tables and layers (data.ts) for the data writers.
import type { MultiPolygon, Polygon } from 'geojson'
import type { ReportQuery } from '../contract/reports'

export type Lang = 'zh' | 'en'

export interface AreaRef {
  code: string | null
  name: string
  level: string | null
}

/** One child area's coverage of a type (a row of the per-child table). */
export interface ChildCoverage {
  code: string | null
  name: string
  targetPopulation: number
  coveredPopulation: number
  uncoveredPopulation: number
  /** null when the area has no target residents */
  rate: number | null
  /** 1 = best rate; null without a rate */
  rank: number | null
  /** cumulative shares within 5/10/15/20/30 minutes */
  within: { minutes: number; share: number | null }[]
}

/** A map cell: an H3 cell (coarsened for the page) with its target residents and covered share. */
export interface MapCell {
  h3: string
  targetPopulation: number
  coveredPopulation: number
  /** target-weighted mean minutes of the reachable residents (null: none reachable) */
  meanMinutes: number | null
  /** scenario difference: target residents newly covered (+) or no longer covered (−) */
  change?: number
}

export interface GapItem {
  rank: number
  targetPopulation: number
  population: number
  cells: number
  areaKm2: number
  township: string | null
  centroid: [number, number]
  nearestMinutes: number | null
  geometry: MultiPolygon
  /** Best site for one new facility inside the gap (its first piece) and the gap's residents it would cover. */
  site: { lng: number; lat: number; gain: number } | null
  /** Facility-sized pieces of the gap (gap pieces service), in order of choice */
  pieces: { targetPopulation: number; site: [number, number] }[]
  /** Target residents of the gap no piece covers */
  piecesUncovered: number | null
}

export interface FacilityPoint {
  id: string
  name: string | null
  lng: number
  lat: number
  status: string
  /** set for facilities a scenario added, moved or resized */
  scenarioChange?: boolean
}

/** One facility type's part of the report. */
export interface TypeSection {
  code: string
  name: string
  targetGroup: string
  thresholdMinutes: number
  mode: string
  speedKmh: number
  method: string
  total: { targetPopulation: number; coveredPopulation: number; uncoveredPopulation: number; rate: number | null }
  within: { minutes: number; population: number; share: number | null }[]
  /** The plan's target rate for the type, where the plan sets one (share 0–1). */
  planTarget: number | null
  /** For a scenario: the baseline's figures (compare service). */
  baseline: { coveredPopulation: number; rate: number | null } | null
  /** The previous report of the same subject (report_snapshots). */
  previous: { at: string; coveredPopulation: number; rate: number | null } | null
  children: ChildCoverage[]
  equity: { gini: number | null; theil: { total: number; between: number; within: number }; lorenz: [number, number][]; measure: string }
  gaps: GapItem[]
  gapTotal: number
  facilities: FacilityPoint[]
  cells: MapCell[]
  /** H3 resolution of `cells` */
  cellResolution: number
}

export interface ComplianceSection {
  /** 'gb50180': the 5/10/15-minute life circles; 'tdt1062': the rural tiers of a cluster plan */
  standard: 'gb50180' | 'tdt1062'
  tiers: { code: string; name: string; minutes: number; types: string[]; typeNames: string[] }[]
  /** rows: the scope's child areas (or the plan's clusters), then the total */
  rows: { code: string | null; name: string; population: number; shares: (number | null)[] }[]
  total: { population: number; shares: (number | null)[] }
  /** for a cluster plan: the plan against the status quo (one cluster per township) */
  comparison?: { label: string; clusters: number; shares: number[]; meanMinutesToHub: number | null; sitesNeeded: number }[]
  plan?: { id: number; name: string; reachMinutes: number; mode: string }
}

export interface ProjectRow {
  id: string
  name: string
  domain: string
  status: string | null
  year: number | null
  investment: number | null
  newlyCovered: number | null
  yuanPerResident: number | null
}

export interface IndicatorRow {
  code: string
  name: string
  unit: string | null
  target: string | null
  targetValue: number | null
  value: number | null
  source: string | null
  status: string
}

export interface Provenance {
  sources: { kind: string; fileName: string | null; format: string | null; sourceCrs: string | null; records: number; at: string }[]
  crs: string
  method: string
  mode: { code: string; name: string; speedKmh: number; accessSpeedKmh: number | null; network: string; roadClasses: [string, number][] }
  thresholds: { type: string; name: string; minutes: number; targetGroup: string }[]
  snapLimitM: number
  detourFactor: number
}

/** The 均衡可及优质 index (circle-index service): the area's and each child area's, with the weights. */
export interface IndexSection {
  weights: { accessible: number; balanced: number; quality: number }
  balancedMeasure: string
  verify: boolean
  area: IndexRow | null
  children: IndexRow[]
}
export interface IndexRow {
  code: string | null
  name: string
  index: number | null
  accessible: number | null
  balanced: number | null
  quality: number | null
}

export interface ReportModel {
  query: ReportQuery
  lang: Lang
  title: string
  generatedAt: string
  /** Date of the newest import the figures rest on (ISO date), null without imports */
  dataDate: string | null
  area: AreaRef
  /** Level of the per-child table (district, township, community, cluster), null when none */
  childLevel: string | null
  subject: { kind: 'type' | 'domain'; code: string; name: string }
  scenario: { id: number; name: string } | null
  population: { total: number; groups: { group: string; population: number }[] }
  types: TypeSection[]
  compliance: ComplianceSection | null
  index: IndexSection | null
  projects: { year: number | null; rows: ProjectRow[] }
  indicators: IndicatorRow[]
  provenance: Provenance
  /** Outline of the report's area and its child areas, WGS 84, simplified for drawing */
  outlines: { code: string; name: string; child: boolean; geometry: Polygon | MultiPolygon }[]
  previousAt: string | null
}
