import * as h3 from 'h3-js'
import { beforeAll, expect, it } from 'vitest'
import { GapsResponse } from '../../server/src/contract/responses'
import { distanceM } from '../../server/src/engine'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// One gap: a disk of 37 res-10 cells (3 rings), 10 children aged 3–5 in each, no street network,
// the only kindergarten 5 km away. At 4 km/h × 1.3 detour, 5 minutes reach 333.3 / 1.3 = 256.4 m
// in a straight line: a kindergarten at a cell covers the cells whose centroids lie within 256.4 m
// (at the centre: the centre and its two rings, 19 cells, 190 children).
const centre = h3.latLngToCell(29.9, 121.5, 10)
const disk = h3.gridDisk(centre, 3)
const centroid = (c: string): [number, number] => {
  const [lat, lng] = h3.cellToLatLng(c)
  return [lng, lat]
}
const popCsv = 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' + disk.map((c) => `${c},20,0,10,0,0,10,0`).join('\n') + '\n'
const far = [121.55, 29.9]
const kindergarten = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'FAR', type: 'kindergarten' }, geometry: { type: 'Point', coordinates: far } }] })

describeEachBackend('gap pieces through /api/gaps?pieces=1', (backend) => {
  const h = useServer(backend)
  beforeAll(async () => {
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', popCsv)).status).toBe(200)
    expect((await h.s.admin.post('/api/import/facilities?filename=f.geojson', kindergarten)).status).toBe(200)
  })

  it('without pieces=1 the gaps carry no pieces', async () => {
    const r = await h.s.get('/api/gaps?type=kindergarten')
    expect(r.status).toBe(200)
    expect(r.body.features).toHaveLength(1)
    expect(r.body.features[0].properties).toMatchObject({ rank: 1, targetPopulation: 370, cells: 37 })
    expect(r.body.features[0].properties.pieces).toBeUndefined()
  })

  it('splits the gap into facility-sized pieces; the first is the best site and what it covers (by hand)', async () => {
    const r = await h.s.get('/api/gaps?type=kindergarten&pieces=1')
    expect(GapsResponse.safeParse(r.body).error).toBeUndefined()
    const gap = r.body.features[0].properties
    const reachM = (5 * 4000) / 60 / 1.3
    const reach = (site: string) => disk.filter((c) => distanceM(...centroid(site), ...centroid(c)) <= reachM)
    // The centre and each of its 6 neighbours reach 19 cells (their own two rings lie inside the
    // disk); no cell reaches more. Ties go to the first candidate: cells are in h3 order.
    const best = Math.max(...disk.map((c) => reach(c).length))
    expect(best).toBe(19)
    const site = disk.filter((c) => reach(c).length === best).sort()[0]
    expect(h3.gridDistance(site, centre)).toBeLessThanOrEqual(1)
    const [first] = gap.pieces
    expect(first).toMatchObject({ piece: 1, targetPopulation: 190, cells: 19 })
    expect(first.site[0]).toBeCloseTo(centroid(site)[0], 6)
    expect(first.site[1]).toBeCloseTo(centroid(site)[1], 6)
    expect(first.area).toBeCloseTo(reach(site).reduce((s, c) => s + h3.cellArea(c, 'km2'), 0), 9)
    // The pieces account for the whole gap; every piece is smaller than one catchment.
    const total = gap.pieces.reduce((s: number, p: any) => s + p.targetPopulation, 0) + gap.piecesUncovered
    expect(total).toBeCloseTo(370, 9)
    expect(gap.piecesUncovered).toBe(0)
    expect(gap.pieces.reduce((s: number, p: any) => s + p.cells, 0)).toBe(37)
    for (const p of gap.pieces) expect(p.targetPopulation).toBeLessThanOrEqual(190)
    expect(gap.pieces.length).toBeGreaterThan(1)
  })

  it("each piece's residents are what one new facility at its site covers (siting and a scenario agree)", async () => {
    const { pieces } = (await h.s.get('/api/gaps?type=kindergarten&pieces=1')).body.features[0].properties
    const siting = await h.s.planner.post('/api/siting', { type: 'kindergarten', k: 1 })
    expect(siting.body.sites[0].gain).toBe(pieces[0].targetPopulation)
    const { body: { id } } = await h.s.planner.post('/api/scenarios', { name: 'pieces' })
    let covered = 0
    for (const p of pieces.slice(0, 3)) {
      const add = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { type: 'kindergarten', lng: p.site[0], lat: p.site[1] } })
      covered += p.targetPopulation
      expect(add.body.delta[0].coveredGain).toBeCloseTo(p.targetPopulation, 9)
    }
    const after = await h.s.get(`/api/coverage?type=kindergarten&scenario=${id}`)
    expect(after.body.areas[0].coveredPopulation).toBeCloseTo(covered, 9)
  })

  it('rank= answers that gap alone, with the same pieces', async () => {
    const all = (await h.s.get('/api/gaps?type=kindergarten&pieces=1')).body
    const one = (await h.s.get('/api/gaps?type=kindergarten&pieces=1&rank=1')).body
    expect(one.total).toBe(1)
    expect(one.features).toEqual(all.features)
    expect((await h.s.get('/api/gaps?type=kindergarten&rank=2')).body.features).toEqual([])
  })

  it('a capacity makes pieces of at most that many residents', async () => {
    const r = await h.s.get('/api/gaps?type=kindergarten&pieces=1&capacity=50')
    const { pieces, piecesUncovered } = r.body.features[0].properties
    expect(pieces[0].targetPopulation).toBe(50)
    for (const p of pieces) expect(p.targetPopulation).toBeLessThanOrEqual(50)
    expect(pieces.reduce((s: number, p: any) => s + p.targetPopulation, 0) + piecesUncovered).toBeCloseTo(370, 9)
    expect((await h.s.get('/api/gaps?type=kindergarten&pieces=yes')).status).toBe(400)
  })
})
