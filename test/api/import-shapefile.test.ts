import proj4 from 'proj4'
import { expect, it } from 'vitest'
import { CGCS2000_GK_120, shapefileZip } from '../fixtures/shapefile'
import { describeEachBackend } from '../support/db'
import { useServer } from '../support/server'

// A county bureau's files: GBK attributes, coordinates in CGCS2000 / 3-degree Gauss–Krüger 120° E.
const gk = proj4(CGCS2000_GK_120)
const square = (lng: number, lat: number, d: number) => ({ type: 'Polygon' as const, coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]].map((p) => gk.forward(p))] })

describeEachBackend('zipped Shapefile imports', (backend) => {
  const h = useServer(backend)

  it('imports GBK-named areas from a projected Shapefile, reprojected to WGS84', async () => {
    const zip = await shapefileZip({
      encoding: 'gbk', cpg: 'GBK', prj: CGCS2000_GK_120,
      features: [
        { geometry: square(121.2, 30.1, 0.02), properties: { code: 'Z1', name: '周巷镇', level: 'township' } },
        { geometry: square(121.22, 30.1, 0.02), properties: { code: 'Z2', name: '龙山镇', level: 'township' } },
      ],
    })
    const r = await h.s.admin.post('/api/import/areas?filename=towns.zip', zip)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ imported: 2, format: 'shapefile' })
    const areas = await h.s.get('/api/areas?level=township')
    expect(areas.body.features.map((f: any) => f.properties.name)).toEqual(['周巷镇', '龙山镇'])
    const ring = areas.body.features[0].geometry.coordinates[0][0]
    for (const p of ring) {
      expect([121.2, 121.22].some((x) => Math.abs(p[0] - x) < 1e-6)).toBe(true)
      expect([30.1, 30.12].some((y) => Math.abs(p[1] - y) < 1e-6)).toBe(true)
    }
  })

  it('refuses a facilities Shapefile with one bad record, naming it, and stores none', async () => {
    const zip = await shapefileZip({
      encoding: 'gbk', ldid: 0x4d, prj: CGCS2000_GK_120,
      features: [
        { geometry: { type: 'Point', coordinates: gk.forward([121.21, 30.11]) }, properties: { id: 'S1', name: '周巷卫生院', type: 'health_center' } },
        { geometry: { type: 'Point', coordinates: gk.forward([121.23, 30.11]) }, properties: { id: 'S2', name: '龙山卫生室', type: 'clinic' } },
      ],
    })
    const r = await h.s.admin.post('/api/import/facilities?filename=f.zip', zip)
    expect(r.status).toBe(400)
    expect(r.body.error.details[0]).toMatchObject({ record: 2, field: 'type' })
    expect((await h.s.get('/api/facilities')).body.features).toEqual([])
    const good = await shapefileZip({ encoding: 'gbk', ldid: 0x4d, prj: CGCS2000_GK_120, features: [{ geometry: { type: 'Point', coordinates: gk.forward([121.21, 30.11]) }, properties: { id: 'S1', name: '周巷卫生院', type: 'health_center' } }] })
    expect((await h.s.admin.post('/api/import/facilities?filename=f.zip', good)).status).toBe(200)
    const f = (await h.s.get('/api/facilities')).body.features[0]
    expect(f.properties.name).toBe('周巷卫生院')
    expect(f.geometry.coordinates[0]).toBeCloseTo(121.21, 6)
  })

  it('imports roads from a lines Shapefile', async () => {
    const zip = await shapefileZip({
      cpg: 'UTF-8',
      features: [
        { geometry: { type: 'LineString', coordinates: [[121.2, 30.1], [121.21, 30.1]] }, properties: { highway: 'tertiary', name: '三北大街' } },
        { geometry: { type: 'LineString', coordinates: [[121.21, 30.1], [121.21, 30.11]] }, properties: { highway: 'residential', name: '北路' } },
      ],
    })
    const r = await h.s.admin.post('/api/import/roads?filename=roads.zip', zip)
    expect(r.status).toBe(200)
    expect(r.body.imported).toBe(2)
  })
})
