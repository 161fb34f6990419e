import * as maplibregl from 'maplibre-gl'
import { api, type CompareResponse, type FacilityProperties, type Scenario, type ScenarioDelta, type ScenarioDetail } from '../api'
import type { App } from '../context'
import { h, mount } from '../dom'
import { fmtInt, fmtPct, fmtSigned, groupName, inText, locale, name, t } from '../i18n'
import { FacilityEditor } from '../map/edit'
import { SitingSection } from './siting'

/**
 * The scenario view: scenarios listed, created, renamed, compared with the baseline and deleted;
 * inside one, planned facilities added by clicking the map, dragged, resized or removed, each
 * answered at once by a delta card ("新增覆盖 N 名 3–5 岁儿童", per district) while the map
 * recolours; and suggested sites (k chosen by the planner) applied as a new scenario in one click.
 */
export class ScenarioPanel {
  private scenarios: Scenario[] = []
  private detail: ScenarioDetail | null = null
  private compare: CompareResponse | null = null
  private lastDelta: { delta: ScenarioDelta; what: string } | null = null
  private capacity = ''
  private renaming = false
  private request = 0
  private popup: maplibregl.Popup | null = null
  readonly editor: FacilityEditor
  private readonly siting: SitingSection

  constructor(private readonly app: App, private readonly el: HTMLElement) {
    this.siting = new SitingSection(app, () => this.render(), () => (this.lastDelta = null))
    this.editor = new FacilityEditor(app, {
      add: (at) => void this.change({ op: 'add', facility: { type: app.store.state.type, lng: at.lng, lat: at.lat, name: this.newName(), ...this.capacityValue() } }, t('scenario.added')),
      move: (f, to) => void this.change({ op: 'move', facility: { id: f.id, lng: to.lng, lat: to.lat } }, t('scenario.moved', { name: f.name ?? f.id })),
      select: (f, at) => this.facilityPopup(f, at),
    })
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return
      this.closePopup()
      if (this.editor.adding) {
        this.editor.setAdding(false)
        this.render()
      }
    })
  }

  /** A readable name for a facility the planner adds ("规划幼儿园 3"). */
  private newName(): string {
    return t('scenario.newFacility', { type: name(this.app.type().name), n: (this.detail?.changes.filter((c) => c.op === 'add').length ?? 0) + 1 })
  }

  private capacityValue(): { capacity?: number } {
    const c = Number(this.capacity)
    return this.capacity !== '' && c >= 0 ? { capacity: c } : {}
  }

  /** Reloads what the view shows (list, or the open scenario with its comparison). */
  async refresh() {
    const { store, status } = this.app
    const s = store.state
    this.editor.setEnabled(s.view === 'scenario' && s.scenario !== null)
    this.closePopup()
    if (s.view !== 'scenario') return
    // Only the latest refresh renders: two quick changes of area or travel settings must not
    // let the older comparison land last.
    const request = ++this.request
    try {
      if (s.scenario === null) {
        this.detail = null
        this.compare = null
        const list = await status.track(api.scenarios.list(), t('what.scenarios'))
        if (request !== this.request) return
        this.scenarios = list
      } else {
        const id = s.scenario
        const [detail, compare] = await status.track(Promise.all([api.scenarios.get(id), this.loadCompare(id)]), t('what.scenario'))
        if (request !== this.request) return
        this.detail = detail
        this.compare = compare
      }
      this.render()
    } catch {
      if (request !== this.request) return
      mount(this.el, h('div', { class: 'empty' }, t('scenario.failed')), h('button', { class: 'btn', onclick: () => store.set({ scenario: null }) }, t('scenario.backToList')))
    }
  }

  private loadCompare(id: number) {
    return api.scenarios.compare(id, this.app.travel(), 'district', this.app.store.state.area)
  }

  private render() {
    if (this.app.store.state.view !== 'scenario') return
    if (!this.detail) return this.renderList()
    this.renderScenario(this.detail)
  }

  private renderList() {
    const input = h('input', { type: 'text', id: 'scenario-name', placeholder: t('scenario.namePlaceholder'), maxlength: 200 })
    const create = async () => {
      const nameText = input.value.trim() || t('scenario.defaultName', { type: name(this.app.type().name), n: this.scenarios.length + 1 })
      const { id } = await this.app.status.track(api.scenarios.create(nameText), t('what.scenarioCreate'))
      this.app.store.set({ scenario: id })
    }
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void create()
    })
    const list = this.scenarios.length
      ? h('ul', { class: 'scenario-list', id: 'scenario-list' }, this.scenarios.map((sc) =>
          h('li', { 'data-id': sc.id },
            h('button', { class: 'scenario-open', onclick: () => this.app.store.set({ scenario: sc.id }) },
              h('span', { class: 'scenario-name' }, sc.name),
              h('span', { class: 'muted small' }, t('scenario.meta', { n: sc.changeCount, date: new Date(sc.updatedAt).toLocaleDateString(locale()) }))),
            h('button', { class: 'btn small danger write', title: t('scenario.delete'), onclick: () => this.remove(sc) }, t('scenario.delete')))))
      : h('div', { class: 'empty' }, t('scenario.noneYet'))
    mount(this.el,
      h('p', { class: 'hint' }, t('scenario.intro')),
      h('div', { class: 'row write' }, input, h('button', { class: 'btn primary', id: 'scenario-create', onclick: () => void create() }, t('scenario.create'))),
      h('h3', null, t('scenario.saved')),
      list,
      this.siting.render())
  }

  private async remove(sc: { id: number; name: string }) {
    if (!confirm(t('scenario.confirmDelete', { name: sc.name }))) return
    await this.app.status.track(api.scenarios.remove(sc.id), t('what.scenarioDelete'))
    if (this.app.store.state.scenario === sc.id) this.app.store.set({ scenario: null })
    else void this.refresh()
  }

  private renderScenario(sc: ScenarioDetail) {
    const { store } = this.app
    const type = this.app.type()
    const group = groupName(type.targetGroup)
    const title = this.renaming
      ? this.renameForm(sc)
      : h('div', { class: 'scenario-title' }, h('h2', null, sc.name),
          h('button', { class: 'link write', id: 'scenario-rename', onclick: () => { this.renaming = true; this.render() } }, t('scenario.rename')))
    const addButton = h('button', {
      class: `btn ${this.editor.adding ? 'active' : 'primary'}`, id: 'add-facility', 'aria-pressed': String(this.editor.adding),
      onclick: () => { this.editor.setAdding(!this.editor.adding); this.render() },
    }, this.editor.adding ? t('scenario.adding', { type: inText(type.name) }) : t('scenario.add', { type: inText(type.name) }))
    const capacity = h('input', { type: 'number', min: 0, step: 10, value: this.capacity, id: 'new-capacity', class: 'narrow', placeholder: t('scenario.capacityDefault') })
    capacity.addEventListener('change', () => (this.capacity = capacity.value))

    mount(this.el,
      h('div', { class: 'scenario-bar' }, h('button', { class: 'link', onclick: () => store.set({ scenario: null }) }, `‹ ${t('scenario.backToList')}`)),
      title,
      sc.description ? h('p', { class: 'muted small' }, sc.description) : null,
      h('div', { class: 'tools write' }, addButton,
        h('label', { class: 'inline' }, t('scenario.capacity', { unit: type.capacityUnit ? name(type.capacityUnit) : '' }), capacity)),
      h('p', { class: 'hint write' }, this.editor.adding ? t('scenario.addHint') : t('scenario.editHint')),
      this.deltaCard(group),
      this.compareSection(group),
      this.changesSection(sc),
      this.siting.render(),
      h('div', { class: 'danger-zone write' }, h('button', { class: 'btn small danger', onclick: () => this.remove(sc) }, t('scenario.deleteThis'))))
  }

  private renameForm(sc: ScenarioDetail): HTMLElement {
    const input = h('input', { type: 'text', value: sc.name, id: 'rename-input', maxlength: 200 })
    const save = async () => {
      const v = input.value.trim()
      if (v && v !== sc.name) {
        await this.app.status.track(api.scenarios.rename(sc.id, v), t('what.scenarioRename'))
        this.app.scenarioRenamed()
      }
      this.renaming = false
      await this.refresh()
    }
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void save()
      if (e.key === 'Escape') { this.renaming = false; this.render() }
    })
    setTimeout(() => input.focus(), 0)
    return h('div', { class: 'row' }, input, h('button', { class: 'btn primary', id: 'rename-save', onclick: () => void save() }, t('action.save')))
  }

  /** The answer to the last change: covered residents gained (or lost), overall and per district. */
  private deltaCard(group: string): HTMLElement | null {
    if (!this.lastDelta) return null
    const { delta, what } = this.lastDelta
    const gain = Math.round(delta.coveredGain)
    const headline = gain > 0 ? t('delta.gain', { n: fmtInt(gain), group }) : gain < 0 ? t('delta.loss', { n: fmtInt(-gain), group }) : t('delta.none', { group })
    return h('div', { class: `delta-card ${gain > 0 ? 'up' : gain < 0 ? 'down' : ''}`, id: 'delta-card', 'data-gain': String(delta.coveredGain) },
      h('div', { class: 'delta-what muted small' }, what),
      h('div', { class: 'delta-headline' }, headline),
      h('div', { class: 'muted small' }, t('delta.within', { m: delta.minutes })),
      delta.areas.length ? h('ul', { class: 'delta-areas' }, delta.areas.map((a) => h('li', { 'data-code': a.code }, h('span', null, a.name), h('span', { class: 'num' }, fmtSigned(a.coveredGain))))) : null)
  }

  private compareSection(group: string): HTMLElement | null {
    const c = this.compare
    if (!c) return null
    const before = c.total.targetPopulation > 0 ? c.total.baselineCovered / c.total.targetPopulation : null
    const after = c.total.targetPopulation > 0 ? c.total.scenarioCovered / c.total.targetPopulation : null
    const rows = [...c.areas].sort((a, b) => b.coveredGain - a.coveredGain || (a.code ?? '').localeCompare(b.code ?? ''))
    return h('section', { id: 'compare' },
      h('h3', null, t('compare.title')),
      h('p', { class: 'compare-total' }, t('compare.total', { n: fmtSigned(c.total.coveredGain), group, before: fmtPct(before), after: fmtPct(after) })),
      h('table', { class: 'data' },
        h('thead', null, h('tr', null, h('th', null, t('level.district')), h('th', { class: 'num' }, t('compare.baseline')), h('th', { class: 'num' }, t('compare.scenario')), h('th', { class: 'num' }, t('compare.gain')))),
        h('tbody', null, rows.map((a) => h('tr', { class: a.coveredGain ? 'changed' : '' },
          h('td', null, a.name), h('td', { class: 'num' }, fmtPct(a.baselineRate)), h('td', { class: 'num' }, fmtPct(a.scenarioRate)), h('td', { class: 'num' }, fmtSigned(a.coveredGain)))))))
  }

  private changesSection(sc: ScenarioDetail): HTMLElement {
    const types = this.app.catalogue
    return h('section', null,
      h('h3', null, t('changes.title', { n: sc.changes.length })),
      sc.changes.length
        ? h('ol', { class: 'changes', id: 'changes' }, [...sc.changes].reverse().map((c) =>
            h('li', { 'data-id': c.id },
              h('span', null, t(`changes.${c.op}`, { name: c.name ?? c.facilityId, type: c.type ? name(types.type(c.type)?.name ?? { zh: c.type, en: c.type }) : '' }),
                c.op === 'resize' && c.capacity !== null ? ` → ${fmtInt(c.capacity)}` : ''),
              h('button', { class: 'link write', onclick: () => void this.undo(c.id) }, t('changes.undo')))))
        : h('div', { class: 'empty small' }, t('changes.none')))
  }

  /** Sends one change; shows its delta and has everything that depends on the scenario reload. */
  private async change(body: Parameters<typeof api.scenarios.change>[1], what: string) {
    const id = this.app.store.state.scenario
    if (id === null) return
    this.editor.setAdding(false)
    performance.mark('circle15:edit')
    const tr = this.app.travel()
    const r = await this.app.status.track(api.scenarios.change(id, { ...body, mode: tr.mode, minutes: tr.minutes ?? undefined }), t('what.change'))
    // The answer first: the delta card shows at once, the map recolours next, the lists follow.
    this.lastDelta = { delta: r.delta[0], what }
    if (this.detail) this.detail = { ...this.detail, changes: [...this.detail.changes, { ...r.change, createdAt: String(r.change.createdAt) }] }
    this.render()
    performance.mark('circle15:delta')
    this.app.scenarioEdited()
    const [detail, compare] = await this.app.status.track(Promise.all([api.scenarios.get(id), this.loadCompare(id)]), t('what.scenario'))
    if (this.app.store.state.scenario !== id) return
    this.detail = detail
    this.compare = compare
    this.render()
  }

  private async undo(changeId: number) {
    const id = this.app.store.state.scenario
    if (id === null) return
    await this.app.status.track(api.scenarios.undo(id, changeId), t('what.change'))
    this.lastDelta = null
    this.app.scenarioEdited()
    await this.refresh()
  }

  private closePopup() {
    this.popup?.remove()
    this.popup = null
  }

  /** A facility's editor: capacity, remove; a planned facility outside the scenario can be switched on. */
  private facilityPopup(f: FacilityProperties, at: maplibregl.LngLat) {
    this.closePopup()
    const type = this.app.catalogue.type(f.type)
    const unit = type?.capacityUnit ? name(type.capacityUnit) : ''
    // In the scenario: existing facilities, and planned ones a change added (switched on) to it.
    const added = new Set(this.detail?.changes.filter((c) => c.op === 'add').map((c) => c.facilityId))
    const inScenario = f.status === 'existing' || f.scenarioChange !== undefined || added.has(f.id)
    const cap = h('input', { type: 'number', min: 0, step: 10, value: f.capacity === null ? '' : String(f.capacity), class: 'narrow', id: 'facility-capacity' })
    const body = h('div', { class: 'facility-popup' },
      h('div', { class: 'popup-title' }, f.name ?? f.id),
      h('div', { class: 'muted small' }, `${type ? name(type.name) : f.type} · ${t(`status.${f.status}`)}${f.scenarioChange !== undefined ? ` · ${t('scenario.changed')}` : ''}`),
      inScenario
        ? [
            h('label', { class: 'inline write' }, t('scenario.capacity', { unit }), cap,
              h('button', { class: 'btn small', id: 'facility-resize', onclick: () => { this.closePopup(); void this.change({ op: 'resize', facility: { id: f.id, capacity: Number(cap.value) } }, t('scenario.resized', { name: f.name ?? f.id })) } }, t('action.save'))),
            h('div', { class: 'popup-actions write' },
              h('button', { class: 'btn small danger', id: 'facility-remove', onclick: () => { this.closePopup(); void this.change({ op: 'remove', facility: { id: f.id } }, t('scenario.removed', { name: f.name ?? f.id })) } }, t('scenario.remove'))),
            h('div', { class: 'muted small write' }, t('scenario.dragHint')),
          ]
        : h('div', { class: 'popup-actions write' },
            h('button', { class: 'btn small primary', id: 'facility-enable', onclick: () => { this.closePopup(); void this.change({ op: 'add', facility: { id: f.id } }, t('scenario.enabled', { name: f.name ?? f.id })) } }, t('scenario.enable'))))
    // Opened on mouseup: the click that follows must not close it (closeOnClick off; × and Esc close it).
    this.popup = new maplibregl.Popup({ maxWidth: '300px', closeOnClick: false }).setLngLat(at).setDOMContent(body).addTo(this.app.map)
  }

  /** From the gap list: open (or create) a scenario and add a facility at a gap's centre. */
  async addAt(lng: number, lat: number) {
    const { store, status } = this.app
    let id = store.state.scenario
    if (id === null) {
      id = (await status.track(api.scenarios.create(t('scenario.defaultName', { type: name(this.app.type().name), n: this.scenarios.length + 1 })), t('what.scenarioCreate'))).id
    }
    store.set({ scenario: id, view: 'scenario' })
    await this.change({ op: 'add', facility: { type: store.state.type, lng, lat, name: this.newName(), ...this.capacityValue() } }, t('scenario.addedAtGap'))
    this.app.map.flyTo({ center: [lng, lat], zoom: Math.max(this.app.map.getZoom(), 12.5) })
  }

  /** Baseline facility click outside the scenario view: a read-only card. */
  static infoPopup(app: App, f: FacilityProperties, at: maplibregl.LngLat) {
    const type = app.catalogue.type(f.type)
    const unit = type?.capacityUnit ? name(type.capacityUnit) : ''
    new maplibregl.Popup({ maxWidth: '280px' })
      .setLngLat(at)
      .setDOMContent(h('div', { class: 'facility-popup' },
        h('div', { class: 'popup-title' }, f.name ?? f.id),
        h('div', { class: 'muted small' }, `${type ? name(type.name) : f.type} · ${t(`status.${f.status}`)}`),
        f.capacity !== null ? h('div', null, t('facility.capacity', { n: fmtInt(f.capacity), unit })) : null))
      .addTo(app.map)
  }
}
