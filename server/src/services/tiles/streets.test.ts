import zlib from 'node:zlib'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import type { StreetSegment } from '../../formats/types'
import { EXTENT, mercatorX, mercatorY } from './mvt'
import { StreetIndex, streetClass } from './streets'

const seg = (wayId: string, highway: string, coords: [number, number][]): StreetSegment =>
  ({ wayId, source: 0, target: 1, coords, lengthM: 100, tags: { highway } }) as StreetSegment

function tileOf(z: number, lng: number, lat: number) {
  return [Math.floor(mercatorX(lng) * 2 ** z), Math.floor(mercatorY(lat) * 2 ** z)]
}

describe('street tiles', () => {
  const streets = new StreetIndex([
    seg('a', 'primary', [[121.55, 29.87], [121.56, 29.87]]),
    seg('b', 'residential', [[121.55, 29.871], [121.551, 29.872]]),
    seg('c', 'footway', [[121.552, 29.871], [121.553, 29.871]]),
  ])

  it('draws more classes as the zoom grows: major from z10, minor from z12, paths from z13', () => {
    const count = (z: number) => {
      const [x, y] = tileOf(z, 121.5525, 29.871)
      const tile = new VectorTile(new PbfReader(zlib.gunzipSync(streets.tile(z, x, y))))
      return tile.layers.streets?.length ?? 0
    }
    expect(count(9)).toBe(0)
    expect(count(10)).toBe(1)
    expect(count(12)).toBe(2)
    expect(count(14)).toBe(3)
  })

  it('writes lines in tile coordinates with their class', () => {
    const z = 14
    const [x, y] = tileOf(z, 121.5525, 29.871)
    const l = new VectorTile(new PbfReader(zlib.gunzipSync(streets.tile(z, x, y)))).layers.streets
    const c = [...Array(l.length).keys()].map((i) => l.feature(i)).find((f) => f.properties.k === 2)!
    expect(c.type).toBe(2)
    const [p0, p1] = c.loadGeometry()[0]
    expect(p0.x).toBe(Math.round(mercatorX(121.552) * 2 ** z * EXTENT - x * EXTENT))
    expect(p1.y).toBe(Math.round(mercatorY(29.871) * 2 ** z * EXTENT - y * EXTENT))
  })

  it('classes OSM highways', () => {
    expect(streetClass('trunk')).toBe(0)
    expect(streetClass('residential')).toBe(1)
    expect(streetClass('path')).toBe(2)
    expect(streetClass(undefined)).toBe(2)
  })
})
