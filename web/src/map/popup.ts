import * as maplibregl from 'maplibre-gl'
import { AGE_GROUPS } from '../../../server/src/contract/catalogue'
import { api, type CellInfo } from '../api'
import type { App } from '../context'
import { h } from '../dom'
import { fmtInt, fmtNum, fmtPct, fmtPersons, groupName, inText, name, t } from '../i18n'
import { setData } from './base'

const ISOCHRONE_MINUTES = [5, 10, 15]

/**
 * A click on a cell: its residents by age, minutes to the nearest facility against the standard,
 * the nearest facility, and two actions — an isochrone from the clicked point, and opening the
 * cell's township in the panel.
 */
export class CellPopup {
  private popup: maplibregl.Popup | null = null
  private readonly isoCard: HTMLElement
  private request = 0

  constructor(private readonly app: App) {
    this.isoCard = h('div', { class: 'iso-card', hidden: true })
    app.map.getContainer().append(this.isoCard)
  }

  close() {
    this.popup?.remove()
    this.popup = null
  }

  async open(lngLat: maplibregl.LngLat, res: number) {
    const id = ++this.request
    const { map, store, status } = this.app
    this.close()
    const body = h('div', { class: 'cell-popup' }, h('div', { class: 'muted' }, t('status.loading')))
    this.popup = new maplibregl.Popup({ maxWidth: '340px', focusAfterOpen: false }).setLngLat(lngLat).setDOMContent(body).addTo(map)
    let info: CellInfo
    try {
      info = await status.track(api.cellInfo(this.app.travel(), { lng: lngLat.lng, lat: lngLat.lat, res }, store.state.layer), t('what.cell'))
    } catch {
      if (id === this.request) this.close()
      return
    }
    if (id !== this.request) return
    body.replaceChildren(...this.render(info, lngLat).filter((x): x is HTMLElement => x !== null))
  }

  private render(info: CellInfo, at: maplibregl.LngLat): (HTMLElement | null)[] {
    const type = this.app.type()
    const mode = this.app.catalogue.modes.find((m) => m.code === info.mode)
    const place = [info.district?.name, info.township?.name].filter(Boolean).join(' · ') || t('cell.outside')
    const covered = info.minutes !== null && info.minutes <= info.thresholdMinutes
    const aggregated = info.resolution < 10
    const target = new Set(info.targetGroup.split('+'))
    // Ages in two columns (0–2 | 15–59, 3–5 | 60+ …) keep the popup short enough to fit above a click.
    const cell = (g: (typeof AGE_GROUPS)[number]) => [
      h('td', { class: target.has(g) ? 'target' : null }, t(`age.${g}`)),
      h('td', { class: `num${target.has(g) ? ' target' : ''}` }, fmtPersons(info.population[g])),
    ]
    const half = Math.ceil(AGE_GROUPS.length / 2)
    const rows = AGE_GROUPS.slice(0, half).map((g, k) => h('tr', null, cell(g), AGE_GROUPS[k + half] ? cell(AGE_GROUPS[k + half]) : null))
    const minutesLine = info.minutes === null
      ? h('div', { class: 'big bad' }, t('cell.unreachable'))
      : h('div', { class: `big ${aggregated ? '' : covered ? 'good' : 'bad'}` },
          t(aggregated ? 'popup.meanMinutes' : 'popup.minutes', { mode: mode ? name(mode.name) : info.mode, type: inText(type.name), m: fmtNum(info.minutes) }))
    const verdict = aggregated
      ? t('popup.coveredShare', { share: fmtPct(info.targetPopulation > 0 ? info.coveredPopulation / info.targetPopulation : null), group: groupName(info.targetGroup), t: info.thresholdMinutes })
      : covered ? t('popup.meets', { t: info.thresholdMinutes }) : t('popup.below', { t: info.thresholdMinutes })
    const actions = h('div', { class: 'popup-actions' },
      h('button', { class: 'btn small', onclick: () => this.isochrone(at) }, t('popup.isochrone')),
      info.township ? h('button', { class: 'btn small', onclick: () => { this.close(); this.app.store.set({ area: info.township!.code, view: 'coverage' }) } }, t('popup.openArea', { name: info.township.name })) : null,
    )
    return [
      h('div', { class: 'popup-title' }, place),
      h('div', { class: 'muted' }, aggregated ? t('popup.aggregated', { res: info.resolution, n: fmtInt(info.cells) }) : t('popup.cell')),
      minutesLine,
      h('div', { class: 'verdict' }, verdict),
      info.nearest ? h('div', { class: 'nearest' }, t('popup.nearest'), ' ', h('strong', null, info.nearest.name ?? info.nearest.id),
        info.nearest.capacity !== null && type.capacityUnit ? ` · ${fmtInt(info.nearest.capacity)} ${name(type.capacityUnit)}` : '') : null,
      info.score !== undefined ? h('div', null, t('popup.score', { s: fmtNum(info.score * 1000, 1), unit: type.capacityUnit ? name(type.capacityUnit) : t('legend.capacity'), group: groupName(info.targetGroup) })) : null,
      h('table', { class: 'ages' }, h('tbody', null, rows, h('tr', { class: 'total' }, h('td', { colspan: 3 }, t('age.population')), h('td', { class: 'num' }, fmtPersons(info.population.population))))),
      actions,
    ]
  }

  /** A click where nobody lives: no figures, but an isochrone can still be drawn from there. */
  openEmpty(lngLat: maplibregl.LngLat) {
    this.request++
    this.close()
    const body = h('div', { class: 'cell-popup' },
      h('div', { class: 'muted' }, t('popup.noResidents')),
      h('div', { class: 'popup-actions' }, h('button', { class: 'btn small', onclick: () => this.isochrone(lngLat) }, t('popup.isochrone'))))
    this.popup = new maplibregl.Popup({ maxWidth: '260px', focusAfterOpen: false }).setLngLat(lngLat).setDOMContent(body).addTo(this.app.map)
  }

  /** Draws 5/10/15-minute bands from a point and lists the residents inside each. */
  async isochrone(at: maplibregl.LngLat) {
    const { map, status, store } = this.app
    const fc = await status.track(api.isochrone({ lng: at.lng, lat: at.lat }, store.state.mode, ISOCHRONE_MINUTES), t('what.isochrone'))
    const features = fc.features.map((f, k) => ({ ...f, properties: { ...f.properties, band: k } }))
    // Widest band first, so the inner (darker) bands draw on top.
    setData(map, 'isochrone', { type: 'FeatureCollection', features: [...features].reverse() })
    const mode = this.app.catalogue.modes.find((m) => m.code === store.state.mode)
    const clear = h('button', { class: 'btn small', onclick: () => this.clearIsochrone() }, t('action.clear'))
    this.isoCard.replaceChildren(
      h('div', { class: 'iso-title' }, t('iso.title', { mode: mode ? name(mode.name) : store.state.mode })),
      h('table', null, h('tbody', null, fc.features.map((f, k) =>
        h('tr', null, h('td', null, h('span', { class: `swatch iso${k}` }), t('iso.band', { m: f.properties.minutes })),
          h('td', { class: 'num' }, t('iso.population', { n: fmtInt(f.properties.population) })),
          h('td', { class: 'num muted' }, `${fmtNum(f.properties.areaKm2, 2)} km²`))))),
      clear,
    )
    this.isoCard.hidden = false
    this.close()
  }

  clearIsochrone() {
    setData(this.app.map, 'isochrone', { type: 'FeatureCollection', features: [] })
    this.isoCard.hidden = true
  }
}
