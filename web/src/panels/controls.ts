import type { App } from '../context'
import { h, mount } from '../dom'
import { groupName, name, t } from '../i18n'
import { symbolCanvas } from '../map/symbols'
import { VIEWS, type View } from '../state'
import { renderExport } from './export'

const MINUTE_CHOICES = [5, 10, 15, 20, 30]

/**
 * The top of the side panel: which service (facility types grouped by the seven domains, each
 * with its target group and standard), how people travel and within how many minutes, and the
 * three views (coverage, gaps, scenarios).
 */
export function renderControls(app: App, el: HTMLElement) {
  const { store, catalogue } = app
  const typeButton = h('button', { id: 'type-button', class: 'type-button', 'aria-haspopup': 'listbox', 'aria-expanded': 'false' })
  const menu = h('div', { id: 'type-menu', class: 'type-menu', role: 'listbox', hidden: true })
  const typeFacts = h('div', { class: 'type-facts' })
  const modeSelect = h('select', { id: 'mode-select', 'aria-label': t('controls.mode') })
  const minutesSelect = h('select', { id: 'minutes-select', 'aria-label': t('controls.minutes') })
  const tabs = h('div', { class: 'tabs', role: 'tablist' })

  const closeMenu = () => {
    menu.hidden = true
    typeButton.setAttribute('aria-expanded', 'false')
  }
  typeButton.addEventListener('click', (e) => {
    e.stopPropagation()
    menu.hidden = !menu.hidden
    typeButton.setAttribute('aria-expanded', String(!menu.hidden))
  })
  document.addEventListener('click', (e) => {
    if (!menu.hidden && !menu.contains(e.target as Node)) closeMenu()
  })
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeMenu()
  })

  // The menu: one group per domain (七优享 order), each type with its target group and standard.
  for (const d of catalogue.domains) {
    const types = catalogue.types.filter((ty) => ty.domain === d.code)
    if (!types.length) continue
    const sym = catalogue.symbols.get(d.code)!
    menu.append(
      h('div', { class: 'menu-domain' }, symbolCanvas(sym, 'existing', 14), name(d.name)),
      ...types.map((ty) =>
        h('button', {
          class: 'menu-type', role: 'option', 'data-type': ty.code,
          onclick: () => {
            closeMenu()
            store.set({ type: ty.code, minutes: null })
          },
        },
        h('span', { class: 'menu-type-name' }, name(ty.name)),
        h('span', { class: 'menu-type-facts' }, t('type.facts', { group: groupName(ty.targetGroup), m: ty.thresholdMinutes }))),
      ),
    )
  }

  modeSelect.addEventListener('change', () => store.set({ mode: modeSelect.value }))
  minutesSelect.addEventListener('change', () => store.set({ minutes: minutesSelect.value === '' ? null : Number(minutesSelect.value) }))

  for (const v of VIEWS) {
    tabs.append(h('button', { class: 'tab', role: 'tab', 'data-view': v, onclick: () => store.set({ view: v as View }) }, t(`view.${v}`)))
  }

  const update = () => {
    const s = store.state
    const type = app.type()
    const domain = catalogue.domains.find((d) => d.code === type.domain)
    mount(typeButton, symbolCanvas(catalogue.symbols.get(type.domain)!, 'existing', 18),
      h('span', { class: 'type-button-text' }, h('span', { class: 'type-name' }, name(type.name)), h('span', { class: 'type-domain' }, domain ? name(domain.name) : '')),
      h('span', { class: 'caret' }, '▾'))
    for (const b of menu.querySelectorAll<HTMLElement>('.menu-type')) b.setAttribute('aria-selected', String(b.dataset.type === type.code))
    mount(typeFacts,
      h('span', null, t('type.target'), ' ', h('strong', null, groupName(type.targetGroup))),
      h('span', null, t('type.standard'), ' ', h('strong', null, t('type.standardValue', { m: type.thresholdMinutes, r: type.radiusM ?? '—' }))))
    mount(modeSelect, catalogue.modes.map((m) => h('option', { value: m.code, selected: m.code === s.mode }, t('controls.modeOption', { name: name(m.name), speed: m.speedKmh }))))
    const choices = [...new Set([...MINUTE_CHOICES, ...(s.minutes !== null ? [s.minutes] : [])])].sort((a, b) => a - b)
    mount(minutesSelect,
      h('option', { value: '', selected: s.minutes === null }, t('controls.standardMinutes', { m: type.thresholdMinutes })),
      choices.map((m) => h('option', { value: String(m), selected: s.minutes === m }, t('controls.minutesOption', { m }))))
    for (const b of tabs.querySelectorAll<HTMLElement>('.tab')) {
      b.setAttribute('aria-selected', String(b.dataset.view === s.view))
      b.classList.toggle('active', b.dataset.view === s.view)
    }
  }
  store.on((_s, changed) => {
    if (changed.has('type') || changed.has('mode') || changed.has('minutes') || changed.has('view')) update()
  })
  update()

  mount(el,
    h('div', { class: 'type-picker' }, typeButton, menu),
    typeFacts,
    h('div', { class: 'travel' },
      h('label', null, h('span', null, t('controls.mode')), modeSelect),
      h('label', null, h('span', null, t('controls.minutes')), minutesSelect)),
    renderExport(app),
    tabs)
}
