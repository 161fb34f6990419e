import { VectorTile } from '@mapbox/vector-tile'
import * as h3 from 'h3-js'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { EXTENT, TileLayerWriter, encodeTile, mercatorX, mercatorY, tileBounds } from './mvt'
import { CellShapes } from './shapes'

const decode = (bytes: Uint8Array) => new VectorTile(new PbfReader(bytes))

describe('MVT writer', () => {
  it('writes polygons, ids and numeric properties that @mapbox/vector-tile reads back', () => {
    const layer = new TileLayerWriter('cells', ['r', 'm', 'c'])
    // A square (0,0)-(100,100) clockwise in y-down tile space, and a triangle without `m`.
    layer.addPolygon(7, [0, 0, 100, 0, 100, 100, 0, 100], 4, [10, 4.5, 1])
    layer.addPolygon(123456, [200, 200, 300, 200, 250, 300], 3, [10, NaN, 0.25])
    const tile = decode(encodeTile([layer]))
    const l = tile.layers.cells
    expect(l.version).toBe(2)
    expect(l.extent).toBe(EXTENT)
    expect(l.length).toBe(2)
    const a = l.feature(0)
    expect(a.id).toBe(7)
    expect(a.type).toBe(3)
    expect(a.properties).toEqual({ r: 10, m: 4.5, c: 1 })
    expect(a.loadGeometry()[0].map((p) => [p.x, p.y])).toEqual([[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]])
    const b = l.feature(1)
    expect(b.id).toBe(123456)
    expect(b.properties).toEqual({ r: 10, c: 0.25 })
    expect(b.loadGeometry()[0]).toHaveLength(4)
  })

  it('leaves empty layers out of the tile', () => {
    expect(decode(encodeTile([new TileLayerWriter('cells', ['r'])])).layers).toEqual({})
  })

  it('tile bounds and Web-Mercator agree: a tile corner projects to tile coordinate 0 or EXTENT', () => {
    const [w, s, e, n] = tileBounds(12, 3430, 1691)
    const scale = 2 ** 12 * EXTENT
    expect(mercatorX(w) * scale - 3430 * EXTENT).toBeCloseTo(0, 6)
    expect(mercatorX(e) * scale - 3430 * EXTENT).toBeCloseTo(EXTENT, 6)
    expect(mercatorY(n) * scale - 1691 * EXTENT).toBeCloseTo(0, 6)
    expect(mercatorY(s) * scale - 1691 * EXTENT).toBeCloseTo(EXTENT, 6)
  })
})

describe('cell shapes', () => {
  it('draws an H3 cell as its six vertices, with positive area in y-down tile space', () => {
    const cell = h3.latLngToCell(29.87, 121.55, 10)
    const [lat, lng] = h3.cellToLatLng(cell)
    const shapes = new CellShapes([cell], Float64Array.of(lng), Float64Array.of(lat))
    const z = 16
    const x = Math.floor(mercatorX(lng) * 2 ** z)
    const y = Math.floor(mercatorY(lat) * 2 ** z)
    const out = new Int32Array(64)
    const n = shapes.ring(0, 2 ** z * EXTENT, x * EXTENT, y * EXTENT, out)
    expect(n).toBe(6)
    // Each vertex is where H3 puts it (to the rounding of tile coordinates).
    const expected = h3.cellToBoundary(cell).map(([la, ln]) => [Math.round(mercatorX(ln) * 2 ** z * EXTENT - x * EXTENT), Math.round(mercatorY(la) * 2 ** z * EXTENT - y * EXTENT)])
    const got = Array.from({ length: n }, (_, k) => [out[2 * k], out[2 * k + 1]])
    expect(got.map(String).sort()).toEqual(expected.map(String).sort())
    let area = 0
    for (let i = 0, j = n - 1; i < n; j = i++) area += (got[j][0] - got[i][0]) * (got[j][1] + got[i][1])
    expect(area).toBeGreaterThan(0)
    // Second call reads the cached offsets and gives the same ring.
    const again = new Int32Array(64)
    expect(shapes.ring(0, 2 ** z * EXTENT, x * EXTENT, y * EXTENT, again)).toBe(6)
    expect(Array.from(again.slice(0, 12))).toEqual(Array.from(out.slice(0, 12)))
  })

  it('drops a cell too small to see at the zoom (fewer than three distinct points)', () => {
    const cell = h3.latLngToCell(29.87, 121.55, 10)
    const [lat, lng] = h3.cellToLatLng(cell)
    const shapes = new CellShapes([cell], Float64Array.of(lng), Float64Array.of(lat))
    expect(shapes.ring(0, 2 ** 2 * EXTENT, 3 * EXTENT, 1 * EXTENT, new Int32Array(64))).toBe(0)
  })
})
