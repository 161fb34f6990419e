import type { IndexResponse } from '../api'
import type { App } from '../context'
import { h } from '../dom'
import { fmtNum, fmtPct, name, t } from '../i18n'

const PARTS = ['accessible', 'balanced', 'quality'] as const

/**
 * The 均衡可及优质 index section of the coverage view: the index of the area for the selected
 * type's domain, its three parts as bars (each in [0, 1]), the weights and, per type, the figures
 * the parts come from (GET /api/index; the formulas are in geodata/index.json and docs/API.md).
 */
export function indexSection(app: App, idx: IndexResponse): HTMLElement | null {
  const area = idx.areas[0]
  if (!area) return null
  const domain = app.catalogue.domains.find((d) => d.code === idx.domain)
  const bar = (value: number | null) =>
    h('span', { class: 'index-bar', role: 'img', 'aria-label': fmtPct(value, 0) }, h('span', { class: 'index-fill', style: `width: ${value === null ? 0 : Math.round(value * 100)}%` }))
  const rows = PARTS.map((p) =>
    h('tr', { 'data-part': p },
      h('th', null, t(`index.${p}`)),
      h('td', null, bar(area[p])),
      h('td', { class: 'num' }, area[p] === null ? t('index.unknown') : fmtNum(area[p], 2)),
      h('td', { class: 'num muted small' }, t('index.weight', { w: fmtPct(idx.weights[p], 0) }))))
  const typeLines = area.types.filter((x) => x.targetPopulation > 0).map((x) => {
    const type = app.catalogue.types.find((c) => c.code === x.type)
    return h('li', null, t('index.typeLine', {
      type: type ? name(type.name) : x.type,
      rate: fmtPct(x.accessible, 0),
      balanced: x.balanced === null ? t('index.unknown') : fmtNum(x.balanced, 2),
      score: fmtNum(x.meanScore, 3),
      reference: fmtNum(x.reference, 3),
    }))
  })
  return h('section', { id: 'circle-index' },
    h('h3', null, t('index.title', { domain: domain ? name(domain.name) : (idx.domain ?? '') })),
    h('div', { class: 'index-head' },
      h('span', { class: 'index-value', 'data-index': String(area.index ?? '') }, area.index === null ? t('index.unknown') : fmtNum(area.index, 2)),
      h('span', { class: 'muted small' }, t('index.scale'))),
    h('table', { class: 'data index-parts' }, h('tbody', null, rows)),
    typeLines.length ? h('ul', { class: 'index-types small' }, typeLines) : null,
    h('p', { class: 'muted small' },
      t('index.note', { balanced: t(idx.balancedMeasure === 'theil' ? 'index.balancedTheil' : 'index.balancedGini') }),
      idx.verify ? ` ${t('index.verify')}` : ''))
}
