import { api, type SitingResponse } from '../api'
import type { App } from '../context'
import { h } from '../dom'
import { fmtInt, fmtPct, groupName, inText, t } from '../i18n'
import { setData } from '../map/base'

/**
 * Suggested sites (greedy maximal covering, existing facilities fixed): k chosen by the planner,
 * the sites numbered on the map with their gains, and applied as a new scenario in one click.
 */
export class SitingSection {
  private sites: SitingResponse | null = null
  private k = 5

  constructor(
    private readonly app: App,
    private readonly rerender: () => void,
    private readonly applied: () => void,
  ) {}

  render(): HTMLElement {
    const s = this.app.store.state
    const type = this.app.type()
    const group = groupName(type.targetGroup)
    const kInput = h('input', { type: 'number', min: 1, max: 50, value: String(this.k), id: 'siting-k', class: 'narrow' })
    kInput.addEventListener('change', () => (this.k = Math.min(50, Math.max(1, Math.round(Number(kInput.value) || 1)))))
    const areaName = s.area ? this.app.areas.byCode.get(s.area)?.name : null
    const result = this.sites
    return h('section', { id: 'siting', class: 'write' },
      h('h3', null, t('siting.title')),
      h('p', { class: 'hint' }, t('siting.intro', { type: inText(type.name), group, where: areaName ?? t('siting.wholeCity') })),
      h('div', { class: 'row' }, h('label', { class: 'inline' }, t('siting.k'), kInput),
        h('button', { class: 'btn', id: 'siting-run', onclick: () => void this.suggest() }, t('siting.run'))),
      result
        ? h('div', { class: 'siting-result' },
            h('p', null, t('siting.summary', { n: fmtInt(result.coveredAfter - result.coveredBefore), group, k: result.sites.length, before: fmtPct(result.targetPopulation ? result.coveredBefore / result.targetPopulation : null), after: fmtPct(result.targetPopulation ? result.coveredAfter / result.targetPopulation : null) })),
            h('ol', { class: 'sites', id: 'sites' }, result.sites.map((site, k) =>
              h('li', { onclick: () => this.app.map.flyTo({ center: [site.lng, site.lat], zoom: Math.max(this.app.map.getZoom(), 13) }) },
                h('span', { class: 'site-rank' }, String(k + 1)),
                h('span', null, t('siting.gain', { n: fmtInt(site.gain), total: fmtInt(site.cumulativeGain) }))))),
            h('button', { class: 'btn primary', id: 'siting-apply', onclick: () => void this.apply() }, t('siting.apply')),
            h('button', { class: 'link', onclick: () => this.clear() }, t('action.clear')))
        : null)
  }

  private body() {
    const s = this.app.store.state
    const tr = this.app.travel()
    return { type: s.type, k: this.k, mode: s.mode, minutes: tr.minutes ?? undefined, area: s.area ?? undefined, scenario: s.scenario ?? undefined }
  }

  private async suggest() {
    this.sites = await this.app.status.track(api.siting(this.body()), t('what.siting'))
    setData(this.app.map, 'sites', {
      type: 'FeatureCollection',
      features: this.sites.sites.map((site, k) => ({ type: 'Feature', properties: { rank: k + 1, gain: site.gain }, geometry: { type: 'Point', coordinates: [site.lng, site.lat] } })),
    })
    this.rerender()
  }

  clear() {
    this.sites = null
    setData(this.app.map, 'sites', { type: 'FeatureCollection', features: [] })
    this.rerender()
  }

  private async apply() {
    const name = t('siting.scenarioName', { type: inText(this.app.type().name), k: this.k })
    const r = await this.app.status.track(api.sitingScenario({ ...this.body(), name, siteName: t('siting.siteName') }), t('what.siting'))
    this.clear()
    this.applied()
    this.app.store.set({ scenario: r.id, view: 'scenario' })
  }
}
