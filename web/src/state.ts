import { LANGS, type Lang } from './i18n'

/** What the planner is looking at; everything here is in the URL, so a link reproduces the view. */
export interface AppState {
  /** Facility type code (catalogue). */
  type: string
  /** Area code being summarised (null = the whole data set). */
  area: string | null
  mode: string
  /** Threshold in minutes (null = the type's standard). */
  minutes: number | null
  /** Scenario id (null = the baseline). */
  scenario: number | null
  view: View
  /** What the cell layer is coloured by. */
  layer: Layer
  lang: Lang
  /** Cluster plan id shown in the 片区组团 view (null = the area's first plan). */
  plan: number | null
  /** Map position (null = fit the data). */
  map: { lng: number; lat: number; zoom: number } | null
}
export const VIEWS = ['coverage', 'gaps', 'scenario', 'plan', 'clusters'] as const
export type View = (typeof VIEWS)[number]
export const LAYERS = ['minutes', 'covered', 'score'] as const
export type Layer = (typeof LAYERS)[number]

export const DEFAULT_STATE: AppState = {
  type: 'kindergarten',
  area: null,
  mode: 'walk',
  minutes: null,
  scenario: null,
  view: 'coverage',
  layer: 'minutes',
  lang: 'zh-CN',
  plan: null,
  map: null,
}

const oneOf = <T extends string>(list: readonly T[], v: string | null, fallback: T): T => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback)
const positive = (v: string | null) => (v !== null && Number(v) > 0 && Number.isFinite(Number(v)) ? Number(v) : null)

/** Reads the state from a query string; unknown or malformed values fall back to the defaults. */
export function parseState(search: string): AppState {
  const p = new URLSearchParams(search)
  const mapParts = (p.get('map') ?? '').split('/').map(Number)
  const map = mapParts.length === 3 && mapParts.every(Number.isFinite) ? { zoom: mapParts[0], lat: mapParts[1], lng: mapParts[2] } : null
  const scenario = positive(p.get('scenario'))
  return {
    type: /^[a-z][a-z0-9_]*$/.test(p.get('type') ?? '') ? p.get('type')! : DEFAULT_STATE.type,
    area: p.get('area') || null,
    mode: /^[a-z][a-z0-9_]*$/.test(p.get('mode') ?? '') ? p.get('mode')! : DEFAULT_STATE.mode,
    minutes: positive(p.get('minutes')),
    scenario: scenario !== null ? Math.round(scenario) : null,
    view: oneOf(VIEWS, p.get('view'), DEFAULT_STATE.view),
    layer: oneOf(LAYERS, p.get('layer'), DEFAULT_STATE.layer),
    lang: oneOf(LANGS, p.get('lang'), DEFAULT_STATE.lang),
    plan: positive(p.get('plan')) !== null ? Math.round(positive(p.get('plan'))!) : null,
    map,
  }
}

/** The query string of a state (defaults left out, so links stay short). */
export function stateQuery(s: AppState): string {
  const p = new URLSearchParams()
  if (s.type !== DEFAULT_STATE.type) p.set('type', s.type)
  if (s.area) p.set('area', s.area)
  if (s.mode !== DEFAULT_STATE.mode) p.set('mode', s.mode)
  if (s.minutes !== null) p.set('minutes', String(s.minutes))
  if (s.scenario !== null) p.set('scenario', String(s.scenario))
  if (s.view !== DEFAULT_STATE.view) p.set('view', s.view)
  if (s.layer !== DEFAULT_STATE.layer) p.set('layer', s.layer)
  if (s.lang !== DEFAULT_STATE.lang) p.set('lang', s.lang)
  if (s.plan !== null) p.set('plan', String(s.plan))
  if (s.map) p.set('map', `${s.map.zoom.toFixed(2)}/${s.map.lat.toFixed(5)}/${s.map.lng.toFixed(5)}`)
  const q = p.toString().replace(/%2F/g, '/')
  return q ? `?${q}` : ''
}

type Listener = (state: AppState, changed: Set<keyof AppState>) => void

/**
 * The app state and its subscribers. `set` records the change in the URL: map moves replace the
 * history entry, anything else pushes one, so the browser's back button undoes a step.
 */
export class Store {
  private listeners: Listener[] = []
  constructor(private current: AppState) {
    window.addEventListener('popstate', () => this.replace(parseState(location.search), false))
  }
  get state(): Readonly<AppState> {
    return this.current
  }
  on(fn: Listener) {
    this.listeners.push(fn)
  }
  set(patch: Partial<AppState>) {
    this.replace({ ...this.current, ...patch }, true)
  }
  private replace(next: AppState, record: boolean) {
    const changed = new Set<keyof AppState>()
    for (const k of Object.keys(next) as (keyof AppState)[]) {
      if (JSON.stringify(next[k]) !== JSON.stringify(this.current[k])) changed.add(k)
    }
    if (!changed.size) return
    this.current = next
    if (record) {
      const url = `${location.pathname}${stateQuery(next)}`
      const onlyMap = changed.size === 1 && changed.has('map')
      if (onlyMap) history.replaceState(null, '', url)
      else history.pushState(null, '', url)
    }
    for (const l of this.listeners) l(next, changed)
  }
}
