import { ApiError, api, type ClusterAnalysisResponse, type ClusterPlan, type ClustersResponse, type SuggestResponse } from '../api'
import type { App } from '../context'
import { h, mount } from '../dom'
import { fmtInt, fmtNum, fmtPct, t } from '../i18n'
import { setData } from '../map/base'
import { outerBounds } from '../map/labels'
import { comparisonTable, changeTable, clusterCard, mobileList, villageTable } from './cluster-views'

/** The area the view opens on when the URL names none with plans: Cixi, the pilot. */
export const DEFAULT_CLUSTER_AREA = '330282'
const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4', '#b2df8a', '#fb9a99', '#cab2d6', '#fdbf6f']
export const clusterColour = (i: number) => PALETTE[i % PALETTE.length]

/**
 * The 片区组团 view: a cluster plan of an area on the map (clusters coloured, hubs, member lines
 * to the hub), a card per cluster (population, tiers met inside the cluster and anywhere, hub
 * facilities and their use, sites needed), the village table with what each lacks and a move
 * control, mobile-service candidates with their round, the plan against the status quo; suggest
 * clusters for a population range and keep the suggestion as a plan.
 */
export class ClustersPanel {
  private request = 0
  private plans: ClusterPlan[] = []
  private fc: ClustersResponse | null = null
  private analysis: ClusterAnalysisResponse | null = null
  private suggestion: SuggestResponse | null = null
  private lastChange: { before: ClusterAnalysisResponse; member: string; to: string } | null = null
  private other: ClusterAnalysisResponse | null = null
  private selected: string | null = null
  private form = { min: 15000, max: 60000, count: '', cross: true }

  constructor(private readonly app: App, private readonly el: HTMLElement) {
    app.map.on('click', 'clusters-fill', (e) => {
      if (this.app.store.state.view !== 'clusters') return
      const code = e.features?.[0]?.properties?.code
      if (code) this.select(String(code), false)
    })
  }

  private area(): string {
    const a = this.app.store.state.area
    return a && this.plans.some((p) => p.area === a) ? a : DEFAULT_CLUSTER_AREA
  }

  async refresh() {
    const { store, status, map } = this.app
    if (store.state.view !== 'clusters') {
      for (const s of ['clusters', 'cluster-links', 'cluster-hubs'] as const) setData(map, s, { type: 'FeatureCollection', features: [] })
      return
    }
    const id = ++this.request
    mount(this.el, h('div', { class: 'loading-block' }, h('span', { class: 'spinner' }), t('clusters.loading')))
    try {
      const area = store.state.area ?? DEFAULT_CLUSTER_AREA
      this.plans = await api.clusters.plans(area).then((l) => (l.length ? l : api.clusters.plans(DEFAULT_CLUSTER_AREA)))
      if (id !== this.request) return
      const plan = this.plans.find((p) => p.id === store.state.plan) ?? this.plans.find((p) => p.source === 'suggested') ?? this.plans[0]
      if (!plan) return this.render()
      const [fc, analysis] = await status.track(Promise.all([api.clusters.get(plan.area, plan.id), api.clusters.analysis(plan.area, plan.id)]), t('what.clusters'))
      if (id !== this.request) return
      this.fc = fc
      this.analysis = analysis
      this.draw()
      this.render()
    } catch (e) {
      if (id === this.request) mount(this.el, h('div', { class: 'empty' }, t('clusters.failed'), h('div', { class: 'muted small' }, (e as Error).message)))
    }
  }

  private draw() {
    const { map } = this.app
    const fc = this.fc!
    const far = new Set(this.analysis?.clusters.flatMap((c) => c.mobileCandidates.map((m) => m.code)) ?? [])
    const colour = new Map(fc.features.map((f, i) => [f.properties.code, clusterColour(i)]))
    setData(map, 'clusters', { type: 'FeatureCollection', features: fc.features.filter((f) => f.geometry).map((f) => ({ type: 'Feature', properties: { code: f.properties.code, name: f.properties.name, color: colour.get(f.properties.code), selected: f.properties.code === this.selected }, geometry: f.geometry! })) })
    const hubs = fc.features.filter((f) => f.properties.hub.lng !== undefined)
    setData(map, 'cluster-hubs', { type: 'FeatureCollection', features: hubs.map((f) => ({ type: 'Feature', properties: { name: f.properties.hub.name ?? f.properties.hub.code, color: colour.get(f.properties.code) }, geometry: { type: 'Point', coordinates: [f.properties.hub.lng!, f.properties.hub.lat!] } })) })
    setData(map, 'cluster-links', {
      type: 'FeatureCollection',
      features: hubs.flatMap((f) => f.properties.members.flatMap((m, k) => {
        const p = f.properties.memberPoints[k]
        if (!p || m === f.properties.hub.code) return []
        const hub = [f.properties.hub.lng!, f.properties.hub.lat!]
        return [
          { type: 'Feature' as const, properties: { far: far.has(m) }, geometry: { type: 'LineString' as const, coordinates: [p, hub] } },
          { type: 'Feature' as const, properties: { far: far.has(m) }, geometry: { type: 'Point' as const, coordinates: p } },
        ]
      })),
    })
  }

  private render() {
    const a = this.analysis
    const planSelect = h('select', { id: 'cluster-plan', 'aria-label': t('clusters.plan') },
      this.plans.map((p) => h('option', { value: String(p.id), selected: p.id === a?.plan.id }, `${p.name} · ${t('clusters.count', { n: p.clusters ?? 0 })}`)))
    planSelect.addEventListener('change', () => { this.lastChange = null; this.selected = null; this.app.store.set({ plan: Number(planSelect.value) }) })
    const otherSelect = h('select', { id: 'cluster-compare-plan', 'aria-label': t('clusters.compareWith') },
      h('option', { value: '' }, '—'),
      this.plans.filter((p) => p.id !== a?.plan.id).map((p) => h('option', { value: String(p.id), selected: p.id === this.other?.plan.id }, p.name)))
    otherSelect.addEventListener('change', async () => {
      const id = Number(otherSelect.value)
      const plan = this.plans.find((p) => p.id === id)
      this.other = plan ? await this.app.status.track(api.clusters.analysis(plan.area, plan.id), t('what.clusters')) : null
      this.render()
    })
    const head = h('div', { class: 'clusters-head' },
      h('p', { class: 'hint' }, t('clusters.intro')),
      h('p', { class: 'modelled-note', id: 'clusters-modelled' }, t('clusters.modelled')),
      h('label', { class: 'inline' }, t('clusters.plan'), planSelect),
      h('label', { class: 'inline' }, t('clusters.compareWith'), otherSelect))
    if (!a) return mount(this.el, head, this.suggestForm(), h('div', { class: 'empty' }, t('clusters.none')))
    const cards = h('div', { class: 'cluster-cards', id: 'cluster-cards' }, a.clusters.map((c, i) => clusterCard(this.app, a, c, clusterColour(i), c.code === this.selected, () => this.select(c.code, true))))
    const selected = a.clusters.find((c) => c.code === this.selected)
    mount(this.el, head,
      this.tierLegend(a),
      comparisonTable(a, this.other && this.other.plan.id !== a.plan.id ? this.other : null),
      this.lastChange ? changeTable(this.lastChange.before, a, this.lastChange.member, this.lastChange.to) : '',
      this.suggestForm(),
      h('h3', null, t('clusters.cards', { n: a.clusters.length })), cards,
      h('h3', { id: 'village-table-title' }, selected ? t('clusters.villagesOf', { name: selected.name }) : t('clusters.villagesLacking')),
      villageTable(this.app, a, selected ?? null, (member, to) => void this.edit({ op: 'move', member, to }), (cluster, hub) => void this.edit({ op: 'hub', cluster, hub })),
      h('h3', null, t('clusters.mobile')), mobileList(this.app, a))
  }

  private tierLegend(a: ClusterAnalysisResponse): HTMLElement {
    return h('ul', { class: 'tier-legend' }, a.tiers.map((tier) => h('li', null,
      h('strong', null, this.app.store.state.lang === 'en' ? tier.name.en : tier.name.zh), ' ',
      t('clusters.tierRule', { mode: this.modeName(tier.mode), m: tier.minutes, n: tier.types.length }),
      tier.verify ? h('span', { class: 'verify', title: t('clusters.verifyTitle') }, t('clusters.verify')) : '')))
  }

  private modeName(code: string) {
    const m = this.app.catalogue.modes.find((x) => x.code === code)
    return m ? (this.app.store.state.lang === 'en' ? m.name.en : m.name.zh) : code
  }

  private suggestForm(): HTMLElement {
    const num = (id: string, v: string | number) => h('input', { type: 'number', id, min: 0, step: 1000, value: String(v), class: 'narrow' })
    const min = num('suggest-min', this.form.min), max = num('suggest-max', this.form.max), count = num('suggest-count', this.form.count)
    const cross = h('input', { type: 'checkbox', id: 'suggest-cross', checked: this.form.cross })
    const out = h('div', { class: 'suggest-result', id: 'suggest-result' }, this.suggestion ? this.suggestionSummary(this.suggestion) : '')
    const run = h('button', { class: 'btn primary', id: 'suggest-run' }, t('clusters.suggest'))
    run.addEventListener('click', async () => {
      this.form = { min: Number(min.value) || 0, max: Number(max.value) || 0, count: count.value, cross: cross.checked }
      mount(out, h('span', { class: 'spinner' }), t('clusters.suggesting'))
      try {
        this.suggestion = await this.app.status.track(api.clusters.suggest({
          area: this.analysis?.area ?? this.area(), minPopulation: this.form.min, maxPopulation: this.form.max || undefined,
          count: this.form.count ? Number(this.form.count) : undefined, crossTownships: this.form.cross,
        }), t('what.suggest'))
        mount(out, this.suggestionSummary(this.suggestion))
      } catch (e) {
        mount(out, h('span', { class: 'bad' }, e instanceof ApiError ? e.message : String(e)))
      }
    })
    return h('details', { class: 'suggest', id: 'suggest', open: this.suggestion !== null || !this.analysis },
      h('summary', null, t('clusters.suggestTitle')),
      h('div', { class: 'suggest-form' },
        h('label', null, t('clusters.minPopulation'), min), h('label', null, t('clusters.maxPopulation'), max),
        h('label', null, t('clusters.countLabel'), count), h('label', { class: 'inline' }, cross, t('clusters.cross')), run),
      out)
  }

  private suggestionSummary(s: SuggestResponse): HTMLElement {
    const name = h('input', { type: 'text', id: 'suggest-name', value: t('clusters.suggestName', { min: fmtInt(this.form.min), max: fmtInt(this.form.max) }) })
    const save = h('button', { class: 'btn', id: 'suggest-save' }, t('clusters.save'))
    save.addEventListener('click', async () => {
      const r = await api.clusters.create({ name: name.value, area: s.area, clusters: s.clusters.map((c) => ({ code: c.code, name: c.name, hub: c.hub.code, members: c.members.map((m) => m.code) })) })
      this.suggestion = null
      this.app.store.set({ plan: r.plan.id })
      await this.refresh()
    })
    return h('div', null,
      h('p', { id: 'suggest-summary' }, t('clusters.suggestSummary', {
        n: s.clusters.length, method: t(`clusters.method.${s.method}`), obj: fmtInt(s.objective), lb: fmtInt(s.lowerBound), gap: fmtPct(s.gap), sec: fmtNum(s.elapsedMs / 1000),
      })),
      s.feasible ? '' : h('p', { class: 'bad' }, t('clusters.infeasible')),
      h('div', { class: 'inline' }, name, save))
  }

  /** Applies a move or a hub change, then shows the new analysis and what changed. */
  private async edit(change: { op: 'move'; member: string; to: string } | { op: 'hub'; cluster: string; hub: string }) {
    const a = this.analysis
    if (!a) return
    try {
      await api.clusters.change(a.plan.id, change)
      const after = await this.app.status.track(api.clusters.analysis(a.area, a.plan.id), t('what.clusters'))
      this.fc = await api.clusters.get(a.area, a.plan.id)
      this.lastChange = change.op === 'move' ? { before: a, member: change.member, to: change.to } : { before: a, member: change.hub, to: change.cluster }
      this.analysis = after
      this.draw()
      this.render()
      document.getElementById('cluster-change')?.scrollIntoView({ block: 'nearest' })
    } catch (e) {
      this.app.status.info(e instanceof ApiError ? e.message : String(e))
    }
  }

  /** Highlights a cluster (map and cards); `fly` moves the map to it. */
  select(code: string, fly: boolean) {
    this.selected = code
    if (this.fc) this.draw()
    this.render()
    const f = this.fc?.features.find((x) => x.properties.code === code)
    if (fly && f?.geometry) {
      const [w, s, e, n] = outerBounds(f.geometry)
      this.app.map.fitBounds([[w, s], [e, n]], { padding: 60, maxZoom: 13, duration: 700 })
    }
  }
}
