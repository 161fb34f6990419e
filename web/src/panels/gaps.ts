import type { Feature, MultiPolygon } from 'geojson'
import { api, type GapCollection, type GapProperties } from '../api'
import type { App } from '../context'
import { h, mount } from '../dom'
import { fmtInt, fmtNum, groupName, t } from '../i18n'
import { setData } from '../map/base'
import { outerBounds } from '../map/labels'

const LIMIT = 100
/** Pieces listed under a selected gap (the rest are summed up). */
const PIECES_SHOWN = 10

/**
 * The gap view: contiguous clusters of cells whose target residents cannot reach the service
 * within the standard, ranked by how many they leave out, outlined on the map with their rank.
 * A click flies there; "add a facility here" opens the scenario view at the gap's centre.
 */
export class GapsPanel {
  private request = 0
  private abort: AbortController | null = null
  private minPopulation = 0
  private selected: number | null = null
  /** Pieces of the gaps selected so far (rank → the gap with its pieces), for the current answer. */
  private split = new Map<number, GapProperties>()
  private piecesAbort: AbortController | null = null
  gaps: GapCollection | null = null

  constructor(private readonly app: App, private readonly el: HTMLElement, private readonly addAt: (lng: number, lat: number) => void) {
    app.map.on('click', 'gaps-fill', (e) => {
      if (this.app.store.state.view !== 'gaps') return
      const rank = e.features?.[0]?.properties?.rank
      if (rank !== undefined) this.select(Number(rank), false)
    })
  }

  /** Loads the gaps of the current state (only while the gaps view is open). */
  async refresh() {
    const { store, status, map } = this.app
    if (store.state.view !== 'gaps') {
      this.abort?.abort()
      setData(map, 'gaps', { type: 'FeatureCollection', features: [] })
      setData(map, 'gap-labels', { type: 'FeatureCollection', features: [] })
      setData(map, 'gap-pieces', { type: 'FeatureCollection', features: [] })
      return
    }
    const id = ++this.request
    this.abort?.abort()
    const abort = (this.abort = new AbortController())
    this.selected = null
    this.split.clear()
    this.piecesAbort?.abort()
    setData(map, 'gap-pieces', { type: 'FeatureCollection', features: [] })
    mount(this.el, this.header(), h('div', { class: 'loading-block' }, h('span', { class: 'spinner' }), t('gaps.loading')))
    try {
      const fc = await status.track(api.gaps(this.app.travel(), store.state.area, this.minPopulation, LIMIT, abort.signal), t('what.gaps'))
      if (id !== this.request) return
      this.gaps = fc
      setData(map, 'gaps', fc)
      setData(map, 'gap-labels', {
        type: 'FeatureCollection',
        features: fc.features.map((f) => ({ type: 'Feature', properties: { rank: f.properties.rank }, geometry: { type: 'Point', coordinates: f.properties.centroid } })),
      })
      this.render()
    } catch (e) {
      if (id === this.request && (e as Error).name !== 'AbortError') mount(this.el, this.header(), h('div', { class: 'empty' }, t('gaps.failed')))
    }
  }

  private header(): HTMLElement {
    const input = h('input', { type: 'number', min: 0, step: 10, value: String(this.minPopulation), id: 'gap-min', class: 'narrow' })
    input.addEventListener('change', () => {
      this.minPopulation = Math.max(0, Number(input.value) || 0)
      void this.refresh()
    })
    const type = this.app.type()
    return h('div', { class: 'gaps-head' },
      h('p', { class: 'hint' }, t('gaps.intro', { group: groupName(type.targetGroup), m: this.app.threshold() })),
      h('label', { class: 'inline' }, t('gaps.minPopulation'), input))
  }

  private render() {
    const fc = this.gaps
    if (!fc) return
    const group = groupName(this.app.type().targetGroup)
    const area = this.app.store.state.area
    const list = fc.features.length
      ? h('ol', { class: 'gap-list', id: 'gap-list' }, fc.features.map((f) => this.item(f, group)))
      : h('div', { class: 'empty' }, t('gaps.none', { m: this.app.threshold() }))
    const totalLeftOut = fc.features.reduce((sum, f) => sum + f.properties.targetPopulation, 0)
    mount(this.el, this.header(),
      h('p', { class: 'gaps-total' }, t(fc.total > fc.features.length ? 'gaps.totalShown' : 'gaps.total', { n: fmtInt(fc.total), shown: fc.features.length, people: fmtInt(totalLeftOut), group }),
        area ? ` ${t('gaps.inArea', { name: this.app.areas.byCode.get(area)?.name ?? area })}` : ''),
      list)
  }

  private item(f: Feature<MultiPolygon, GapProperties>, group: string): HTMLElement {
    const p = this.split.get(f.properties.rank) ?? f.properties
    const where = [p.district?.name, p.township?.name].filter(Boolean).join(' · ')
    const addButton = (at: [number, number], key = 'gaps.addHere') => h('button', { class: 'btn small write', onclick: (e: Event) => { e.stopPropagation(); this.addAt(at[0], at[1]) } }, t(key))
    // With pieces, the first piece's site is the best place for one facility (else the centre).
    const add = addButton(p.pieces?.[0]?.site ?? p.centroid)
    return h('li', { class: `gap${this.selected === p.rank ? ' selected' : ''}`, 'data-rank': p.rank, tabindex: 0, onclick: () => this.select(p.rank, true), onkeydown: (e: KeyboardEvent) => { if (e.key === 'Enter') this.select(p.rank, true) } },
      h('span', { class: 'gap-rank' }, `#${p.rank}`),
      h('div', { class: 'gap-body' },
        h('div', { class: 'gap-where' }, where || t('gaps.unplaced')),
        h('div', { class: 'gap-people' }, t('gaps.people', { n: fmtInt(p.targetPopulation), group })),
        h('div', { class: 'muted small' }, t('gaps.facts', { km2: fmtNum(p.area, 2), cells: fmtInt(p.cells), min: fmtNum(p.nearestMinutes.min), mean: fmtNum(p.nearestMinutes.mean) })),
        add,
        this.pieces(p, group, addButton)))
  }

  /** The gap's facility-sized pieces (shown for the selected gap): each with its residents and site. */
  private pieces(p: GapProperties, group: string, addButton: (at: [number, number], key?: string) => HTMLElement): HTMLElement | null {
    if (!p.pieces) return this.selected === p.rank ? h('div', { class: 'gap-pieces small muted' }, t('gaps.piecesLoading')) : null
    if (!p.pieces.length) return null
    if (p.pieces.length === 1) return h('div', { class: 'gap-pieces small muted' }, t('gaps.onePiece', { n: fmtInt(p.pieces[0].targetPopulation), group }))
    const rest = p.pieces.slice(PIECES_SHOWN)
    return h('div', { class: 'gap-pieces' },
      h('div', { class: 'small' }, t('gaps.pieces', { n: p.pieces.length })),
      h('ol', { class: 'gap-piece-list' }, p.pieces.slice(0, PIECES_SHOWN).map((x) =>
        h('li', { 'data-piece': x.piece },
          h('span', null, t('gaps.piece', { k: x.piece, n: fmtInt(x.targetPopulation), group, km2: fmtNum(x.area, 2) })),
          addButton(x.site, 'gaps.addPiece')))),
      rest.length ? h('div', { class: 'small muted' }, t('gaps.piecesMore', { n: rest.length, people: fmtInt(rest.reduce((s, x) => s + x.targetPopulation, 0)), group })) : null,
      p.piecesUncovered ? h('div', { class: 'small muted' }, t('gaps.piecesLeft', { n: fmtInt(p.piecesUncovered), group })) : null)
  }

  /** Highlights a gap (list and map); `fly` also moves the map to it. */
  select(rank: number, fly: boolean) {
    const { map } = this.app
    if (this.selected !== null) map.setFeatureState({ source: 'gaps', id: this.selected }, { selected: false })
    this.selected = rank
    map.setFeatureState({ source: 'gaps', id: rank }, { selected: true })
    for (const li of this.el.querySelectorAll<HTMLElement>('.gap')) li.classList.toggle('selected', li.dataset.rank === String(rank))
    this.el.querySelector<HTMLElement>(`.gap[data-rank="${rank}"]`)?.scrollIntoView({ block: 'nearest' })
    const f = this.gaps?.features.find((g) => g.properties.rank === rank)
    this.drawPieces()
    if (f && !this.split.has(rank)) void this.loadPieces(rank)
    if (f && fly) {
      const [w, s, e, n] = outerBounds(f.geometry)
      map.fitBounds([[w, s], [e, n]], { padding: 80, maxZoom: 14, duration: 800 })
    }
  }

  /** Splits the selected gap into facility-sized pieces (one request per gap) and lists them. */
  private async loadPieces(rank: number) {
    this.piecesAbort?.abort()
    const abort = (this.piecesAbort = new AbortController())
    const gaps = this.gaps
    this.render() // shows "splitting…" under the selected gap
    try {
      const fc = await api.gapPieces(this.app.travel(), this.app.store.state.area, this.minPopulation, rank, abort.signal)
      const split = fc.features[0]?.properties
      if (gaps !== this.gaps || !split) return
      this.split.set(rank, split)
    } catch (e) {
      if ((e as Error).name === 'AbortError' || gaps !== this.gaps) return
      // Not split (e.g. a limit): the gap is listed as before, without pieces.
      const f = gaps?.features.find((g) => g.properties.rank === rank)
      if (f) this.split.set(rank, { ...f.properties, pieces: [] })
    }
    this.render()
    this.drawPieces()
    this.el.querySelector<HTMLElement>(`.gap[data-rank="${rank}"]`)?.scrollIntoView({ block: 'nearest' })
  }

  /** Outlines and sites of the selected gap's pieces on the map (none until they are loaded). */
  private drawPieces() {
    const pieces = this.selected === null ? undefined : this.split.get(this.selected)?.pieces
    setData(this.app.map, 'gap-pieces', {
      type: 'FeatureCollection',
      features: (pieces ?? []).flatMap((p) => [
        ...p.geometry.coordinates.map((polygon) => ({ type: 'Feature' as const, properties: { piece: p.piece }, geometry: { type: 'Polygon' as const, coordinates: polygon } })),
        { type: 'Feature' as const, properties: { piece: p.piece }, geometry: { type: 'Point' as const, coordinates: p.site } },
      ]),
    })
  }
}
