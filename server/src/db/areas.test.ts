import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachBackend, openTestDatabase, type TestDatabase } from '../../../test/support/db'
import { areaContainsPoint, countAreas, distancesToStoredOutline, listAreaInfo, pointsInsideAnyArea, storeAreas, type AreaRow } from './areas'
import { createBatch } from './batches'

/** An axis-aligned square [w, s] – [w + size, s + size] in degrees. */
const square = (w: number, s: number, size: number): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [[[w, s], [w + size, s], [w + size, s + size], [w, s + size], [w, s]]],
})
const row = (record: number, code: string, level: 'city' | 'district', parent: string | null, geometry: GeoJSON.Polygon): AreaRow =>
  ({ record, code, name: `区${code}`, level, parent, attributes: {}, geometry })

describeEachBackend('area queries (db/areas.ts)', (backend) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase(backend)
    expect(await countAreas(t.db)).toBe(0)
    await t.db.transaction(async (tx) => {
      const batchId = await createBatch(tx, { kind: 'areas', fileName: null, format: 'test', sourceCrs: 'wgs84', mode: 'append', actor: 'test' })
      // City C: [121, 29]–[122, 30]; districts A (west half, south) and B (east, north), 0.1° squares.
      await storeAreas(tx, [
        row(1, 'C', 'city', null, square(121, 29, 1)),
        row(2, 'A', 'district', 'C', square(121.1, 29.1, 0.1)),
        row(3, 'B', 'district', 'C', square(121.7, 29.7, 0.1)),
      ], { batchId, mode: 'append' })
    })
  })
  afterAll(() => t?.dispose())

  it('counts and lists the areas by level, then code', async () => {
    expect(await countAreas(t.db)).toBe(3)
    expect(await listAreaInfo(t.db)).toEqual([
      { code: 'C', name: '区C', level: 'city', parent: null },
      { code: 'A', name: '区A', level: 'district', parent: 'C' },
      { code: 'B', name: '区B', level: 'district', parent: 'C' },
    ])
  })

  it('tells whether an area contains a point (false for an unknown code)', async () => {
    expect(await areaContainsPoint(t.db, 'A', 121.15, 29.15)).toBe(true)
    expect(await areaContainsPoint(t.db, 'B', 121.15, 29.15)).toBe(false)
    expect(await areaContainsPoint(t.db, 'C', 121.15, 29.15)).toBe(true)
    expect(await areaContainsPoint(t.db, 'nope', 121.15, 29.15)).toBe(false)
  })

  it('tells for each point, in order, whether any area contains it', async () => {
    expect(await pointsInsideAnyArea(t.db, [[121.5, 29.5], [120.5, 29.5], [121.75, 29.75], [123, 31]])).toEqual([true, false, true, false])
    expect(await pointsInsideAnyArea(t.db, [])).toEqual([])
  })

  it('measures the Hausdorff distance to a stored outline: 0 for itself, the shift for a shifted copy', async () => {
    const d = await distancesToStoredOutline(t.db, 'A', [square(121.1, 29.1, 0.1), square(121.105, 29.1, 0.1), square(121.1, 29.1, 0.05)])
    expect(d).toHaveLength(3)
    expect(d![0]).toBeCloseTo(0, 12)
    expect(d![1]).toBeCloseTo(0.005, 12)
    // Half the square: its far corner (121.2, 29.2) is 0.05·√2 from the nearest point of the small one.
    expect(d![2]).toBeCloseTo(0.05 * Math.SQRT2, 12)
    expect(await distancesToStoredOutline(t.db, 'nope', [square(0, 0, 1)])).toBeUndefined()
  })
})
