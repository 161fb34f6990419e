/**
 * The second same-edge case, hand-computed, through the API and against the withPoints reference:
 * a cell and a facility on one street segment where going *around* (out to the segment's ends
 * and back along another street) is shorter than walking along the segment between them.
 *
 *   a U-shaped footway A → (−100, 300) → (100, 300) → B (700 m, one segment: no junction inside)
 *   and a straight street A = (−100, 0) → B = (100, 0) (200 m), metres east/north of a base point;
 *   facility at (−110, 20): 10 m from the U's west arm, 20 m along it from A;
 *   cell centre at (110, 30): 10 m from the U's east arm, 30 m along it from B.
 * Along the U between them: 700 − 20 − 30 = 650 m; around: 20 + 200 + 30 = 250 m. With both legs:
 * 10 + 250 + 10 = 270 m = 4.05 min at 4 km/h. pgRouting (which splits the edge at both points)
 * and circle15 must both say 4.05.
 *
 * Needs TEST_DATABASE_URL (pgRouting), like withpoints-agreement.test.ts.
 */
import { cellToLatLng, gridDisk } from 'h3-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WALK_PROFILE, segmentDirections } from '../../server/src/engine/street-profile'
import { parseFile } from '../../server/src/formats/index'
import { type ScratchDatabase, openScratchDatabase, probeRoutingDatabase } from '../../scripts/bench/pg-network'
import { BACKENDS, openTestDatabase } from '../support/db'
import { startTestServer } from '../support/server'
import { type Reference, withPointsReference } from './withpoints-reference'

const url = process.env.TEST_DATABASE_URL
const probe = !url ? { skip: 'TEST_DATABASE_URL is not set (the reference needs PostgreSQL with pgRouting)' } : await probeRoutingDatabase(url)
const skipReason = 'skip' in probe ? probe.skip : null

// The cell first (its centre is fixed by H3), then everything else placed around it.
const CELL = '8a30994a64dffff'
const [cellLat, cellLng] = cellToLatLng(CELL)
const R = 6_371_008.8, RAD = Math.PI / 180
const at = (east: number, north: number): [number, number] => {
  const lat = cellLat + (north - 30) / (R * RAD)
  return [cellLng + (east - 110) / (R * RAD * Math.cos(((lat + cellLat) / 2) * RAD)), lat]
}
const streets = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'LineString', coordinates: [at(-100, 0), at(-100, 300), at(100, 300), at(100, 0)] } },
    { type: 'Feature', properties: { highway: 'residential' }, geometry: { type: 'LineString', coordinates: [at(-100, 0), at(100, 0)] } },
  ],
}
const facility = at(-110, 20)
const cells = gridDisk(CELL, 1).sort()
const EXPECTED_MIN = (270 * 60) / 4000

describe.skipIf(skipReason !== null)(`same segment, around the block shorter than along it${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let scratch: ScratchDatabase
  let ref: Reference

  beforeAll(async () => {
    const { segments } = await parseFile(Buffer.from(JSON.stringify(streets)), { fileName: 'u.geojson', expect: 'streets' })
    const open = segments!.filter((s) => segmentDirections(s.tags, WALK_PROFILE) !== 0)
    expect(open).toHaveLength(2)
    const opened = await openScratchDatabase(url!, 'withpoints_same_edge')
    if ('skip' in opened) throw new Error(opened.skip)
    scratch = opened
    const centres = cells.map((c) => cellToLatLng(c))
    ref = await withPointsReference(scratch.db, {
      segments: open.map((s) => ({ source: s.source, target: s.target, coords: s.coords, highway: s.tags.highway })),
      cells: { lng: Float64Array.from(centres, (c) => c[1]), lat: Float64Array.from(centres, (c) => c[0]) },
      facilities: { lng: Float64Array.of(facility[0]), lat: Float64Array.of(facility[1]) },
      rules: { snapLimitM: 500, detourFactor: 1.3, speedKmh: 4, accessSpeedKmh: 4, minComponentNodes: 40 },
    })
  })
  afterAll(async () => {
    await scratch?.dispose()
  })

  it('the reference: on the facility\'s segment, pgRouting goes around (4.05 min)', () => {
    const c = ref.cells[cells.indexOf(CELL)]
    expect(c.sameEdge).toBe(true)
    expect(c.aroundShorter).toBe(true)
    expect(c.legM).toBeCloseTo(10, 2)
    expect(ref.facilities[0].legM).toBeCloseTo(10, 2)
    expect(c.minutes).toBeCloseTo(EXPECTED_MIN, 3)
  })

  for (const backend of BACKENDS) {
    it(`[${backend}] the API says the same for every cell, 4.05 min for the one on the U`, async () => {
      const t = await openTestDatabase(backend)
      const s = await startTestServer(t.db)
      try {
        expect((await s.admin.post('/api/import/roads?filename=u.geojson', JSON.stringify(streets))).status).toBe(200)
        expect((await s.admin.post('/api/import/population?filename=p.csv', 'h3,population\n' + cells.map((c) => `${c},100`).join('\n'))).status).toBe(200)
        const features = [{ type: 'Feature', properties: { id: 'HC', type: 'health_center' }, geometry: { type: 'Point', coordinates: facility } }]
        expect((await s.admin.post('/api/import/facilities?filename=f.geojson', { type: 'FeatureCollection', features })).status).toBe(200)
        const r = await s.get('/api/cells?type=health_center&mode=walk')
        expect(r.status).toBe(200)
        const api = new Map<string, number | null>(r.body.map((c: { h3: string; minutes: number | null }) => [c.h3, c.minutes]))
        expect(api.get(CELL)).toBeCloseTo(EXPECTED_MIN, 2)
        cells.forEach((c, i) => expect(Math.abs(api.get(c)! - ref.cells[i].minutes), c).toBeLessThanOrEqual(0.01))
      } finally {
        await s.close()
        await t.dispose()
      }
    })
  }
})
