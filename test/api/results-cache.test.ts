import http from 'node:http'
import * as h3 from 'h3-js'
import { beforeAll, expect, it, vi } from 'vitest'
import { coverage } from '../../server/src/services/analysis/coverage'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'
import { townDistrictGeojson, townFacilitiesCsv, townPopulationCsv } from '../reliability/data'

// Cached analysis answers through the real app: one computation for many identical cold
// requests, and never an answer from before an edit, an undo or an import.
describeEachBackend('cached analysis answers', (backend) => {
  const h = useServer(backend)
  const centre = h3.latLngToCell(29.87, 121.55, 10)
  // An outer cell of the town, far from every kindergarten: a facility there covers new children.
  const [edgeLat, edgeLng] = h3.cellToLatLng(h3.gridRing(centre, 11)[0])
  beforeAll(async () => {
    expect((await h.s.admin.post('/api/import/areas?filename=a.geojson', townDistrictGeojson())).status).toBe(200)
    expect((await h.s.admin.post('/api/import/population?filename=p.csv', townPopulationCsv())).status).toBe(200)
    expect((await h.s.admin.post('/api/import/facilities?filename=f.csv', townFacilitiesCsv())).status).toBe(200)
  })

  it('200 identical cold requests compute the answer once, and it equals an uncached computation', async () => {
    const spy = vi.spyOn(h.s.services.analysis, 'resolve')
    const path = '/api/coverage?type=kindergarten&minutes=7'
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(h.s.url + path).then(async (r) => ({ status: r.status, text: await r.text() }))))
    expect(spy).toHaveBeenCalledTimes(1)
    spy.mockRestore()
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(new Set(answers.map((a) => a.text)).size).toBe(1)
    expect(JSON.parse(answers[0].text)).toEqual(await coverage(h.s.services.analysis, { type: 'kindergarten', minutes: 7 }))
    // The same query spelt differently is the same answer (parsed, then keyed).
    const spy2 = vi.spyOn(h.s.services.analysis, 'resolve')
    expect((await h.s.get('/api/coverage?minutes=7.0&type=kindergarten')).body).toEqual(JSON.parse(answers[0].text))
    expect(spy2).not.toHaveBeenCalled()
    spy2.mockRestore()
  })

  it('answers 304 to a client that holds the current answer', async () => {
    const first = await fetch(h.s.url + '/api/coverage?type=kindergarten')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]+-/)
    // node:http, not fetch: fetch marks a conditional request `Cache-Control: no-cache` (as a
    // browser revalidating its own cache does not).
    const status = await new Promise<number>((resolve, reject) =>
      http.get(h.s.url + '/api/coverage?type=kindergarten', { headers: { 'if-none-match': etag } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject),
    )
    expect(status).toBe(304)
  })

  it('a scenario edit is visible to the very next read, on every cached route; an undo too', async () => {
    const { body: created } = await h.s.planner.post('/api/scenarios', { name: 'cache' })
    const id = created.id
    const read = async () => ({
      coverage: (await h.s.get(`/api/coverage?type=kindergarten&scenario=${id}`)).body.total,
      cells: (await h.s.get(`/api/cells?type=kindergarten&scenario=${id}`)).body as { h3: string; minutes: number }[],
      gaps: ((await h.s.get(`/api/gaps?type=kindergarten&scenario=${id}&minPopulation=1`)).body.features as { properties: { targetPopulation: number } }[])
        .reduce((sum, f) => sum + f.properties.targetPopulation, 0),
      compare: (await h.s.get(`/api/scenarios/${id}/compare?type=kindergarten`)).body.total.coveredGain as number,
    })
    const before = await read()
    await read() // now every answer is cached
    const edit = await h.s.planner.post(`/api/scenarios/${id}/changes`, { op: 'add', facility: { id: 'new', type: 'kindergarten', lng: edgeLng, lat: edgeLat } })
    expect(edit.status).toBe(200)
    const gain = edit.body.delta[0].coveredGain
    expect(gain).toBeGreaterThan(0)
    const after = await read()
    expect(after.coverage.coveredPopulation).toBe(before.coverage.coveredPopulation + gain)
    const byCell = new Map(after.cells.map((c) => [c.h3, c.minutes]))
    expect(byCell.get(h3.gridRing(centre, 11)[0])).toBeLessThan(before.cells.find((c) => c.h3 === h3.gridRing(centre, 11)[0])!.minutes)
    expect(after.gaps).toBe(before.gaps - gain) // children left out of every gap
    expect(after.compare).toBe(before.compare + gain)
    // The baseline is untouched by the scenario.
    const baseline = (await h.s.get('/api/coverage?type=kindergarten')).body.total
    expect(baseline.coveredPopulation).toBe(before.coverage.coveredPopulation)

    const undo = await fetch(`${h.s.url}/api/scenarios/${id}/changes/${edit.body.change.id}`, { method: 'DELETE', headers: await h.s.planner.auth() })
    expect(undo.status).toBe(204)
    const undone = await read()
    expect(undone.coverage).toEqual(before.coverage)
    expect(undone.cells).toEqual(before.cells)
  })

  it('an import is visible to the very next read', async () => {
    const before = (await h.s.get('/api/coverage?type=kindergarten')).body.total.coveredPopulation
    const csv = `id,name,type,lng,lat\nedge,边缘幼儿园,kindergarten,${edgeLng},${edgeLat}\n`
    expect((await h.s.admin.post('/api/import/facilities?filename=edge.csv', csv)).status).toBe(200)
    const after = (await h.s.get('/api/coverage?type=kindergarten')).body.total.coveredPopulation
    expect(after).toBeGreaterThan(before)
  })
})
