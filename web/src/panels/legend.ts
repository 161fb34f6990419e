import type { App } from '../context'
import { h, mount } from '../dom'
import { fmtNum, groupName, inText, name, t } from '../i18n'
import type { CellLayer, CellMeta } from '../map/cells'
import { COVERED_COLORS, UNREACHABLE, minuteClasses, scoreClasses } from '../map/ramps'
import { symbolCanvas } from '../map/symbols'
import { LAYERS, type Layer } from '../state'

/**
 * The map legend: what the cells are coloured by (with a switch between minutes, covered and
 * 2SFCA score), the classes with the standard marked, how finely the cells are drawn at this
 * zoom, and the symbols of facilities, gaps and isochrones.
 */
export function renderLegend(app: App, cells: CellLayer, el: HTMLElement, showOthers: (on: boolean) => Promise<void>) {
  const { store, map } = app
  const switcher = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('legend.colourBy') })
  for (const l of LAYERS) {
    switcher.append(h('button', { role: 'radio', 'data-layer': l, onclick: () => store.set({ layer: l as Layer }) }, t(`layer.${l}`)))
  }
  const body = h('div', { class: 'legend-body' })
  const resolution = h('div', { class: 'legend-res muted' })
  const symbols = h('div', { class: 'legend-symbols' })

  const draw = (meta: CellMeta | null, failed = false) => {
    const s = store.state
    for (const b of switcher.querySelectorAll<HTMLElement>('button')) b.setAttribute('aria-checked', String(b.dataset.layer === s.layer))
    if (!meta) return mount(body, h('div', { class: 'muted' }, t(failed ? 'legend.failed' : 'status.loading')))
    const type = app.type()
    const mode = app.catalogue.modes.find((m) => m.code === meta.mode)
    const modeName = mode ? name(mode.name) : meta.mode
    const T = meta.thresholdMinutes
    if (meta.value === 'covered') {
      mount(body,
        h('div', { class: 'legend-title' }, t('legend.coveredTitle', { group: groupName(meta.targetGroup), mode: modeName, m: T, type: inText(type.name) })),
        h('div', { class: 'ramp' }, COVERED_COLORS.share.map((c) => h('span', { style: `background:${c}` }))),
        h('div', { class: 'ramp-labels' }, h('span', null, t('legend.noneCovered')), h('span', null, t('legend.allCovered'))),
        h('div', { class: 'legend-row' }, h('span', { class: 'swatch', style: `background:${UNREACHABLE}` }), t('legend.unreachable')),
        h('div', { class: 'muted small' }, t('legend.coveredNote')))
    } else if (meta.value === 'score') {
      const classes = scoreClasses(meta.scoreBreaks ?? [])
      mount(body,
        h('div', { class: 'legend-title' }, t('legend.scoreTitle', { unit: type.capacityUnit ? name(type.capacityUnit) : t('legend.capacity'), group: groupName(meta.targetGroup) })),
        h('div', { class: 'classes' }, classes.slice(1).map((c) =>
          h('div', { class: 'class' }, h('span', { class: 'swatch', style: `background:${c.color}` }), h('span', { class: 'class-label' }, c.to === null ? `≥ ${fmtNum(c.from * 1000, 0)}` : `< ${fmtNum(c.to * 1000, 0)}`)))),
        h('div', { class: 'legend-row' }, h('span', { class: 'swatch', style: `background:${UNREACHABLE}` }), t('legend.noSupply')),
        h('div', { class: 'muted small' }, t('legend.scoreNote', { m: T })))
    } else {
      const classes = minuteClasses(T)
      mount(body,
        h('div', { class: 'legend-title' }, t('legend.minutesTitle', { mode: modeName, type: inText(type.name) })),
        h('div', { class: 'classes minutes' }, classes.map((c, k) =>
          h('div', { class: `class${k === 3 ? ' beyond' : ''}` },
            h('span', { class: 'swatch', style: `background:${c.color}` }),
            h('span', { class: 'class-label' }, c.to === null ? `>${fmt(c.from)}` : `≤${fmt(c.to)}`)))),
        h('div', { class: 'threshold-note' }, h('span', { class: 'threshold-mark' }), t('legend.threshold', { m: T })),
        h('div', { class: 'legend-row' }, h('span', { class: 'swatch', style: `background:${UNREACHABLE}` }), t('legend.unreachable')))
    }
    if (meta.method !== 'network') body.append(h('div', { class: 'muted small' }, t(`method.${meta.method}`)))
    if (s.scenario !== null) body.prepend(h('div', { class: 'legend-scenario' }, t('legend.scenario')))
  }

  const drawResolution = () => {
    const z = Math.floor(map.getZoom())
    const res = cells.meta?.resolutions[Math.min(z, cells.meta.resolutions.length - 1)] ?? 10
    resolution.textContent = res >= 10 ? t('legend.fineCells') : t('legend.aggregated', { res })
  }

  const others = h('input', { type: 'checkbox', id: 'show-others' })
  others.addEventListener('change', () => void showOthers(others.checked).catch(() => (others.checked = false)))
  const drawSymbols = () => {
    const type = app.type()
    const sym = app.catalogue.symbols.get(type.domain)!
    const otherDomains = app.catalogue.domains.filter((d) => d.code !== type.domain && app.catalogue.types.some((ty) => ty.domain === d.code))
    mount(symbols,
      h('div', { class: 'legend-row' }, symbolCanvas(sym, 'existing'), t('legend.existing', { type: name(type.name) })),
      h('div', { class: 'legend-row' }, symbolCanvas(sym, 'planned'), t('legend.planned')),
      store.state.view === 'gaps' ? h('div', { class: 'legend-row' }, h('span', { class: 'swatch gap' }), t('legend.gap')) : null,
      h('label', { class: 'legend-row others' }, others, t('legend.others')),
      others.checked ? h('div', { class: 'legend-domains' }, otherDomains.map((d) => h('span', { class: 'legend-domain' }, symbolCanvas(app.catalogue.symbols.get(d.code)!, 'existing', 12), name(d.name)))) : null)
  }

  cells.onMeta((meta) => {
    draw(meta, meta === null)
    drawResolution()
  })
  store.on((_s, changed) => {
    if (changed.has('layer')) draw(null)
    if (changed.has('type') || changed.has('view')) drawSymbols()
  })
  others.addEventListener('change', drawSymbols)
  map.on('zoomend', drawResolution)
  draw(cells.meta)
  drawResolution()
  drawSymbols()
  const details = h('div', { class: 'legend-details' }, body, resolution, symbols)
  const toggle = h('button', { class: 'legend-toggle', 'aria-expanded': 'true', title: t('legend.hide'), 'aria-label': t('legend.hide') }, '–')
  toggle.addEventListener('click', () => {
    details.hidden = !details.hidden
    toggle.textContent = details.hidden ? '+' : '–'
    toggle.setAttribute('aria-expanded', String(!details.hidden))
    toggle.title = toggle.ariaLabel = t(details.hidden ? 'legend.show' : 'legend.hide')
  })
  mount(el, h('div', { class: 'legend-head' }, switcher, toggle), details)
}

/** Minutes for class labels: whole numbers when whole, else one decimal. */
function fmt(m: number): string {
  return Number.isInteger(m) ? String(m) : m.toFixed(1)
}
