/**
 * Checks the COMMITTED Cixi rural layer (issue 11): 406 villages/communities with NBS codes and
 * names, modelled polygons inside their townships, modelled populations summing exactly to the
 * 2020 census with Cixi's age structure, synthetic rural facilities inside their villages, and
 * the status-quo plan covering every village once.
 */
import { parse } from 'csv-parse/sync'
import { cellToLatLng } from 'h3-js'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { AGE_GROUPS, DISTRICTS, districtAgeTotals } from './lib/census'
import { geometryToMultiPoly, indexPoly, pointInPoly } from './lib/geometry'

const HERE = dirname(fileURLToPath(import.meta.url))
const SHARED_VILLAGES = join(HERE, '..', '..', '..', 'shared', 'data', 'ningbo', 'villages_2023.csv')
const read = (f: string) => JSON.parse(readFileSync(join(HERE, f), 'utf8'))
const villages = read('cixi-villages.geojson').features as any[]
const townships = (read('areas.geojson').features as any[]).filter((f) => f.properties.parent === '330282')
const facilities = read('cixi-facilities.geojson').features as any[]
const CIXI_CENSUS = 1_829_488

describe('Cixi villages (modelled)', () => {
  it('are the 406 NBS units of Cixi, marked modelled, each in a township of Cixi', () => {
    expect(villages).toHaveLength(406)
    expect(new Set(villages.map((v) => v.properties.code)).size).toBe(406)
    const codes = new Set(townships.map((t) => t.properties.code))
    for (const v of villages) {
      expect(v.properties).toMatchObject({ level: 'community', modelled: true })
      expect(codes.has(v.properties.parent)).toBe(true)
      expect(v.properties.code.startsWith(v.properties.parent)).toBe(true)
    }
  })

  it.skipIf(!existsSync(SHARED_VILLAGES))('carry the codes and names of ../shared/data/ningbo/villages_2023.csv (needs ../shared)', () => {
    const ref = (parse(readFileSync(SHARED_VILLAGES), { columns: true }) as any[]).filter((r) => r.streetCode.startsWith('330282'))
    expect(villages.map((v) => [v.properties.code, v.properties.name])).toEqual(ref.map((r) => [r.code, r.name]).sort((a, b) => a[0].localeCompare(b[0])))
  })

  it('sum exactly to the 2020 census, ages included; every populated Cixi cell lies in exactly one village', () => {
    expect(villages.reduce((s, v) => s + v.properties.population, 0)).toBe(CIXI_CENSUS)
    const cixi = DISTRICTS.find((d) => d.code === '330282')!
    expect(AGE_GROUPS.map((g) => villages.reduce((s, v) => s + v.properties[g], 0))).toEqual(districtAgeTotals(cixi))
    for (const v of villages) expect(AGE_GROUPS.reduce((s, g) => s + v.properties[g], 0)).toBe(v.properties.population)
    const polys = villages.map((v) => indexPoly(geometryToMultiPoly(v.geometry)))
    const sums = new Map<string, number>()
    const cells = gunzipSync(readFileSync(join(HERE, 'population.csv.gz'))).toString('utf8').trimEnd().split('\n').slice(1)
    for (const line of cells) {
      const [h3, pop] = line.split(',')
      const [lat, lng] = cellToLatLng(h3)
      if (lng < 120.8 || lng > 121.9 || lat < 29.8 || lat > 30.7) continue
      const inside = polys.flatMap((p, i) => (pointInPoly(p, lng, lat) ? [i] : []))
      expect(inside.length).toBeLessThanOrEqual(1)
      if (inside.length) sums.set(villages[inside[0]].properties.code, (sums.get(villages[inside[0]].properties.code) ?? 0) + Number(pop))
    }
    for (const v of villages) expect(sums.get(v.properties.code) ?? 0, v.properties.code).toBe(v.properties.population)
  }, 120_000)

  it('synthetic rural facilities lie inside their village and are marked synthetic', () => {
    const byCode = new Map(villages.map((v) => [v.properties.code, indexPoly(geometryToMultiPoly(v.geometry))]))
    expect(facilities.length).toBeGreaterThan(300)
    for (const f of facilities) {
      expect(f.properties.synthetic).toBe(true)
      expect(f.properties.name).toContain('示例')
      expect(pointInPoly(byCode.get(f.properties.village)!, f.geometry.coordinates[0], f.geometry.coordinates[1])).toBe(true)
    }
  })

  it('the status-quo plan puts every village in its own township, once, with a member hub', () => {
    const rows = parse(readFileSync(join(HERE, 'cixi-plan-townships.csv')), { columns: true }) as any[]
    expect(rows.map((r) => r.member_code).sort()).toEqual(villages.map((v) => v.properties.code))
    const parentOf = new Map(villages.map((v) => [v.properties.code, v.properties.parent]))
    for (const r of rows) {
      expect(r.cluster).toBe(`T${parentOf.get(r.member_code)}`)
      expect(parentOf.get(r.hub)).toBe(parentOf.get(r.member_code))
    }
  })
})
