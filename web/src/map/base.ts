import * as maplibregl from 'maplibre-gl'
import type { FeatureCollection } from 'geojson'

/**
 * The base map, drawn from our own data only: no tile server, no sprite and no glyph server
 * (the style has no `glyphs` URL, so MapLibre draws every label locally with TinySDF from the
 * fonts below — Noto Sans CJK SC on Debian, the usual Chinese system fonts elsewhere).
 */
export const FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC']
export const LOCAL_IDEOGRAPH_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Every source the app draws, created empty so that layers keep one fixed order. */
export const GEOJSON_SOURCES = [
  'areas-city', 'areas-district', 'areas-township', 'labels-district', 'labels-township',
  'selected-area', 'isochrone', 'gaps', 'gap-pieces', 'gap-labels', 'clusters', 'cluster-links', 'cluster-hubs', 'facilities', 'other-facilities', 'sites', 'drag', 'projects',
] as const
export type SourceId = (typeof GEOJSON_SOURCES)[number]

/** The layer the cell layer is inserted below (so boundaries and labels stay on top). */
export const CELLS_BEFORE = 'isochrone-fill'

/** The base style; `cells` (from cellStyle) is included when the cell layer is already known. */
export function baseStyle(cells?: { source: maplibregl.VectorSourceSpecification; layers: maplibregl.LayerSpecification[] }): maplibregl.StyleSpecification {
  const sources: maplibregl.StyleSpecification['sources'] = {}
  for (const id of GEOJSON_SOURCES) sources[id] = { type: 'geojson', data: EMPTY, promoteId: id === 'gaps' ? 'rank' : undefined }
  const text = (size: maplibregl.ExpressionSpecification | number): maplibregl.SymbolLayerSpecification['layout'] => ({
    'text-field': ['get', 'name'],
    'text-font': FONT_STACK,
    'text-size': size,
    'text-max-width': 8,
    'text-padding': 4,
  })
  const halo = { 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.6, 'text-halo-blur': 0.3 }
  if (cells) sources.cells = cells.source
  const layers: maplibregl.LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#d7e2ea' } },
    { id: 'land', type: 'fill', source: 'areas-district', paint: { 'fill-color': '#f4f2ed' } },
    { id: 'isochrone-fill', type: 'fill', source: 'isochrone', paint: { 'fill-color': ['match', ['get', 'band'], 0, '#08519c', 1, '#3182bd', '#6baed6'], 'fill-opacity': 0.28 } },
    {
      id: 'township-line', type: 'line', source: 'areas-township', minzoom: 8,
      paint: { 'line-color': '#6f6f6f', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 12, 1.2], 'line-dasharray': [3, 2], 'line-opacity': 0.8 },
    },
    { id: 'district-line', type: 'line', source: 'areas-district', paint: { 'line-color': '#3d3d3d', 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 2.2] } },
    { id: 'city-line', type: 'line', source: 'areas-city', paint: { 'line-color': '#222', 'line-width': 2 } },
    { id: 'area-selected-casing', type: 'line', source: 'selected-area', paint: { 'line-color': '#fff', 'line-width': 6, 'line-opacity': 0.9 } },
    { id: 'area-selected', type: 'line', source: 'selected-area', paint: { 'line-color': '#111', 'line-width': 3 } },
    { id: 'gaps-fill', type: 'fill', source: 'gaps', paint: { 'fill-color': '#d7301f', 'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.25, 0.06] } },
    { id: 'gaps-casing', type: 'line', source: 'gaps', paint: { 'line-color': '#fff', 'line-width': 4, 'line-opacity': 0.85 } },
    { id: 'gaps-line', type: 'line', source: 'gaps', paint: { 'line-color': '#b30000', 'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, 2] } },
    // The selected gap's facility-sized pieces: outlines, and each piece's best site.
    { id: 'gap-pieces-line', type: 'line', source: 'gap-pieces', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': '#7a0000', 'line-width': 1.2, 'line-dasharray': [2, 1] } },
    { id: 'gap-pieces-site', type: 'circle', source: 'gap-pieces', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#b30000', 'circle-stroke-width': 2 } },
    { id: 'clusters-fill', type: 'fill', source: 'clusters', paint: { 'fill-color': ['get', 'color'], 'fill-opacity': ['case', ['boolean', ['get', 'selected'], false], 0.6, 0.4] } },
    { id: 'clusters-line', type: 'line', source: 'clusters', paint: { 'line-color': '#fff', 'line-width': ['case', ['boolean', ['get', 'selected'], false], 3.5, 1.6] } },
    { id: 'cluster-links', type: 'line', source: 'cluster-links', paint: { 'line-color': ['case', ['get', 'far'], '#b30000', '#333'], 'line-width': 1, 'line-opacity': 0.7, 'line-dasharray': [2, 1.5] } },
    { id: 'cluster-members', type: 'circle', source: 'cluster-links', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 2.5, 'circle-color': ['case', ['get', 'far'], '#b30000', '#333'] } },
    { id: 'cluster-hubs', type: 'circle', source: 'cluster-hubs', paint: { 'circle-radius': 6, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#111', 'circle-stroke-width': 2 } },
    { id: 'isochrone-line', type: 'line', source: 'isochrone', paint: { 'line-color': '#08306b', 'line-width': 1.6 } },
    {
      id: 'other-facilities', type: 'symbol', source: 'other-facilities', minzoom: 10,
      layout: { 'icon-image': ['get', 'icon'], 'icon-size': ['interpolate', ['linear'], ['zoom'], 8, 0.45, 14, 0.8], 'icon-allow-overlap': true, 'icon-ignore-placement': true },
      paint: { 'icon-opacity': 0.75 },
    },
    {
      id: 'facilities', type: 'symbol', source: 'facilities', minzoom: 9,
      layout: { 'icon-image': ['get', 'icon'], 'icon-size': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 10, 0.6, 14, 1], 'icon-allow-overlap': true, 'icon-ignore-placement': true, 'symbol-sort-key': ['case', ['==', ['get', 'status'], 'existing'], 0, 1] },
    },
    {
      id: 'sites-circle', type: 'circle', source: 'sites',
      paint: { 'circle-radius': 11, 'circle-color': '#fff', 'circle-stroke-color': '#c51b7d', 'circle-stroke-width': 3 },
    },
    {
      id: 'sites-label', type: 'symbol', source: 'sites',
      layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-font': FONT_STACK, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#c51b7d' },
    },
    {
      id: 'projects', type: 'circle', source: 'projects',
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 4, 13, 8], 'circle-color': '#7a3e00', 'circle-opacity': 0.85, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    },
    { id: 'drag-point', type: 'circle', source: 'drag', paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#111', 'circle-stroke-width': 2 } },
    {
      id: 'district-label', type: 'symbol', source: 'labels-district', maxzoom: 11,
      layout: { ...text(['interpolate', ['linear'], ['zoom'], 7, 13, 10, 17]), 'symbol-sort-key': ['-', 0, ['get', 'population']] },
      paint: { 'text-color': '#1f1f1f', ...halo },
    },
    {
      id: 'township-label', type: 'symbol', source: 'labels-township', minzoom: 9.5,
      layout: { ...text(['interpolate', ['linear'], ['zoom'], 9.5, 11, 13, 14]), 'symbol-sort-key': ['-', 0, ['get', 'population']] },
      paint: { 'text-color': '#3b3b3b', ...halo },
    },
    {
      id: 'cluster-hub-label', type: 'symbol', source: 'cluster-hubs', minzoom: 10,
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_STACK, 'text-size': 12, 'text-offset': [0, 1.1], 'text-anchor': 'top' },
      paint: { 'text-color': '#111', 'text-halo-color': '#fff', 'text-halo-width': 1.8 },
    },
    {
      id: 'gap-label', type: 'symbol', source: 'gap-labels',
      layout: { 'text-field': ['concat', '#', ['to-string', ['get', 'rank']]], 'text-font': FONT_STACK, 'text-size': 13, 'text-allow-overlap': false, 'symbol-sort-key': ['get', 'rank'] },
      paint: { 'text-color': '#fff', 'text-halo-color': '#b30000', 'text-halo-width': 2.5 },
    },
  ]
  if (cells) layers.splice(layers.findIndex((l) => l.id === CELLS_BEFORE), 0, ...cells.layers)
  return { version: 8, sources, layers }
}

export function setData(map: maplibregl.Map, id: SourceId, data: FeatureCollection) {
  ;(map.getSource(id) as maplibregl.GeoJSONSource).setData(data)
}

/** Streets of the loaded network (when there is one), drawn above the cells and below boundaries. */
export function addStreets(map: maplibregl.Map, tiles: string[], bounds: [number, number, number, number], minzoom: number, maxzoom: number) {
  map.addSource('streets', { type: 'vector', tiles: tiles.map((u) => location.origin + u), minzoom, maxzoom, bounds })
  const width = (major: number, minor: number, path: number): maplibregl.ExpressionSpecification => ['match', ['get', 'k'], 0, major, 1, minor, path]
  map.addLayer({
    id: 'streets-casing', type: 'line', source: 'streets', 'source-layer': 'streets',
    paint: { 'line-color': '#9aa0a6', 'line-opacity': 0.55, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, width(1.6, 0.8, 0.5), 15, width(6, 3.5, 1.6)] },
  }, 'township-line')
  map.addLayer({
    id: 'streets-line', type: 'line', source: 'streets', 'source-layer': 'streets',
    paint: { 'line-color': '#ffffff', 'line-opacity': 0.85, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, width(0.8, 0.3, 0), 15, width(4.5, 2.5, 0.8)] },
  }, 'township-line')
}
