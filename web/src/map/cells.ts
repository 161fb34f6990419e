import type * as maplibregl from 'maplibre-gl'
import { api, type CellTileJson } from '../api'
import type { App } from '../context'
import { fmtNum, fmtPct, fmtPersons, groupName, t } from '../i18n'
import { CELLS_BEFORE } from './base'
import { cellColor } from './ramps'
import type { Layer } from '../state'

export type CellMeta = CellTileJson['circle15']

/**
 * The cell layer: vector tiles from /api/tiles/cells (server-side aggregation to coarser H3
 * levels when zoomed out). A new field state (type, mode, minutes, scenario edit) gets a new
 * token and so new tile URLs; MapLibre swaps the tiles in place without blanking the map.
 */
export class CellLayer {
  meta: CellMeta | null = null
  private tiles = ''
  private request = 0
  private hovered: number | string | null = null
  private firstPaint = false
  private readonly tooltip: HTMLElement
  /** Called with the new layer's facts, or null when it could not be loaded. */
  private readonly listeners: ((meta: CellMeta | null) => void)[] = []

  constructor(private readonly app: App) {
    this.tooltip = document.createElement('div')
    this.tooltip.className = 'cell-tooltip'
    this.tooltip.hidden = true
    app.map.getContainer().append(this.tooltip)
  }

  onMeta(fn: (meta: CellMeta | null) => void) {
    this.listeners.push(fn)
  }

  /** Fetches the TileJSON of the current state (unless given) and points the layer at its tiles. */
  async refresh(prefetched?: CellTileJson): Promise<void> {
    const id = ++this.request
    const { map, store, status } = this.app
    const layer = store.state.layer
    let tj: CellTileJson
    try {
      tj = prefetched ?? (await status.track(api.cellTiles(this.app.travel(), layer), t('what.cells')))
    } catch (e) {
      if (id === this.request) for (const l of this.listeners) l(null)
      throw e
    }
    if (id !== this.request) return
    const tiles = [location.origin + tj.tiles[0]]
    const source = map.getSource('cells') as maplibregl.VectorTileSource | undefined
    if (!source) {
      const style = cellStyle(tj, layer)
      map.addSource('cells', style.source)
      for (const l of style.layers) map.addLayer(l, CELLS_BEFORE)
    }
    // Same tiles (only the colouring changed): nothing to load, the map is drawn once recoloured.
    const sameTiles = source !== undefined && this.tiles === tiles[0]
    if (source && !sameTiles) source.setTiles(tiles)
    this.tiles = tiles[0]
    map.setPaintProperty('cells-fill', 'fill-color', cellColor(layer, tj.circle15.thresholdMinutes, tj.circle15.scoreBreaks))
    this.meta = tj.circle15
    if (!sameTiles) document.body.dataset.cellsToken = tj.circle15.token
    for (const l of this.listeners) l(tj.circle15)
    if (sameTiles) document.body.dataset.cellsDrawn = tj.circle15.token
    else this.markWhenDrawn(tj.circle15.token)
  }

  /**
   * Marks the page once the tiles of `token` are on screen: the first frame rendered after the
   * cell source finished loading (tests and the load-time measurement read these marks).
   */
  private markWhenDrawn(token: string, alreadyLoading = false) {
    const { map } = this.app
    const loaded = (e?: maplibregl.MapSourceDataEvent) => {
      if (this.meta?.token !== token) return map.off('sourcedata', loaded)
      if ((e && (e.sourceId !== 'cells' || !e.tile)) || !map.isSourceLoaded('cells')) return
      map.off('sourcedata', loaded)
      map.once('render', () => {
        if (this.meta?.token !== token) return
        document.body.dataset.cellsDrawn = token
        performance.mark('circle15:cells-drawn')
        if (!this.firstPaint) {
          this.firstPaint = true
          performance.mark('circle15:first-coloured-map')
        }
      })
      map.triggerRepaint()
    }
    map.on('sourcedata', loaded)
    // A source that was part of the initial style may have finished before we listened.
    if (alreadyLoading && map.getSource('cells') && map.isSourceLoaded('cells')) loaded()
  }

  /** Takes over a cell source that came with the initial style (see cellStyle). */
  adopt(tj: CellTileJson) {
    this.tiles = location.origin + tj.tiles[0]
    this.meta = tj.circle15
    document.body.dataset.cellsToken = tj.circle15.token
    for (const l of this.listeners) l(tj.circle15)
    this.bindHover()
    this.markWhenDrawn(tj.circle15.token, true)
  }

  private bindHover() {
    const { map } = this.app
    const clear = () => {
      if (this.hovered !== null) map.setFeatureState({ source: 'cells', sourceLayer: 'cells', id: this.hovered }, { hover: false })
      this.hovered = null
      this.tooltip.hidden = true
    }
    map.on('mousemove', 'cells-fill', (e) => {
      const f = e.features?.[0]
      if (!f || f.id === undefined) return clear()
      if (this.hovered !== f.id) {
        clear()
        this.hovered = f.id
        map.setFeatureState({ source: 'cells', sourceLayer: 'cells', id: f.id }, { hover: true })
      }
      this.tooltip.textContent = this.describe(f.properties as Record<string, number>)
      this.tooltip.style.transform = `translate(${e.point.x + 14}px, ${e.point.y + 14}px)`
      this.tooltip.hidden = false
    })
    map.on('mouseleave', 'cells-fill', clear)
  }

  /** One line for the hover tooltip: minutes (or coverage) and the target group. */
  describe(p: Record<string, number>): string {
    const meta = this.meta
    if (!meta) return ''
    const aggregated = p.r < 10
    const minutes = p.m === undefined ? t('cell.unreachable') : t(aggregated ? 'cell.meanMinutes' : 'cell.minutes', { m: fmtNum(p.m) })
    const covered = aggregated ? t('cell.coveredShare', { share: fmtPct(p.c ?? null, 0) }) : p.c === 1 ? t('cell.covered') : t('cell.notCovered')
    return `${minutes} · ${covered} · ${t('cell.persons', { n: fmtPersons(p.t), group: groupName(meta.targetGroup) })}`
  }
}

/** The cell source and its layers for a TileJSON (added to the initial style, or later). */
export function cellStyle(tj: CellTileJson, layer: Layer): { source: maplibregl.VectorSourceSpecification; layers: maplibregl.LayerSpecification[] } {
  return {
    // Plain concatenation keeps the {z}/{x}/{y} placeholders intact (URL() would escape them).
    source: { type: 'vector', tiles: [location.origin + tj.tiles[0]], minzoom: tj.minzoom, maxzoom: tj.maxzoom, bounds: tj.bounds },
    layers: [
      {
        id: 'cells-fill', type: 'fill', source: 'cells', 'source-layer': 'cells',
        paint: {
          'fill-color': cellColor(layer, tj.circle15.thresholdMinutes, tj.circle15.scoreBreaks),
          'fill-opacity': ['case', ['>', ['get', 't'], 0], 0.82, 0.3],
          'fill-antialias': false,
        },
      },
      {
        id: 'cells-hover', type: 'line', source: 'cells', 'source-layer': 'cells',
        paint: { 'line-color': '#000', 'line-width': 1.5, 'line-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 1, 0] },
      },
    ],
  }
}
