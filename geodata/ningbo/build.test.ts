/**
 * Checks the COMMITTED Ningbo demo files (it does not rebuild them: `npm run build:demo` does, and
 * prints their SHA-256, also kept in SHA256SUMS). Two checks compare with the project's shared
 * reference data in ../shared/data/ningbo and ../shared/seed; they are skipped, saying so, where
 * that folder is absent (a user's fresh clone).
 */
import { parse } from 'csv-parse/sync'
import { getResolution, isValidCell } from 'h3-js'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { AGE_GROUPS, DISTRICTS, districtAgeTotals } from './lib/census'
import { compareDistricts } from './lib/compare'
import { findCrossings, geometryToMultiPoly, indexPoly, type IndexedPoly, pointInPoly } from './lib/geometry'
import { TABLE_ROWS } from './lib/indicators'

const HERE = dirname(fileURLToPath(import.meta.url))
const GEODATA = join(HERE, '..')
const SHARED = join(HERE, '..', '..', '..', 'shared')

/** The plan's and the census's figures, written out here independently of the build. */
const CENSUS: Record<string, number> = {
  '330203': 1_041_285, '330205': 488_885, '330206': 829_448, '330211': 531_830, '330212': 1_588_187,
  '330213': 577_505, '330225': 567_665, '330226': 695_958, '330281': 1_254_032, '330282': 1_829_488,
}
const PORTFOLIO: Record<string, [number, number]> = {
  childcare: [1, 180], education: [20, 3014], employment: [1, 180], health: [20, 2574], elderly: [1, 43], service_circle: [11, 2943],
}
const NAMED = ['清林闲庭地块新建学校项目', '镇海中学甬江校区二期工程', '宁波大学附属人民医院(鄞州人民医院)西院区一期改扩建工程', '慈溪市龙头山地块建设']

interface AreaFeature {
  properties: { code: string; name: string; level: string; parent: string | null; modelled: boolean; source: string }
  geometry: { type: string; coordinates: unknown }
}
interface FacilityFeature {
  properties: { id: string; name: string; type: string; capacity: number; status: string; synthetic: boolean }
  geometry: { type: string; coordinates: [number, number] }
}

const areas = (JSON.parse(readFileSync(join(HERE, 'areas.geojson'), 'utf8')) as { features: AreaFeature[] }).features
const city = areas.filter((f) => f.properties.level === 'city')
const districts = areas.filter((f) => f.properties.level === 'district')
const townships = areas.filter((f) => f.properties.level === 'township')
const polys = new Map<string, IndexedPoly>(areas.map((f) => [f.properties.code, indexPoly(geometryToMultiPoly(f.geometry))]))

const rows = (gunzipSync(readFileSync(join(HERE, 'population.csv.gz'))).toString('utf8').trimEnd().split('\n'))
const header = rows.shift()!
const cells = rows.map((line) => {
  const [h3, ...nums] = line.split(',')
  return { h3, values: nums.map(Number) }
})
const facilities = (JSON.parse(gunzipSync(readFileSync(join(HERE, 'facilities.geojson.gz'))).toString('utf8')) as { features: FacilityFeature[] }).features
const projects = parse(readFileSync(join(HERE, 'projects.csv'), 'utf8'), { columns: true }) as Record<string, string>[]
const indicators = JSON.parse(readFileSync(join(GEODATA, 'indicators.json'), 'utf8')) as {
  indicators: { number: number; domain: { zh: string; code: string }; name: { zh: string; en: string }; target: { raw: string; op: string }; leadAgency: { zh: string; en: string }; computable: unknown }[]
}
const catalogue = JSON.parse(readFileSync(join(GEODATA, 'catalogue.json'), 'utf8')) as { domains: { code: string }[]; types: { code: string }[] }

describe('Ningbo demo: areas', () => {
  it('has the city, its 10 districts and 162 townships, each with a parent', () => {
    expect(city.map((f) => f.properties.code)).toEqual(['330200'])
    expect(districts.map((f) => f.properties.code).sort()).toEqual(Object.keys(CENSUS).sort())
    expect(districts.every((f) => f.properties.parent === '330200')).toBe(true)
    expect(townships).toHaveLength(162)
    const codes = new Set(areas.map((f) => f.properties.code))
    expect(codes.size).toBe(areas.length)
    for (const t of townships) {
      expect(t.properties.code).toMatch(/^3302\d{5}$/)
      expect(t.properties.code.slice(0, 6)).toBe(t.properties.parent)
      expect(Object.keys(CENSUS)).toContain(t.properties.parent)
      expect(t.properties.name.length).toBeGreaterThan(1)
      expect(t.properties.modelled).toBe(true)
      expect(t.properties.source).toMatch(/MODELLED/)
    }
    for (const f of areas) expect(f.geometry.type).toBe('MultiPolygon')
  })
})

describe('Ningbo demo: area geometry', () => {
  // PostGIS's ST_IsValid was checked on these files when they were built (all 173 valid); here the
  // parts of that check that can go wrong in our pipeline, without starting PostGIS.
  it('has closed rings without repeated vertices and no crossing edges', () => {
    const problems: string[] = []
    for (const f of areas) {
      for (const poly of f.geometry.coordinates as number[][][][])
        for (const ring of poly) {
          const first = ring[0], last = ring[ring.length - 1]
          if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1]) problems.push(`${f.properties.code}: ring not closed`)
          const keys = ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)
          if (new Set(keys).size !== keys.length) problems.push(`${f.properties.code}: ring touches itself`)
        }
    }
    for (const group of [districts, townships, city])
      for (const f of group) if (findCrossings([geometryToMultiPoly(f.geometry)]).length) problems.push(`${f.properties.code}: edges cross`)
    expect(problems).toEqual([])
  })
})

describe('Ningbo demo: population grid', () => {
  it('has the columns of the API and valid, unique res-10 cells', () => {
    expect(header).toBe(`h3,population,${AGE_GROUPS.join(',')}`)
    expect(new Set(cells.map((c) => c.h3)).size).toBe(cells.length)
    expect(cells.filter((c) => !isValidCell(c.h3) || getResolution(c.h3) !== 10).map((c) => c.h3)).toEqual([])
  })

  it('has integer age groups that sum to each cell’s total', () => {
    const bad = cells.filter((c) => {
      const [population, ...ages] = c.values
      return ages.length !== 6 || !c.values.every((v) => Number.isInteger(v) && v >= 0) || population <= 0 || ages.reduce((s, v) => s + v, 0) !== population
    })
    expect(bad.map((c) => c.h3)).toEqual([])
  })

  it('puts every cell centre in exactly one district and one of its townships, with census totals exact', async () => {
    const { cellToLatLng } = await import('h3-js')
    const totals: Record<string, number> = {}
    const ages: Record<string, number[]> = {}
    const districtCodes = districts.map((d) => d.properties.code)
    const townshipsOf = new Map(districtCodes.map((d) => [d, townships.filter((t) => t.properties.parent === d).map((t) => t.properties.code)]))
    const misplaced: string[] = []
    for (const c of cells) {
      const [lat, lng] = cellToLatLng(c.h3)
      const inDistricts = districtCodes.filter((d) => pointInPoly(polys.get(d)!, lng, lat))
      const d = inDistricts[0]
      if (
        inDistricts.length !== 1 ||
        !pointInPoly(polys.get('330200')!, lng, lat) ||
        townshipsOf.get(d)!.filter((t) => pointInPoly(polys.get(t)!, lng, lat)).length !== 1
      ) {
        misplaced.push(c.h3)
        continue
      }
      totals[d] = (totals[d] ?? 0) + c.values[0]
      ages[d] = (ages[d] ?? [0, 0, 0, 0, 0, 0]).map((v, g) => v + c.values[g + 1])
    }
    expect(misplaced).toEqual([])
    expect(totals).toEqual(CENSUS)
    expect(Object.values(totals).reduce((s, v) => s + v, 0)).toBe(9_404_283)
    for (const d of DISTRICTS) expect(ages[d.code], d.name).toEqual(districtAgeTotals(d))
  })
})

describe('Ningbo demo: facilities', () => {
  it('covers every catalogue type with existing facilities, marked synthetic', () => {
    const types = new Set(facilities.filter((f) => f.properties.status === 'existing').map((f) => f.properties.type))
    for (const t of catalogue.types) expect(types.has(t.code), t.code).toBe(true)
    expect(new Set(facilities.map((f) => f.properties.id)).size).toBe(facilities.length)
    const bad = facilities.filter((f) => {
      const p = f.properties
      return (
        !/^demo-[a-z-]+-\d{4}$/.test(p.id) ||
        !['existing', 'planned', 'under_construction'].includes(p.status) ||
        p.synthetic !== true ||
        !(p.capacity > 0) ||
        !catalogue.types.some((t) => t.code === p.type) ||
        f.geometry.type !== 'Point' ||
        !pointInPoly(polys.get('330200')!, f.geometry.coordinates[0], f.geometry.coordinates[1])
      )
    })
    expect(bad.map((f) => f.properties.id)).toEqual([])
  })

  it('has the plan’s 4.4 childcare places per 1,000 residents', () => {
    const places = facilities.filter((f) => f.properties.type === 'childcare' && f.properties.status === 'existing').reduce((s, f) => s + f.properties.capacity, 0)
    expect((places / 9_404_283) * 1000).toBeCloseTo(4.4, 3)
  })
})

describe('Ningbo demo: projects', () => {
  it('matches the plan’s 2024 portfolio exactly', () => {
    expect(projects).toHaveLength(54)
    const cents = (p: Record<string, string>) => Math.round(Number(p.investment) * 100)
    for (const [domain, [count, total]] of Object.entries(PORTFOLIO)) {
      const ps = projects.filter((p) => p.group === domain)
      expect(new Set(ps.map((p) => p.domain)), domain).toEqual(new Set([domain]))
      expect(ps, domain).toHaveLength(count)
      expect(ps.reduce((s, p) => s + cents(p), 0), domain).toBe(total)
    }
    expect(projects.reduce((s, p) => s + cents(p), 0)).toBe(8934)
    const domains = new Set(catalogue.domains.map((d) => d.code))
    expect(projects.filter((p) => !domains.has(p.domain)).map((p) => p.id)).toEqual([])
    expect(projects.filter((p) => p.status === 'continuing')).toHaveLength(33)
    expect(projects.filter((p) => p.status === 'new')).toHaveLength(21)
    expect(projects.every((p) => p.year === '2024')).toBe(true)
    for (const name of NAMED) expect(projects.find((p) => p.name === name)?.placeholder, name).toBe('false')
    expect(projects.filter((p) => p.placeholder === 'true')).toHaveLength(50)
  })

  it('links only planned or under-construction facilities that exist', () => {
    const byId = new Map(facilities.map((f) => [f.properties.id, f.properties]))
    for (const p of projects) {
      expect(p.facility_ids !== '' || p.lng !== '', p.id).toBe(true)
      for (const id of p.facility_ids.split(';').filter(Boolean)) {
        expect(byId.get(id), `${p.id} → ${id}`).toBeDefined()
        expect(byId.get(id)!.status).not.toBe('existing')
      }
    }
  })
})

describe('Ningbo demo: indicators', () => {
  it('has the plan’s 30 indicators, bilingual, with targets and lead agencies', () => {
    expect(indicators.indicators.map((i) => i.number)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    for (const i of indicators.indicators) {
      expect(i.name.zh && i.name.en && i.leadAgency.zh && i.leadAgency.en && i.target.raw && i.domain.code, String(i.number)).toBeTruthy()
    }
    expect(indicators.indicators[2]).toMatchObject({ name: { zh: '每千人口拥有3岁以下婴幼儿托位数' }, target: { raw: '4.4', op: '=' } })
    expect(indicators.indicators[2].computable).not.toBeNull()
  })
})

describe('Ningbo demo: checksums', () => {
  it('matches SHA256SUMS', () => {
    const lines = readFileSync(join(HERE, 'SHA256SUMS'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(8)
    for (const line of lines) {
      const [sum, path] = line.split(/\s+/)
      expect(createHash('sha256').update(readFileSync(join(GEODATA, path))).digest('hex'), path).toBe(sum)
    }
  })
})

const hasShared = existsSync(join(SHARED, 'data', 'ningbo', 'districts.wgs84.geojson'))
describe.skipIf(!hasShared)('Ningbo demo vs ../shared reference data (needs ../shared; skipped without it)', () => {
  it('districts match the reference WGS84 boundaries closely', () => {
    const ours = districts.map((f) => ({ code: f.properties.code, name: f.properties.name, geometry: geometryToMultiPoly(f.geometry) }))
    const rows = compareDistricts(ours, JSON.parse(readFileSync(join(SHARED, 'data', 'ningbo', 'districts.wgs84.geojson'), 'utf8')))
    for (const r of rows) {
      expect(r.iou, r.name).toBeGreaterThan(0.96)
      expect(Math.abs(r.areaDiffPct), r.name).toBeLessThan(1.5)
      expect(r.meanOffsetM, r.name).toBeLessThan(150)
    }
  })

  it('indicator rows are verbatim rows of the plan’s table', () => {
    const seed = readFileSync(join(SHARED, 'seed', '2024-ningbo-seven-excellences-work-points.txt'), 'utf8').split('\n')
    for (const row of TABLE_ROWS) expect(seed, row).toContain(row)
  })
})
if (!hasShared) console.warn(`[geodata/ningbo] ${SHARED} not found: the comparisons with the shared reference data are skipped`)
