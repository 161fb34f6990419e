import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachBackend, openTestDatabase, type TestDatabase } from '../../../test/support/db'
import { CatalogueSchema, ModeSchema } from '../contract/catalogue'
import { loadCatalogueFile } from '../services/catalogue'
import { readCatalogue, syncCatalogue } from './catalogue'

it('validates mode road speeds: barred = 0, no unknown keys, no negative speeds', () => {
  const base = { code: 'ebike', name: { zh: '电动自行车', en: 'E-bike' }, speedKmh: 18, network: 'bike' }
  expect(ModeSchema.safeParse({ ...base, accessSpeedKmh: 4, roads: { speedKmh: { trunk: 15, steps: 0 }, capKmh: 25 } }).success).toBe(true)
  const bad = ModeSchema.safeParse({ ...base, accessSpeedKmh: 0, roads: { speedKmh: { trunk: -1, 'Bad Class': 3 }, maxspeed: 0.8 } })
  expect(bad.success).toBe(false)
  const paths = bad.error!.issues.map((i) => i.path.join('.'))
  expect(paths).toEqual(expect.arrayContaining(['accessSpeedKmh', 'roads.speedKmh.trunk', 'roads.speedKmh.Bad Class', 'roads']))
})

it('ships walking at one speed and road-class speeds for bike, e-bike and car', () => {
  const c = loadCatalogueFile()
  expect(CatalogueSchema.parse(c)).toBeTruthy()
  const byCode = Object.fromEntries(c.modes.map((m) => [m.code, m]))
  expect(byCode.walk.roads).toBeUndefined()
  expect(byCode.ebike.roads?.speedKmh?.steps).toBe(0)
  expect(byCode.car.roads?.speedKmh?.living_street).toBeLessThan(byCode.car.speedKmh)
})

describeEachBackend('catalogue in the database', (backend) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await openTestDatabase(backend)
  })
  afterAll(() => t?.dispose())

  it('stores and reads back access speeds and road speeds exactly (migration 004)', async () => {
    const file = loadCatalogueFile()
    expect((await readCatalogue(t.db)).modes).toEqual(file.modes.map(({ code, name, speedKmh, network, accessSpeedKmh, roads }) =>
      ({ code, name, speedKmh, network, ...(accessSpeedKmh !== undefined ? { accessSpeedKmh } : {}), ...(roads ? { roads } : {}) })))
    const rural = { code: 'rural_ebike', name: { zh: '步行+电动车', en: 'Walk + e-bike' }, speedKmh: 18, network: 'bike' as const, accessSpeedKmh: 4, roads: { capKmh: 25 } }
    const changed = await t.db.transaction((tx) => syncCatalogue(tx, { ...file, modes: [...file.modes, rural] }))
    expect(changed).toBe(true)
    const modes = (await readCatalogue(t.db)).modes
    expect(modes[modes.length - 1]).toEqual(rural)
    expect(await t.db.transaction((tx) => syncCatalogue(tx, { ...file, modes: [...file.modes, rural] }))).toBe(false)
  })
})
