import { z } from 'zod'
import { AccessibilityQuery, CellsQuery, ChangeBody, CompareQuery, ComplianceQuery, CoverageQuery, EquityQuery, GapsQuery, IsochroneQuery, ScenarioBody, ScenarioPatch, SitingBody, SitingScenarioBody } from './analysis'
import { AuditEntry, AuditQuery, CreatedToken, CreateTokenBody, TokenSummary, WhoAmI } from './auth'
import { DomainSchema, FacilityTypeSchema, ModeSchema, RuralTierSchema } from './catalogue'
import { ClusterAnalysisResponse, ClusterChangeResponse, ClusterImportResponse, ClusterPlan, ClustersResponse, SuggestResponse } from './cluster-responses'
import { ClusterAnalysisQuery, ClusterImportQuery, ClustersQuery, PlanBody, PlanChangeBody, PlansQuery, SuggestBody } from './clusters'
import { AreasQuery, FacilitiesQuery } from './geodata'
import { HealthResponse, ImportBatch } from './meta'
import { IdParam, IndicatorsQuery, IndicatorValueBody, ProjectsQuery } from './planning'
import { IMPORT_KINDS, ImportQuerySchema, ImportResult } from './records'
import {
  AccessibilityResponse, AreasResponse, CellInfo, CellsResponse, CellTileJson, ChangeResponse, CompareResponse, ComplianceResponse, CoverageResponse,
  EquityResponse, FacilitiesResponse, GapsResponse, IndicatorsResponse, IndicatorView, IsochroneResponse, ProjectsResponse, ScenarioDetail,
  ScenarioSummary, SitingResponse, StreetTileJson,
} from './responses'
import { AreaShapesQuery, CellAt, CellTilesQuery, TilePath } from './tiles'
import { IndexQuery, IndexResponse } from './circle-index'
import { REPORT_FORMATS, ReportQuery } from './reports'

/**
 * Every API route's request and response schemas, keyed `METHOD /path` as the router mounts it
 * (Express `:param` syntax, under /api). The OpenAPI document (`GET /api/openapi.json`,
 * http/openapi.ts) is generated from this table and the route table of roles (http/roles.ts);
 * `test/api/openapi.test.ts` fails while a mounted route has no entry here.
 */
export interface RouteContract {
  summary: string
  /** API.md's group of the route (an OpenAPI tag). */
  tag: 'meta' | 'access' | 'layers' | 'import' | 'analysis' | 'planning' | 'clusters' | 'tiles' | 'reports'
  /** Query parameters: one object schema, or several whose parameters add up. */
  query?: z.ZodObject | z.ZodObject[]
  /** Path parameters by name (default: a string). */
  params?: Record<string, z.ZodType>
  /** A JSON request body. */
  body?: z.ZodType
  /** The body is a file: the raw bytes, or the multipart field `file`. */
  upload?: boolean
  /** The success answer. `schema` absent: no body (204) or a binary one (`contentType`). */
  response: { status: number; schema?: z.ZodType; contentType?: string; description?: string }
  /** Other representations of the same answer (e.g. `format=csv`). */
  alternatives?: { contentType: string; description: string }[]
}

const id = { id: IdParam }
const tile = TilePath.shape
const ok = (schema: z.ZodType, description?: string) => ({ status: 200, schema, description })
const created = (schema: z.ZodType) => ({ status: 201, schema })
const noContent = { status: 204, description: 'done; no body' }
const vectorTile = { status: 200, contentType: 'application/vnd.mapbox-vector-tile', description: 'a Mapbox vector tile (gzip-encoded when accepted)' }

/** A loose OpenAPI document: what `GET /api/openapi.json` answers. */
export const OpenApiDocument = z.looseObject({ openapi: z.string().startsWith('3.'), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })

export const API_ROUTES: Record<string, RouteContract> = {
  'GET /health': { tag: 'meta', summary: 'Server status, database backend and the answer cache', response: ok(HealthResponse) },
  'GET /openapi.json': { tag: 'meta', summary: 'This document: every route with its schemas and the role it needs', response: ok(OpenApiDocument) },
  'GET /facility-types': { tag: 'meta', summary: 'The catalogue of facility types', response: ok(z.array(FacilityTypeSchema)) },
  'GET /domains': { tag: 'meta', summary: "The catalogue's domains (七优享 and more)", response: ok(z.array(DomainSchema)) },
  'GET /modes': { tag: 'meta', summary: 'Travel modes with their speeds and road-class settings', response: ok(z.array(ModeSchema)) },
  'GET /import-batches': { tag: 'meta', summary: 'Provenance of every import, newest first', response: ok(z.array(ImportBatch)) },

  'GET /auth/me': { tag: 'access', summary: "Who the request's token belongs to", response: ok(WhoAmI) },
  'GET /tokens': { tag: 'access', summary: 'API tokens (never their secrets)', response: ok(z.array(TokenSummary)) },
  'POST /tokens': { tag: 'access', summary: 'Create a token: the secret is shown only in this answer', body: CreateTokenBody, response: created(CreatedToken) },
  'DELETE /tokens/:id': { tag: 'access', summary: 'Revoke a token', params: id, response: ok(TokenSummary) },
  'GET /audit': { tag: 'access', summary: 'The audit log of writes, newest first', query: AuditQuery, response: ok(z.array(AuditEntry)) },

  'GET /areas': { tag: 'layers', summary: 'Areas as GeoJSON with their population', query: AreasQuery, response: ok(AreasResponse) },
  'GET /facilities': { tag: 'layers', summary: "Facilities as GeoJSON (a scenario's with `scenario`)", query: FacilitiesQuery, response: ok(FacilitiesResponse) },

  'POST /import/clusters': { tag: 'import', summary: 'A cluster plan from CSV/XLSX rows, GeoJSON or a zipped Shapefile', query: ClusterImportQuery, upload: true, response: ok(ClusterImportResponse) },
  'POST /import/:kind': {
    tag: 'import', summary: 'Import a layer; on any invalid record nothing is stored (400 naming the record and field)',
    params: { kind: z.enum(IMPORT_KINDS) }, query: ImportQuerySchema, upload: true, response: ok(ImportResult),
  },

  'GET /coverage': { tag: 'analysis', summary: 'Target population within the threshold, per area', query: CoverageQuery, response: ok(CoverageResponse) },
  'GET /cells': {
    tag: 'analysis', summary: 'Every populated cell with its minutes to the nearest facility', query: CellsQuery, response: ok(CellsResponse),
    alternatives: [
      { contentType: 'text/csv', description: 'with format=csv (or Accept: text/csv): the same rows as CSV (RFC 4180)' },
      { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'with format=xlsx: the same rows as a worksheet (≤ 100,000 cells)' },
      { contentType: 'application/geo+json', description: 'with format=geojson: the cells as polygons with the same fields (≤ 100,000 cells)' },
      { contentType: 'application/geopackage+sqlite3', description: 'with format=gpkg: a GeoPackage, layer `cells` (≤ 100,000 cells)' },
    ],
  },
  'GET /accessibility': { tag: 'analysis', summary: '2SFCA / Gaussian 2SFCA scores per area and cell', query: AccessibilityQuery, response: ok(AccessibilityResponse) },
  'GET /equity': { tag: 'analysis', summary: 'Gini, Lorenz curve and Theil decomposition', query: EquityQuery, response: ok(EquityResponse) },
  'GET /compliance': { tag: 'analysis', summary: 'GB 50180 life circles complete, per area', query: ComplianceQuery, response: ok(ComplianceResponse) },
  'GET /isochrone': { tag: 'analysis', summary: 'Cumulative isochrone bands around a point', query: IsochroneQuery, response: ok(IsochroneResponse) },

  'GET /index': { tag: 'analysis', summary: 'The 均衡可及优质 (balanced, accessible, quality) index per area for a domain or type, each part shown', query: IndexQuery, response: ok(IndexResponse) },

  'GET /gaps': { tag: 'planning', summary: 'Ranked clusters of cells left without the service', query: GapsQuery, response: ok(GapsResponse) },
  'GET /scenarios': { tag: 'planning', summary: 'What-if scenarios', response: ok(z.array(ScenarioSummary)) },
  'POST /scenarios': { tag: 'planning', summary: 'Create a scenario (a copy of the baseline)', body: ScenarioBody, response: created(z.strictObject({ id: z.number().int().positive() })) },
  'GET /scenarios/:id': { tag: 'planning', summary: 'One scenario with its changes', params: id, response: ok(ScenarioDetail) },
  'PATCH /scenarios/:id': { tag: 'planning', summary: 'Rename or describe a scenario', params: id, body: ScenarioPatch, response: ok(ScenarioSummary) },
  'DELETE /scenarios/:id': { tag: 'planning', summary: 'Delete a scenario', params: id, response: noContent },
  'POST /scenarios/:id/changes': { tag: 'planning', summary: 'Add, move, remove or resize a facility in a scenario', params: id, body: ChangeBody, response: ok(ChangeResponse) },
  'DELETE /scenarios/:id/changes/:changeId': { tag: 'planning', summary: 'Undo one change', params: { id: IdParam, changeId: IdParam }, response: noContent },
  'GET /scenarios/:id/compare': { tag: 'planning', summary: 'Coverage per area, baseline against scenario', params: id, query: CompareQuery, response: ok(CompareResponse) },
  'POST /siting': { tag: 'planning', summary: 'Suggested sites (greedy maximal covering)', body: SitingBody, response: ok(SitingResponse) },
  'POST /siting/scenario': { tag: 'planning', summary: 'A new scenario with the suggested sites added', body: SitingScenarioBody, response: created(SitingResponse.extend({ id: z.number().int().positive() })) },
  'GET /projects': { tag: 'planning', summary: "The year's projects with what each newly covers", query: ProjectsQuery, response: ok(ProjectsResponse) },
  'GET /indicators': { tag: 'planning', summary: "The plan's indicators against their targets", query: IndicatorsQuery, response: ok(IndicatorsResponse) },
  'POST /indicators/:code/values': { tag: 'planning', summary: 'Enter an indicator value by hand', params: { code: z.string().regex(/^I\d\d$/) }, body: IndicatorValueBody, response: created(IndicatorView) },

  'GET /clusters': { tag: 'clusters', summary: "A plan's clusters as GeoJSON", query: ClustersQuery, response: ok(ClustersResponse) },
  'GET /clusters/tiers': { tag: 'clusters', summary: 'Rural service tiers (TD/T 1062)', response: ok(z.array(RuralTierSchema)) },
  'POST /clusters/suggest': { tag: 'clusters', summary: 'Suggested contiguous clusters around hubs (stores nothing)', body: SuggestBody, response: ok(SuggestResponse) },
  'GET /clusters/plans': { tag: 'clusters', summary: 'Cluster plans', query: PlansQuery, response: ok(z.array(ClusterPlan)) },
  'POST /clusters/plans': { tag: 'clusters', summary: 'Store a cluster plan (replaces one of the same name in the area)', body: PlanBody, response: created(z.strictObject({ plan: ClusterPlan })) },
  'POST /clusters/plans/:id/changes': { tag: 'clusters', summary: 'Move a member or change a hub', params: id, body: PlanChangeBody, response: ok(ClusterChangeResponse) },
  'DELETE /clusters/plans/:id': { tag: 'clusters', summary: 'Delete a cluster plan', params: id, response: noContent },
  'GET /clusters/analysis': { tag: 'clusters', summary: 'Tiers met, hub facilities and mobile candidates per cluster; the plan vs the status quo', query: ClusterAnalysisQuery, response: ok(ClusterAnalysisResponse) },

  'GET /reports/coverage': {
    tag: 'reports', summary: 'A coverage report of an area and a type or domain, as a file', query: ReportQuery,
    response: { status: 200, contentType: '*/*', description: `the report file in the format asked by format= or the Accept header (${REPORT_FORMATS.join(', ')}; default pdf), with a content-disposition file name; several tables of a data format come as a zip` },
  },

  'GET /tiles/cells.json': { tag: 'tiles', summary: 'TileJSON of the cell layer with its version token', query: CellTilesQuery, response: ok(CellTileJson) },
  'GET /tiles/cells/:z/:x/:file': { tag: 'tiles', summary: 'A vector tile of the cell layer (`file` = `{y}.pbf`)', params: tile, query: CellTilesQuery, response: vectorTile },
  'GET /tiles/streets.json': { tag: 'tiles', summary: 'TileJSON of the loaded street network', response: ok(StreetTileJson) },
  'GET /tiles/streets/:z/:x/:file': { tag: 'tiles', summary: 'A vector tile of the street network (`file` = `{y}.pbf`)', params: tile, response: vectorTile },
  'GET /tiles/areas.json': { tag: 'tiles', summary: 'Area outlines of one level for the base map (cached)', query: AreaShapesQuery, response: ok(AreasResponse) },
  'GET /tiles/cell': { tag: 'tiles', summary: 'One clicked cell: residents, minutes, nearest facility', query: [CellAt, CellTilesQuery], response: ok(CellInfo) },
}
