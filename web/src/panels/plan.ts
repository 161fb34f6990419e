import * as maplibregl from 'maplibre-gl'
import type { FeatureCollection, Point } from 'geojson'
import { ApiError, api, type IndicatorView, type ProjectImpact, type ProjectsResponse } from '../api'
import type { App } from '../context'
import { h, mount } from '../dom'
import { fmtInt, fmtNum, lang, locale, name, t } from '../i18n'
import { setData } from '../map/base'

/**
 * The plan view: where the year's work plan stands — the plan's indicators against their
 * targets (computed from the data where it can, entered by hand with a history otherwise) and the
 * year's projects with the residents each newly covers and what that costs, totalled by domain.
 * Projects with a location are drawn on the map; a click on one flies there.
 */
export class PlanPanel {
  private request = 0
  private indicators: IndicatorView[] = []
  private projects: ProjectsResponse | null = null
  private open: string | null = null
  private popup: maplibregl.Popup | null = null

  constructor(private readonly app: App, private readonly el: HTMLElement) {
    app.map.on('click', 'projects', (e) => {
      const id = e.features?.[0]?.properties?.id
      const p = this.projects?.projects.find((x) => x.id === id)
      if (p) {
        e.preventDefault()
        this.showProject(p, false)
      }
    })
  }

  /** Loads indicators and projects (only while the plan view is open; they do not depend on the type). */
  async refresh() {
    const { store, status, map } = this.app
    if (store.state.view !== 'plan') {
      this.popup?.remove()
      setData(map, 'projects', { type: 'FeatureCollection', features: [] })
      return
    }
    const id = ++this.request
    if (!this.projects) mount(this.el, h('div', { class: 'loading-block' }, h('span', { class: 'spinner' }), t('plan.loading')))
    try {
      const [indicators, projects] = await status.track(Promise.all([api.indicators(), api.projects()]), t('what.plan'))
      if (id !== this.request) return
      this.indicators = indicators
      this.projects = projects
      setData(map, 'projects', projectPoints(projects.projects))
      this.render()
    } catch {
      if (id === this.request) mount(this.el, h('div', { class: 'empty' }, t('plan.failed')))
    }
  }

  private render() {
    const p = this.projects
    if (!p) return
    const counts = { met: 0, not_met: 0, no_data: 0 }
    for (const i of this.indicators) counts[i.status]++
    mount(this.el,
      h('p', { class: 'hint' }, t('plan.intro', { indicators: this.indicators.length, projects: p.total.count })),
      h('section', { id: 'indicators' },
        h('h3', null, t('plan.indicatorsTitle')),
        h('div', { class: 'status-counts', id: 'indicator-counts' },
          h('span', { class: 'status met', 'data-n': counts.met }, t('plan.countMet', { n: counts.met })),
          h('span', { class: 'status not_met', 'data-n': counts.not_met }, t('plan.countNotMet', { n: counts.not_met })),
          h('span', { class: 'status no_data', 'data-n': counts.no_data }, t('plan.countNoData', { n: counts.no_data }))),
        this.indicatorTable()),
      h('section', { id: 'projects' },
        h('h3', null, t('plan.projectsTitle', { year: p.projects[0]?.year ?? '' })),
        this.portfolioTable(p),
        h('p', { class: 'muted small' }, t('plan.coveredNote')),
        h('ol', { class: 'project-list', id: 'project-list' }, p.projects.map((x) => this.projectItem(x)))))
  }

  private indicatorTable(): HTMLElement {
    const rows: HTMLElement[] = []
    let domain = ''
    for (const i of this.indicators) {
      if (i.domain.code !== domain) {
        domain = i.domain.code
        rows.push(h('tr', { class: 'group' }, h('td', { colspan: 2 }, name(i.domain))))
      }
      const open = this.open === i.code
      const toggle = () => {
        this.open = open ? null : i.code
        this.render()
        this.el.querySelector<HTMLElement>(`tr[data-code="${i.code}"]`)?.focus()
      }
      rows.push(h('tr', { class: `clickable${open ? ' open' : ''}`, 'data-code': i.code, 'data-status': i.status, tabindex: 0, 'aria-expanded': String(open), onclick: toggle, onkeydown: (e: KeyboardEvent) => { if (e.key === 'Enter') toggle() } },
        h('td', { class: 'num muted' }, i.number),
        h('td', null,
          h('div', null, name(i.name)),
          h('div', { class: 'indicator-meta' },
            h('span', { class: 'muted' }, targetText(i)),
            h('span', { class: `status ${i.status}`, title: t(`plan.status.${i.status}`) }, t('plan.valueIs', { v: valueText(i) }))))))
      if (open) rows.push(h('tr', { class: 'detail' }, h('td', null), h('td', null, this.indicatorDetail(i))))
    }
    return h('table', { class: 'data indicators', id: 'indicator-table' }, h('tbody', null, rows))
  }

  private indicatorDetail(i: IndicatorView): HTMLElement {
    const agency = lang() === 'en' ? i.leadAgency.en : i.leadAgency.zh // may be null: not name()
    const value = h('input', { type: 'number', step: 'any', id: 'indicator-value', class: 'narrow', 'aria-label': t('plan.value') })
    const note = h('input', { type: 'text', id: 'indicator-note', placeholder: t('plan.notePlaceholder') })
    const error = h('div', { class: 'form-error', hidden: true })
    const save = h('button', { class: 'btn small', id: 'indicator-save', type: 'submit' }, t('action.save'))
    const form = h('form', { class: 'indicator-form write' }, h('div', { class: 'row' }, value, note, save), error)
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      const v = Number(value.value)
      if (value.value.trim() === '' || !Number.isFinite(v)) {
        error.hidden = false
        error.textContent = t('plan.valueRequired')
        return
      }
      save.disabled = true
      try {
        const updated = await this.app.status.track(api.recordIndicator(i.code, { value: v, note: note.value.trim() || undefined }), t('what.indicator'))
        this.indicators = this.indicators.map((x) => (x.code === i.code ? updated : x))
        this.render()
      } catch (err) {
        save.disabled = false
        error.hidden = false
        error.textContent = err instanceof ApiError ? err.message : String(err)
      }
    })
    const computed = i.computed
    return h('div', { class: 'indicator-detail' },
      h('div', { class: 'small' }, t(`plan.status.${i.status}`), agency ? ` · ${t('plan.leadAgency', { agency })}` : ''),
      computed && computed.value !== null
        ? h('div', { class: 'muted small' }, t(computed.exact ? 'plan.computed' : 'plan.estimated', { value: fmtValue(computed.value) }), ` (${computed.formula})`)
        : null,
      i.history.length
        ? h('ul', { class: 'history small' }, i.history.slice(-5).reverse().map((v) =>
          h('li', null, `${fmtValue(v.value)} · ${String(v.recordedAt).slice(0, 10)}${v.note ? ` · ${v.note}` : ''}`)))
        : i.valueSource === 'computed' ? null : h('div', { class: 'muted small' }, t('plan.noHistory')),
      i.valueSource === 'computed' ? h('div', { class: 'muted small' }, t('plan.computedNoEntry')) : form)
  }

  private portfolioTable(p: ProjectsResponse): HTMLElement {
    return h('table', { class: 'data', id: 'portfolio-table' },
      h('thead', null, h('tr', null, h('th', null, t('plan.domain')), h('th', { class: 'num' }, t('plan.count')), h('th', { class: 'num' }, t('plan.investment')), h('th', { class: 'num' }, t('plan.newlyCovered')))),
      h('tbody', null, p.portfolio.map((l) =>
        h('tr', { 'data-domain': l.domain },
          h('td', null, l.name ? name(l.name) : l.domain), h('td', { class: 'num' }, l.count),
          h('td', { class: 'num' }, fmtNum(l.investment, 2)), h('td', { class: 'num' }, fmtInt(l.newlyCovered))))),
      h('tfoot', null, h('tr', { class: 'total' },
        h('td', null, t('plan.total')), h('td', { class: 'num', id: 'portfolio-count' }, p.total.count),
        h('td', { class: 'num', id: 'portfolio-investment' }, fmtNum(p.total.investment, 2)), h('td', { class: 'num' }, fmtInt(p.total.newlyCovered)))))
  }

  private projectItem(p: ProjectImpact): HTMLElement {
    const placeholder = p.attributes?.placeholder === 'true' || p.attributes?.placeholder === true
    const located = p.lng !== null && p.lat !== null
    const domain = this.projects?.portfolio.find((l) => l.domain === p.domain)?.name
    return h('li', { class: `project${located ? ' clickable' : ''}`, 'data-id': p.id, tabindex: located ? 0 : null, onclick: located ? () => this.showProject(p, true) : null, onkeydown: located ? (e: KeyboardEvent) => { if (e.key === 'Enter') this.showProject(p, true) } : null },
      h('div', { class: 'project-name' }, p.name, placeholder ? h('span', { class: 'tag' }, t('plan.placeholder')) : null),
      h('div', { class: 'muted small' },
        [domain ? name(domain) : p.domain, p.investment !== null ? t('plan.investmentValue', { v: fmtNum(p.investment, 2) }) : null, located ? null : t('plan.noLocation')].filter(Boolean).join(' · ')),
      h('div', { class: 'small' }, coveredText(p)))
  }

  /** Opens a project's popup; `fly` also moves the map to it. */
  private showProject(p: ProjectImpact, fly: boolean) {
    if (p.lng === null || p.lat === null) return
    const { map } = this.app
    if (fly) map.flyTo({ center: [p.lng, p.lat], zoom: Math.max(map.getZoom(), 13), duration: 800 })
    this.popup?.remove()
    this.popup = new maplibregl.Popup({ maxWidth: '300px', focusAfterOpen: false })
      .setLngLat([p.lng, p.lat])
      .setDOMContent(h('div', { class: 'project-popup' },
        h('div', { class: 'popup-title' }, p.name),
        p.investment !== null ? h('div', { class: 'small' }, t('plan.investmentValue', { v: fmtNum(p.investment, 2) })) : null,
        h('div', { class: 'small' }, coveredText(p))))
      .addTo(map)
    for (const li of this.el.querySelectorAll<HTMLElement>('.project')) li.classList.toggle('selected', li.dataset.id === p.id)
  }
}

function projectPoints(projects: ProjectImpact[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: projects.filter((p) => p.lng !== null && p.lat !== null).map((p) => ({
      type: 'Feature', properties: { id: p.id }, geometry: { type: 'Point', coordinates: [p.lng!, p.lat!] },
    })),
  }
}

/** "目标 ≥63%", "target >90 (100 million yuan)". */
function targetText(i: IndicatorView): string {
  const unit = (lang() === 'en' ? i.unit.en : i.unit.zh) ?? ''
  const raw = i.target.raw ?? '—'
  if (!unit || raw.endsWith(unit)) return t('plan.targetPlain', { raw })
  return unit === '%' ? t('plan.targetPlain', { raw: raw + unit }) : t('plan.targetWithUnit', { raw, unit })
}

/** Up to two decimals, trailing zeros dropped ("4.4", "63", "89.34"). */
function fmtValue(v: number): string {
  return v.toLocaleString(locale(), { maximumFractionDigits: 2 })
}

function valueText(i: IndicatorView): string {
  if (i.value !== null) return fmtValue(i.value)
  if (i.computed && i.computed.value !== null) return `≈${fmtValue(i.computed.value)}`
  return '—'
}

function coveredText(p: ProjectImpact): string {
  if (!p.newlyCovered) return t('plan.coveredUnknown')
  const perResident = p.yuanPerResident === null ? '' : ` · ${t('plan.perResident', { v: fmtInt(lang() === 'en' ? p.yuanPerResident : p.yuanPerResident / 1e4) })}`
  return t('plan.covered', { n: fmtInt(p.newlyCovered.total) }) + perResident
}
