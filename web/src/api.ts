import type { ChangeBody, SitingBody } from '../../server/src/contract/analysis'
import type { Domain, FacilityType, Mode } from '../../server/src/contract/catalogue'
import type {
  AreasResponse, CellInfo, CellTileJson, ChangeResponse, CompareResponse, CoverageResponse, EquityResponse, FacilitiesResponse, FacilityProperties,
  GapProperties, GapsResponse, IndicatorView, IsochroneResponse, ProjectImpact, ProjectsResponse, ScenarioDelta, ScenarioDetail, ScenarioSummary,
  SitingResponse, StreetTileJson,
} from '../../server/src/contract/responses'
import type { CellValue } from '../../server/src/contract/tiles'
import type { IndexResponse } from '../../server/src/contract/circle-index'
import type { ClusterAnalysisResponse, ClusterChangeResponse, ClusterPlan, ClustersResponse, SuggestResponse } from '../../server/src/contract/cluster-responses'
import type { PlanBody, PlanChangeBody, SuggestBody } from '../../server/src/contract/clusters'
export type { ClusterAnalysisResponse, ClustersResponse, ClusterPlan, SuggestResponse }
import { RoleTooLow, session } from './auth'

/**
 * The web app's only data source: the circle15 API on this origin (docs/API.md). Response types
 * are the server's own zod contract, server/src/contract/responses.ts (type-only imports: nothing of
 * the server is bundled).
 */
export type { CellInfo, CellTileJson, CompareResponse, CoverageResponse, Domain, EquityResponse, FacilityType, GapProperties, Mode, ScenarioDelta, SitingResponse }
export type AreaCollection = AreasResponse
export type { IndicatorView, ProjectImpact, ProjectsResponse }
export type GapCollection = GapsResponse
export type { IndexResponse }
export type { FacilityProperties, ScenarioDetail, ScenarioSummary as Scenario }
export type FacilityCollection = FacilitiesResponse

/** An API error as the server reports it: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field?: string; message: string }[] = [],
  ) {
    super(message)
  }
}

/** Travel settings every analysis request carries. */
export interface Travel {
  type: string
  mode?: string
  minutes?: number | null
  scenario?: number | null
}

type Query = Record<string, string | number | boolean | null | undefined>

function url(path: string, q: Query = {}): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v))
  const qs = p.toString()
  return `/api${path}${qs ? `?${qs}` : ''}`
}

/**
 * One API request with the session's token (if any). A write first makes sure a planner is
 * signed in (the sign-in dialog opens on the first edit); a write refused with 401 (token revoked
 * meanwhile) asks again and is sent once more.
 */
async function request<T>(method: string, path: string, q?: Query, body?: unknown, signal?: AbortSignal, retried = false): Promise<T> {
  const write = method !== 'GET'
  if (write) {
    try {
      await session.requireWrite()
    } catch (e) {
      throw new ApiError(e instanceof RoleTooLow ? 403 : 401, e instanceof RoleTooLow ? 'forbidden' : 'unauthorized', (e as Error).message)
    }
  }
  let res: Response
  try {
    res = await fetch(url(path, q), {
      method,
      signal,
      headers: { ...session.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'network', (e as Error).message)
  }
  if (res.status === 401 && session.token()) {
    session.forget()
    if (write && !retried) return request<T>(method, path, q, body, signal, true)
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    const err = json?.error
    throw new ApiError(res.status, err?.code ?? 'http', err?.message ?? `${res.status} ${res.statusText}`, err?.details ?? [])
  }
  return json as T
}

const get = <T>(path: string, q?: Query, signal?: AbortSignal) => request<T>('GET', path, q, undefined, signal)
const travel = (t: Travel): Query => ({ type: t.type, mode: t.mode, minutes: t.minutes, scenario: t.scenario })

export const api = {
  facilityTypes: () => get<FacilityType[]>('/facility-types'),
  domains: () => get<Domain[]>('/domains'),
  modes: () => get<Mode[]>('/modes'),
  /** Area boundaries for the base map (cached server-side; same content as /api/areas). */
  areas: (level: string, simplifyM: number) => get<AreaCollection>('/tiles/areas.json', { level, simplify: simplifyM }),
  facilities: (type: string | null, scenario: number | null) => get<FacilityCollection>('/facilities', { type, scenario }),
  streetTiles: () => get<StreetTileJson>('/tiles/streets.json'),
  cellTiles: (t: Travel, value: CellValue) => get<CellTileJson>('/tiles/cells.json', { ...travel(t), value }),
  cellInfo: (t: Travel, at: { lng: number; lat: number; res: number }, value: CellValue) => get<CellInfo>('/tiles/cell', { ...travel(t), ...at, value }),
  coverage: (t: Travel, area: string | null, level: string | null, signal?: AbortSignal) =>
    get<CoverageResponse>('/coverage', { ...travel(t), area, level }, signal),
  equity: (t: Travel, area: string | null, signal?: AbortSignal) => get<EquityResponse>('/equity', { ...travel(t), area }, signal),
  isochrone: (at: { lng: number; lat: number }, mode: string, minutes: number[]) =>
    get<IsochroneResponse>('/isochrone', { ...at, mode, minutes: minutes.join(',') }),
  gaps: (t: Travel, area: string | null, minPopulation: number, limit: number, signal?: AbortSignal) =>
    get<GapCollection>('/gaps', { ...travel(t), area, minPopulation, limit }, signal),
  /** One gap (by rank) split into facility-sized pieces. */
  gapPieces: (t: Travel, area: string | null, minPopulation: number, rank: number, signal?: AbortSignal) =>
    get<GapCollection>('/gaps', { ...travel(t), area, minPopulation, rank, pieces: 1 }, signal),
  /** The 均衡可及优质 index of one area for a domain (the travel settings' type stays out: the domain has several). */
  index: (t: Travel, domain: string, area: string | null, signal?: AbortSignal) =>
    get<IndexResponse>('/index', { mode: t.mode, scenario: t.scenario, domain, area }, signal),
  scenarios: {
    list: () => get<ScenarioSummary[]>('/scenarios'),
    get: (id: number) => get<ScenarioDetail>(`/scenarios/${id}`),
    create: (name: string, description?: string) => request<{ id: number }>('POST', '/scenarios', undefined, { name, description }),
    rename: (id: number, name: string) => request<ScenarioSummary>('PATCH', `/scenarios/${id}`, undefined, { name }),
    remove: (id: number) => request<void>('DELETE', `/scenarios/${id}`),
    change: (id: number, body: ChangeBody) => request<ChangeResponse>('POST', `/scenarios/${id}/changes`, undefined, body),
    undo: (id: number, changeId: number) => request<void>('DELETE', `/scenarios/${id}/changes/${changeId}`),
    compare: (id: number, t: Travel, level: string, area: string | null) =>
      get<CompareResponse>(`/scenarios/${id}/compare`, { type: t.type, mode: t.mode, minutes: t.minutes, level, area }),
  },
  indicators: () => get<IndicatorView[]>('/indicators'),
  recordIndicator: (code: string, body: { value: number; year?: number; note?: string }) => request<IndicatorView>('POST', `/indicators/${code}/values`, undefined, body),
  projects: () => get<ProjectsResponse>('/projects'),
  clusters: {
    plans: (area: string) => get<ClusterPlan[]>('/clusters/plans', { area }),
    get: (area: string, plan: number) => get<ClustersResponse>('/clusters', { area, plan }),
    analysis: (area: string, plan: number, signal?: AbortSignal) => get<ClusterAnalysisResponse>('/clusters/analysis', { area, plan }, signal),
    suggest: (body: Partial<SuggestBody> & { area: string }) => request<SuggestResponse>('POST', '/clusters/suggest', undefined, body),
    create: (body: Omit<PlanBody, 'unitLevel'> & { unitLevel?: PlanBody['unitLevel'] }) => request<{ plan: ClusterPlan }>('POST', '/clusters/plans', undefined, body),
    change: (id: number, body: PlanChangeBody) => request<ClusterChangeResponse>('POST', `/clusters/plans/${id}/changes`, undefined, body),
  },
  siting: (body: SitingBody) => request<SitingResponse>('POST', '/siting', undefined, body),
  sitingScenario: (body: SitingBody & { name: string; siteName?: string }) => request<SitingResponse & { id: number }>('POST', '/siting/scenario', undefined, body),
}
