import * as maplibregl from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import './style.css'
import zh from './i18n/zh-CN.json'
import en from './i18n/en.json'

type Lang = 'zh-CN' | 'en'
const dict: Record<Lang, Record<string, string>> = { 'zh-CN': zh, en }
const params = new URLSearchParams(location.search)
const lang: Lang = params.get('lang') === 'en' ? 'en' : 'zh-CN'
const t = (k: string) => dict[lang][k] ?? k
document.documentElement.lang = lang

const app = document.getElementById('app')!
app.innerHTML = `
  <aside class="panel">
    <header><h1>${t('title')}</h1><p>${t('subtitle')}</p>
      <a class="lang" href="?lang=${lang === 'en' ? 'zh-CN' : 'en'}">${t('language')}</a></header>
    <h2>${t('districts')}</h2>
    <table id="districts"><tbody><tr><td>${t('loading')}</td></tr></tbody></table>
    <h2>${t('facilities')}</h2>
    <ul id="types"></ul>
    <footer>${t('attribution')}</footer>
  </aside>
  <div id="map"></div>`

const palette = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4']

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url)
  if (!r.ok) throw new Error(`${url}: ${r.status}`)
  return r.json() as Promise<T>
}

const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#dfe9f2' } }] },
  center: [121.55, 29.75],
  zoom: 8,
  attributionControl: false,
})
map.addControl(new maplibregl.NavigationControl({ showCompass: false }))

async function load() {
  const [districts, types, facilities] = await Promise.all([
    getJson<GeoJSON.FeatureCollection>('/api/areas?level=district&simplify=50'),
    getJson<{ code: string; name: { zh: string; en: string }; domain: string }[]>('/api/facility-types'),
    getJson<GeoJSON.FeatureCollection>('/api/facilities'),
  ])
  const domains = [...new Set(types.map((ty) => ty.domain))]
  const typeColor = new Map(types.map((ty) => [ty.code, palette[domains.indexOf(ty.domain) % palette.length]]))
  const name = (n: { zh: string; en: string }) => (lang === 'en' ? n.en : n.zh)

  const rows = districts.features
    .map((f) => f.properties as { name: string; population: number })
    .sort((a, b) => b.population - a.population)
  document.querySelector('#districts tbody')!.innerHTML = rows
    .map((p) => `<tr><td>${p.name}</td><td class="num">${p.population.toLocaleString(lang)}</td></tr>`)
    .join('')
  const counts = new Map<string, number>()
  for (const f of facilities.features) counts.set(f.properties!.type, (counts.get(f.properties!.type) ?? 0) + 1)
  document.getElementById('types')!.innerHTML = types
    .map((ty) => `<li><span class="dot" style="background:${typeColor.get(ty.code)}"></span>${name(ty.name)} <b>${counts.get(ty.code) ?? 0}</b></li>`)
    .join('')

  map.addSource('districts', { type: 'geojson', data: districts })
  map.addSource('facilities', { type: 'geojson', data: facilities })
  map.addLayer({ id: 'district-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#f7f4ea', 'fill-opacity': 0.95 } })
  map.addLayer({ id: 'district-line', type: 'line', source: 'districts', paint: { 'line-color': '#6b6b6b', 'line-width': 1.2 } })
  map.addLayer({
    id: 'facility-points',
    type: 'circle',
    source: 'facilities',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 14, 5],
      'circle-color': ['match', ['get', 'type'], ...[...typeColor].flat(), '#333'] as any,
      'circle-stroke-width': ['case', ['==', ['get', 'status'], 'existing'], 0, 1.5],
      'circle-stroke-color': '#000',
    },
  })
  const bounds = new maplibregl.LngLatBounds()
  for (const f of districts.features) for (const poly of (f.geometry as GeoJSON.MultiPolygon).coordinates) for (const p of poly[0]) bounds.extend(p as [number, number])
  if (!bounds.isEmpty()) map.fitBounds(bounds, { padding: 20, duration: 0 })
  document.body.dataset.ready = '1'
}

map.on('load', () => {
  load().catch((e) => {
    document.querySelector('#districts tbody')!.innerHTML = `<tr><td>${t('error')}: ${String(e.message)}</td></tr>`
  })
})
