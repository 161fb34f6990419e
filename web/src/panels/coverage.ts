import { api, type CoverageResponse, type EquityResponse, type IndexResponse } from '../api'
import { barChart, cumulativeCurve, lorenzCurve } from '../charts/charts'
import type { App } from '../context'
import { h, mount } from '../dom'
import { fmtInt, fmtNum, fmtPct, groupName, inText, name, t, tInText } from '../i18n'
import { indexSection } from './circle-index'

/**
 * The coverage view: the area being summarised (city → district → township, with a breadcrumb),
 * its coverage rate, the rate of every child area as a bar chart (worst first) and a table, the
 * cumulative 5/10/15/20/30-minute curve, and the Gini coefficient with its Lorenz curve.
 */
export class CoveragePanel {
  private request = 0
  private abort: AbortController | null = null
  private sortBy: 'rate' | 'name' = 'rate'
  private last: { coverage: CoverageResponse; equity: EquityResponse | null; index: IndexResponse | null; level: string | null } | null = null

  constructor(private readonly app: App, private readonly el: HTMLElement) {}

  async refresh() {
    const id = ++this.request
    this.abort?.abort()
    const abort = (this.abort = new AbortController())
    const { store, status, areas } = this.app
    const area = store.state.area
    const level = areas.childLevel(area ? (areas.byCode.get(area)?.level ?? null) : null)
    this.el.classList.add('loading')
    if (!this.last) mount(this.el, h('div', { class: 'muted' }, t('status.loading')))
    try {
      // Equity and the index are secondary: the coverage figures still show without them.
      const secondary = <T>(p: Promise<T>) => p.catch((e) => {
        if ((e as Error).name === 'AbortError') throw e
        return null
      })
      const [coverage, equity, index] = await status.track(
        Promise.all([
          api.coverage(this.app.travel(), area, level, abort.signal),
          secondary(api.equity(this.app.travel(), area, abort.signal)),
          secondary(api.index(this.app.travel(), this.app.type().domain, area, abort.signal)),
        ]),
        t('what.coverage'),
      )
      if (id !== this.request) return
      this.last = { coverage, equity, index, level }
      this.render()
    } catch (e) {
      if (id === this.request && (e as Error).name !== 'AbortError') mount(this.el, h('div', { class: 'empty' }, t('coverage.failed')))
    } finally {
      if (id === this.request) this.el.classList.remove('loading')
    }
  }

  private render() {
    if (!this.last) return
    const { coverage, equity, index, level } = this.last
    const { store, areas } = this.app
    const s = store.state
    const type = this.app.type()
    const group = groupName(coverage.targetGroup)
    const mode = this.app.catalogue.modes.find((m) => m.code === coverage.mode)
    const modeName = mode ? name(mode.name) : coverage.mode
    const total = coverage.total
    const areaInfo = s.area ? areas.byCode.get(s.area) : null
    const title = areaInfo?.name ?? areas.collections.city.features[0]?.properties.name ?? t('coverage.allAreas')

    // Breadcrumb: the root (whole data set), then the ancestors of the area.
    const chain: { code: string | null; name: string }[] = []
    for (let a = areaInfo; a; a = a.parent ? areas.byCode.get(a.parent) : undefined) if (a.level !== 'city') chain.unshift({ code: a.code, name: a.name })
    chain.unshift({ code: null, name: areas.collections.city.features[0]?.properties.name ?? t('coverage.allAreas') })
    const crumbs = h('nav', { class: 'breadcrumb', 'aria-label': t('coverage.breadcrumb') },
      chain.map((c, k) => k === chain.length - 1
        ? h('span', { class: 'crumb current' }, c.name)
        : [h('button', { class: 'crumb', onclick: () => store.set({ area: c.code }) }, c.name), h('span', { class: 'crumb-sep' }, '›')]))

    const summary = h('div', { class: 'summary', id: 'coverage-summary' },
      h('div', { class: 'summary-rate' }, h('span', { class: 'rate', 'data-rate': String(total.rate ?? '') }, fmtPct(total.rate)), h('span', { class: 'rate-label' }, t('coverage.rateLabel'))),
      h('div', { class: 'summary-text' }, t('coverage.sentence', { covered: fmtInt(total.coveredPopulation), target: fmtInt(total.targetPopulation), group, mode: modeName, m: coverage.minutes, type: inText(type.name) })),
      h('div', { class: 'summary-gap' }, t('coverage.uncovered', { n: fmtInt(total.targetPopulation - total.coveredPopulation), group })),
      s.scenario !== null ? h('div', { class: 'scenario-flag' }, t('coverage.inScenario')) : null)

    // At the root the breadcrumb would only repeat the title.
    const sections: HTMLElement[] = [...(chain.length > 1 ? [crumbs] : []), h('h2', { class: 'area-title' }, title), summary]

    const children = coverage.areas.filter((a) => a.code !== null)
    if (level && children.length) {
      const rows = [...children].sort((a, b) => (this.sortBy === 'name' ? (a.code ?? '').localeCompare(b.code ?? '') : (a.rate ?? 2) - (b.rate ?? 2)))
      const worst = [...children].filter((a) => a.rate !== null).sort((a, b) => a.rate! - b.rate!)[0]
      const drill = (code: string | null) => (code ? () => store.set({ area: code }) : undefined)
      const chart = barChart(
        rows.map((a) => ({ label: a.name, value: a.rate, text: fmtPct(a.rate, 0), emphasis: a === worst, onClick: drill(a.code) })),
        { title: t('coverage.chartTitle', { level: tInText(`level.${level}`) }), reference: total.rate !== null ? { value: total.rate, label: t('coverage.average', { rate: fmtPct(total.rate, 0) }) } : undefined },
      )
      const sortButton = h('button', { class: 'link', onclick: () => { this.sortBy = this.sortBy === 'rate' ? 'name' : 'rate'; this.render() } },
        this.sortBy === 'rate' ? t('coverage.sortByName') : t('coverage.sortByRate'))
      const table = h('table', { class: 'data', id: 'coverage-table' },
        h('thead', null, h('tr', null,
          h('th', null, t(`level.${level}`)), h('th', { class: 'num' }, t('coverage.target')), h('th', { class: 'num' }, t('coverage.covered')),
          h('th', { class: 'num' }, t('coverage.uncoveredShort')), h('th', { class: 'num' }, t('coverage.rate')))),
        h('tbody', null, rows.map((a) =>
          h('tr', { class: `${a === worst ? 'worst' : ''} ${drill(a.code) ? 'clickable' : ''}`, 'data-code': a.code, onclick: drill(a.code) ?? null },
            h('td', null, a.name, a === worst ? h('span', { class: 'badge' }, t('coverage.worst')) : null),
            h('td', { class: 'num' }, fmtInt(a.targetPopulation)), h('td', { class: 'num' }, fmtInt(a.coveredPopulation)),
            h('td', { class: 'num' }, fmtInt(a.targetPopulation - a.coveredPopulation)), h('td', { class: 'num' }, fmtPct(a.rate))))))
      sections.push(h('section', null,
        h('div', { class: 'section-head' }, h('h3', null, t('coverage.byChild', { level: tInText(`level.${level}`) })), sortButton),
        worst ? h('p', { class: 'hint' }, t('coverage.worstSentence', { name: worst.name, rate: fmtPct(worst.rate), level: tInText(`level.${level}`) })) : null,
        chart, table,
        drill(rows[0]?.code ?? null) ? h('p', { class: 'muted small' }, t('coverage.drillHint')) : null))
    }

    if (total.within?.length) {
      sections.push(h('section', null,
        h('h3', null, t('coverage.curveTitle')),
        cumulativeCurve(total.within.map((w) => ({ minutes: w.minutes, share: w.share ?? 0 })), coverage.minutes, {
          title: t('coverage.curveTitle'), thresholdLabel: t('coverage.thresholdLabel', { m: coverage.minutes }), xLabel: t('coverage.minutesAxis'),
        }),
        h('p', { class: 'muted small' }, t('coverage.curveNote', { group, mode: modeName }))))
    }

    if (equity) {
      const theilShare = equity.theil.total > 0 ? equity.theil.between / equity.theil.total : null
      sections.push(h('section', { id: 'equity' },
        h('h3', null, t('equity.title')),
        h('div', { class: 'equity' },
          lorenzCurve(equity.lorenz, { title: t('equity.lorenz'), xLabel: t('equity.xAxis', { group }), yLabel: t('equity.yAxis') }),
          h('div', { class: 'equity-facts' },
            h('div', { class: 'gini' }, h('span', { class: 'gini-value' }, fmtNum(equity.gini, 2)), h('span', null, t('equity.gini'))),
            h('p', { class: 'small' }, t(equity.gini === null ? 'equity.none' : equity.gini < 0.2 ? 'equity.even' : equity.gini < 0.4 ? 'equity.moderate' : 'equity.uneven')),
            theilShare !== null ? h('p', { class: 'small' }, t('equity.theil', { total: fmtNum(equity.theil.total, 2), between: fmtPct(theilShare, 0), within: fmtPct(1 - theilShare, 0) })) : null,
            h('p', { class: 'muted small' }, t('equity.note', { type: inText(type.name), unit: type.capacityUnit ? name(type.capacityUnit) : t('legend.capacity') }))))))
    }
    const indexPart = index ? indexSection(this.app, index) : null
    if (indexPart) sections.push(indexPart)
    mount(this.el, ...sections)
    document.body.dataset.coverage = String(total.rate ?? '')
  }
}
