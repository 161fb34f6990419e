import { api, type FacilityCollection, type FacilityProperties } from '../api'
import type { App } from '../context'
import { t } from '../i18n'
import { setData } from './base'
import { iconId, symbolImage, type SymbolVariant } from './symbols'

/**
 * Facilities on the map: those of the chosen type (in the scenario, when one is open) with their
 * domain's symbol, planned ones hollow; on request, every other type faded underneath.
 */
export class FacilityLayer {
  private request = 0
  private othersLoaded = false

  constructor(private readonly app: App) {
    const { map, catalogue } = app
    for (const [domain, sym] of catalogue.symbols) {
      for (const v of ['existing', 'planned'] as SymbolVariant[]) map.addImage(iconId(domain, v), symbolImage(sym, v), { pixelRatio: 2 })
    }
  }

  private variant(p: FacilityProperties): SymbolVariant {
    return p.status === 'existing' && p.scenarioChange === undefined ? 'existing' : 'planned'
  }

  private withIcons(fc: FacilityCollection): FacilityCollection {
    const domainOf = (type: string) => this.app.catalogue.type(type)?.domain ?? ''
    return {
      type: 'FeatureCollection',
      features: fc.features.map((f) => ({ ...f, properties: { ...f.properties, icon: iconId(domainOf(f.properties.type), this.variant(f.properties)) } })),
    }
  }

  async refresh(): Promise<void> {
    const id = ++this.request
    const s = this.app.store.state
    const fc = await this.app.status.track(api.facilities(s.type, s.scenario), t('what.facilities'))
    if (id !== this.request) return
    setData(this.app.map, 'facilities', this.withIcons(fc))
    document.body.dataset.facilities = String(fc.features.length)
  }

  /** Shows (loading once) or hides the facilities of every other type. */
  async showOthers(show: boolean): Promise<void> {
    const { map } = this.app
    map.setLayoutProperty('other-facilities', 'visibility', show ? 'visible' : 'none')
    if (!show || this.othersLoaded) return
    const all = await this.app.status.track(api.facilities(null, null), t('what.facilities'))
    this.othersLoaded = true
    setData(map, 'other-facilities', this.withIcons(all))
    map.setFilter('other-facilities', ['!=', ['get', 'type'], this.app.store.state.type])
  }

  /** Keeps the "other types" layer from doubling the chosen type. */
  typeChanged() {
    if (this.othersLoaded) this.app.map.setFilter('other-facilities', ['!=', ['get', 'type'], this.app.store.state.type])
  }
}
