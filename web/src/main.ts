import './zod-jitless'
import * as maplibregl from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import './style.css'
import type { Feature, MultiPolygon } from 'geojson'
import { ApiError, api, type AreaCollection, type CellTileJson, type FacilityProperties } from './api'
import type { App, Areas, Catalogue } from './context'
import { h, mount } from './dom'
import { setLang, t } from './i18n'
import { LOCAL_IDEOGRAPH_FONTS, addStreets, baseStyle, setData } from './map/base'
import { CellLayer, cellStyle } from './map/cells'
import { FacilityLayer } from './map/facilities'
import { labelPoints, outerBounds } from './map/labels'
import { CellPopup } from './map/popup'
import { domainSymbols } from './map/symbols'
import { renderControls } from './panels/controls'
import { CoveragePanel } from './panels/coverage'
import { GapsPanel } from './panels/gaps'
import { PlanPanel } from './panels/plan'
import { renderLegend } from './panels/legend'
import { ScenarioPanel } from './panels/scenario'
import { ClustersPanel } from './panels/clusters'
import { Store, VIEWS, parseState, stateQuery } from './state'
import { Status } from './status'
import { session, userBadge } from './auth'

// The worker is bundled as a file of its own; MapLibre must be told where it is (same origin).
maplibregl.setWorkerUrl(workerUrl)

const AREA_LEVELS = ['city', 'district', 'township'] as const
/** Simplification tolerance per level (metres): boundaries stay crisp at the zooms they are seen. */
const SIMPLIFY_M = { city: 100, district: 40, township: 25 }

async function main() {
  const store = new Store(parseState(location.search))
  setLang(store.state.lang)
  document.title = t('app.title')
  // Who is signed in (this tab's token, if any); a server that wants a token for reads asks now.
  await session.load()
  if (session.readAccess === 'token' && !session.user) await session.prompt('auth.readNeedsToken', true)

  // The shell: side panel and map.
  const langLink = h('a', { class: 'lang', id: 'lang-switch', hreflang: store.state.lang === 'en' ? 'zh-CN' : 'en' }, t('app.otherLanguage'))
  const controls = h('div', { class: 'controls' })
  const banner = h('div', { class: 'scenario-banner', hidden: true })
  const views = Object.fromEntries(VIEWS.map((v) => [v, h('div', { class: 'view', id: `view-${v}`, role: 'tabpanel' })])) as unknown as Record<(typeof VIEWS)[number], HTMLElement>
  const mapEl = h('div', { id: 'map' })
  const legend = h('div', { class: 'legend', id: 'legend' })
  const sidebar = h('aside', { class: 'sidebar' },
    h('header', null, h('div', { class: 'title-row' }, h('h1', null, t('app.title')), h('div', { class: 'header-links' }, userBadge(), langLink)), h('p', { class: 'subtitle' }, t('app.subtitle'))),
    controls, banner, ...Object.values(views),
    h('footer', null, t('app.attribution')))
  mount(document.getElementById('app')!, sidebar, h('main', { class: 'map-wrap' }, mapEl, legend))
  const status = new Status(document.querySelector<HTMLElement>('.map-wrap')!)

  // Start the first cell layer request now: it is on the path to the first coloured map.
  // A link to a scenario that no longer exists opens the baseline, with a note.
  if (store.state.scenario !== null) {
    const id = store.state.scenario
    const missing = await api.scenarios.get(id).then(() => false, (e) => e instanceof ApiError && e.status === 404)
    if (missing) {
      store.set({ scenario: null })
      status.info(t('scenario.missing', { id }))
    }
  }
  const prefetched = (window as unknown as { __circle15FirstTiles?: Promise<CellTileJson | null> }).__circle15FirstTiles
  const firstTiles = (prefetched ?? Promise.resolve(null)).then((tj) => {
    const c = tj?.circle15
    const s = store.state
    const same = c && c.type === s.type && c.value === s.layer && c.scenario === s.scenario && (s.minutes === null || c.thresholdMinutes === s.minutes) && (c.mode === s.mode)
    return same ? tj : api.cellTiles({ type: s.type, mode: s.mode, minutes: s.minutes, scenario: s.scenario }, s.layer).catch(() => null)
  })
  const areaRequests = Object.fromEntries(AREA_LEVELS.map((l) => [l, api.areas(l, SIMPLIFY_M[l])])) as Record<(typeof AREA_LEVELS)[number], Promise<AreaCollection>>

  // The map starts as soon as the cell layer's TileJSON is known (its bounds frame the city); the
  // catalogue loads meanwhile.
  const catalogueRequest = Promise.all([api.facilityTypes(), api.domains(), api.modes()])
  const start = store.state.map
  const first = await firstTiles
  const map = new maplibregl.Map({
    container: mapEl,
    style: baseStyle(first ? cellStyle(first, store.state.layer) : undefined),
    ...(start ? { center: [start.lng, start.lat], zoom: start.zoom } : first ? { bounds: first.bounds, fitBoundsOptions: { padding: 24 } } : { center: [121.55, 29.87], zoom: 8 }),
    localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
    // Tiles carry the session's token too (needed where the server requires one for reads).
    transformRequest: (url) => (url.startsWith(`${location.origin}/api/`) || url.startsWith('/api/') ? { url, headers: session.headers() } : { url }),
    attributionControl: false,
    maxZoom: 17,
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 150,
  })
  map.touchZoomRotate.disableRotation()
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right')
  const mapLoaded = new Promise<void>((resolve) => map.once('load', () => resolve()))

  let catalogue: Catalogue
  try {
    const [types, domains, modes] = await status.track(catalogueRequest, t('what.catalogue'))
    const byCode = new Map(types.map((ty) => [ty.code, ty]))
    catalogue = { types, domains, modes, type: (c) => byCode.get(c), symbols: domainSymbols(domains.map((d) => d.code)) }
    if (!types.length) throw new Error(t('error.noTypes'))
  } catch (e) {
    mount(views.coverage, h('div', { class: 'empty' }, t('error.start'), h('div', { class: 'muted small' }, String((e as Error).message))))
    return
  }
  if (!catalogue.type(store.state.type)) store.set({ type: catalogue.type('kindergarten') ? 'kindergarten' : catalogue.types[0].code })
  await mapLoaded

  const areas: Areas = {
    byCode: new Map(),
    collections: { city: empty(), district: empty(), township: empty() },
    childLevel(level) {
      const order = ['city', 'district', 'township']
      const next = level === null ? 'district' : order[order.indexOf(level) + 1]
      return next && this.collections[next as keyof Areas['collections']]?.features.length ? next : null
    },
  }
  const editedHandlers: (() => void)[] = []
  const renamedHandlers: (() => void)[] = []
  const app: App = {
    store, map, catalogue, areas, status,
    type: () => catalogue.type(store.state.type) ?? catalogue.types[0],
    threshold: () => store.state.minutes ?? app.type().thresholdMinutes,
    travel: () => ({ type: store.state.type, mode: store.state.mode, minutes: store.state.minutes, scenario: store.state.scenario }),
    onScenarioEdited: (fn) => editedHandlers.push(fn),
    scenarioEdited: () => editedHandlers.forEach((fn) => fn()),
    onScenarioRenamed: (fn) => renamedHandlers.push(fn),
    scenarioRenamed: () => renamedHandlers.forEach((fn) => fn()),
  }

  // The cell layer first: it is what the planner waits for.
  // For the browser tests and for debugging from the console.
  ;(window as unknown as { __circle15: unknown }).__circle15 = { map, store }
  const cells = new CellLayer(app)
  let cellsFirst: Promise<void>
  if (first && first.circle15.type === store.state.type) {
    cells.adopt(first)
    cellsFirst = Promise.resolve()
  } else cellsFirst = cells.refresh().catch(() => {})
  const facilities = new FacilityLayer(app)
  const popup = new CellPopup(app)
  renderControls(app, controls)
  renderLegend(app, cells, legend, (on) => facilities.showOthers(on))
  const coverage = new CoveragePanel(app, views.coverage)
  const scenario = new ScenarioPanel(app, views.scenario)
  const gaps = new GapsPanel(app, views.gaps, (lng, lat) => void scenario.addAt(lng, lat))
  const plan = new PlanPanel(app, views.plan)
  const clusters = new ClustersPanel(app, views.clusters)

  // Areas arrive in the background; the coverage panel needs them for names and drill-down.
  const areasReady = Promise.all(AREA_LEVELS.map(async (level) => {
    const fc = await status.track(areaRequests[level], t('what.areas')).catch(() => empty())
    areas.collections[level] = fc
    for (const f of fc.features) areas.byCode.set(f.properties.code, { ...f.properties, bbox: outerBounds(f.geometry) })
    setData(map, `areas-${level}`, fc)
    if (level !== 'city') setData(map, `labels-${level}`, labelPoints(fc))
  }))

  const showView = () => {
    for (const v of VIEWS) views[v].hidden = v !== store.state.view
    document.body.dataset.view = store.state.view
    map.setLayoutProperty('sites-circle', 'visibility', store.state.view === 'scenario' ? 'visible' : 'none')
    map.setLayoutProperty('sites-label', 'visibility', store.state.view === 'scenario' ? 'visible' : 'none')
    clusterLayers()
  }
  // The 片区组团 view shows clusters, not one type's cells and facilities.
  const clusterLayers = () => {
    const on = store.state.view === 'clusters'
    for (const id of ['cells-fill', 'cells-hover', 'facilities']) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'none' : 'visible')
    legend.hidden = on
  }
  const selectArea = (fly: boolean) => {
    const code = store.state.area
    const f = code ? findArea(areas, code) : null
    setData(map, 'selected-area', { type: 'FeatureCollection', features: f ? [f] : [] })
    const info = code ? areas.byCode.get(code) : null
    if (fly && info) map.fitBounds([[info.bbox[0], info.bbox[1]], [info.bbox[2], info.bbox[3]]], { padding: 40, duration: 700 })
  }
  const updateBanner = async () => {
    const id = store.state.scenario
    banner.hidden = id === null
    if (id === null) return
    const sc = await api.scenarios.get(id).catch(() => null)
    if (store.state.scenario !== id) return
    mount(banner, h('span', null, t('banner.scenario', { name: sc?.name ?? `#${id}` })),
      h('button', { class: 'link', id: 'exit-scenario', onclick: () => store.set({ scenario: null }) }, t('banner.exit')))
  }
  const updateLangLink = () => {
    langLink.setAttribute('href', `${location.pathname}${stateQuery({ ...store.state, lang: store.state.lang === 'en' ? 'zh-CN' : 'en' })}`)
  }

  store.on((s, changed) => {
    if (changed.has('lang')) return location.reload()
    const travel = changed.has('type') || changed.has('mode') || changed.has('minutes') || changed.has('scenario')
    if (travel || changed.has('layer')) {
      popup.close()
      void cells.refresh().catch(() => {})
    }
    if (changed.has('type') || changed.has('scenario')) {
      void facilities.refresh().catch(() => {})
      facilities.typeChanged()
    }
    if (travel || changed.has('area')) void coverage.refresh()
    if (travel || changed.has('area') || changed.has('view')) void gaps.refresh()
    if (travel || changed.has('area') || changed.has('view')) void scenario.refresh()
    if (changed.has('view')) void plan.refresh()
    if (changed.has('view') || changed.has('plan') || (changed.has('area') && s.view === 'clusters')) void clusters.refresh()
    if (changed.has('area')) selectArea(true)
    if (changed.has('view')) showView()
    if (changed.has('scenario')) void updateBanner()
    updateLangLink()
  })
  app.onScenarioRenamed(() => void updateBanner())
  app.onScenarioEdited(() => {
    // The map first; the panels' heavier figures once the new cells are drawn (or after 1.5 s).
    void cells.refresh().catch(() => {})
    void facilities.refresh().catch(() => {})
    const token = document.body.dataset.cellsToken
    void waitFor(() => document.body.dataset.cellsDrawn !== undefined && document.body.dataset.cellsDrawn !== token, 1500).then(() => {
      void coverage.refresh()
      void gaps.refresh()
    })
  })

  map.on('moveend', () => {
    const c = map.getCenter()
    store.set({ map: { lng: c.lng, lat: c.lat, zoom: map.getZoom() } })
  })
  map.on('click', (e) => {
    if (e.defaultPrevented || scenario.editor.adding) return
    const hit = (layer: string) => map.getLayer(layer) ? map.queryRenderedFeatures(e.point, { layers: [layer] })[0] : undefined
    const facility = hit('facilities')
    if (facility) {
      if (!scenario.editor.enabled) ScenarioPanel.infoPopup(app, facility.properties as FacilityProperties, e.lngLat)
      return // in the scenario view the editor handles facility clicks
    }
    if (store.state.view === 'gaps' && hit('gaps-fill')) return
    const cell = hit('cells-fill')
    if (cell) void popup.open(e.lngLat, Number(cell.properties.r))
    else popup.openEmpty(e.lngLat)
  })
  map.on('mouseenter', 'cells-fill', () => {
    if (!scenario.editor.adding) map.getCanvasContainer().style.cursor = 'pointer'
  })
  map.on('mouseleave', 'cells-fill', () => {
    if (!scenario.editor.adding) map.getCanvasContainer().style.cursor = ''
  })

  showView()
  updateLangLink()
  void updateBanner()
  // Streets where a network is loaded (the demo has none): optional, so a failure stays quiet.
  void api.streetTiles().then((st) => st.available && addStreets(map, st.tiles, st.bounds, st.minzoom, st.maxzoom)).catch(() => {})
  // The panels' figures wait until the first cells are on screen (or 1.5 s): on this small server
  // they would otherwise compete with the tiles for the same CPU.
  await Promise.race([cellsFirst.then(() => waitFor(() => document.body.dataset.cellsDrawn !== undefined, 1500)), sleep(1500)])
  void cellsFirst.then(clusterLayers)
  await Promise.all([
    cellsFirst,
    facilities.refresh().catch(() => {}),
    areasReady.then(() => {
      selectArea(!start && store.state.area !== null)
      return Promise.all([coverage.refresh(), gaps.refresh(), scenario.refresh(), plan.refresh(), clusters.refresh()])
    }),
  ])
  document.body.dataset.ready = '1'
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms))
}

/** Resolves when `test` holds (polled each frame) or after `ms`. */
function waitFor(test: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms
  return new Promise((resolve) => {
    const poll = () => (test() || performance.now() > until ? resolve() : requestAnimationFrame(poll))
    poll()
  })
}

function empty(): AreaCollection {
  return { type: 'FeatureCollection', features: [] }
}

function findArea(areas: Areas, code: string): Feature<MultiPolygon> | null {
  for (const level of AREA_LEVELS) {
    const f = areas.collections[level].features.find((x) => x.properties.code === code)
    if (f) return f
  }
  return null
}

void main()
