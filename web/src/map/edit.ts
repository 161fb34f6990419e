import * as maplibregl from 'maplibre-gl'
import type { FacilityProperties } from '../api'
import type { App } from '../context'
import { session } from '../auth'
import { setData } from './base'

export interface EditHandlers {
  /** A click on the map while adding. */
  add(at: maplibregl.LngLat): void
  /** A facility dragged to a new place. */
  move(facility: FacilityProperties, to: maplibregl.LngLat): void
  /** A facility clicked (not dragged). */
  select(facility: FacilityProperties, at: maplibregl.LngLat): void
}

/**
 * Map gestures of scenario editing: click to add (while the add tool is on), drag a facility to
 * move it, click a facility to edit it. Dragging only starts in the scenario view, and only after
 * the pointer moved a few pixels, so a plain click still selects.
 */
export class FacilityEditor {
  adding = false
  enabled = false
  private drag: { facility: FacilityProperties; start: maplibregl.Point; moved: boolean } | null = null

  constructor(private readonly app: App, private readonly on: EditHandlers) {
    const { map } = app
    const canvas = map.getCanvasContainer()
    map.on('mouseenter', 'facilities', () => {
      if (this.enabled && session.canWrite() && !this.adding) canvas.style.cursor = 'grab'
    })
    map.on('mouseleave', 'facilities', () => {
      if (!this.drag) canvas.style.cursor = this.adding ? 'crosshair' : ''
    })
    map.on('mousedown', 'facilities', (e) => {
      if (!this.enabled || !session.canWrite() || this.adding || e.originalEvent.button !== 0) return
      const f = e.features?.[0]
      if (!f) return
      e.preventDefault()
      map.dragPan.disable()
      this.drag = { facility: f.properties as FacilityProperties, start: e.point, moved: false }
      canvas.style.cursor = 'grabbing'
    })
    map.on('mousemove', (e) => {
      if (!this.drag) return
      if (!this.drag.moved && e.point.dist(this.drag.start) < 5) return
      this.drag.moved = true
      setData(map, 'drag', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [e.lngLat.lng, e.lngLat.lat] } }] })
    })
    map.on('mouseup', (e) => {
      const d = this.drag
      if (!d) return
      this.drag = null
      map.dragPan.enable()
      canvas.style.cursor = ''
      setData(map, 'drag', { type: 'FeatureCollection', features: [] })
      if (d.moved) this.on.move(d.facility, e.lngLat)
      else this.on.select(d.facility, e.lngLat)
    })
    map.on('click', (e) => {
      if (!this.enabled || !this.adding) return
      e.preventDefault() // the click is the new facility's place, not a cell to inspect
      this.on.add(e.lngLat)
    })
  }

  setAdding(on: boolean) {
    this.adding = on
    this.app.map.getCanvasContainer().style.cursor = on ? 'crosshair' : ''
    document.body.classList.toggle('adding', on)
  }

  setEnabled(on: boolean) {
    this.enabled = on
    if (!on) this.setAdding(false)
  }
}
