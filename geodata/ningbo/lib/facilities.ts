/**
 * SYNTHETIC facilities of every catalogue type. Numbers per type are plausible for a city of
 * 9.4 million (see COUNTS); sites are cells of the modelled population grid, sampled without
 * replacement with probability ∝ (target-group population)^alpha and a minimum spacing between
 * facilities of the same type (weighted sampling with inhibition: Efraimidis–Spirakis keys, then
 * greedy acceptance), which clusters facilities in dense cores and leaves gaps in suburbs and
 * villages. Township-level services (health centre, employment and social-assistance points) are
 * placed once per township near its seat; community service centres once per community/village.
 * About 3 % of each type are `planned` and 2 % `under_construction`; those are placed afterwards
 * in the largest remaining gaps (cells whose target group is farthest from an existing site).
 * Capacities follow the demand around the site (its target group within a radius), in the type's
 * capacity unit; childcare places add up to the plan's 4.4 per 1,000 residents.
 */
import { gridDisk } from 'h3-js'
import { CITY_POPULATION_2020, largestRemainder } from './census'
import { type IndexedPoly, type LngLat, M_PER_DEG_LAT, M_PER_DEG_LNG, pointInPoly, round6 } from './geometry'
import type { Cell } from './population'
import { makeRng } from './prng'
import { DISTRICT_SEATS } from './seeds'
import type { Township } from './townships'

export type FacilityStatus = 'existing' | 'planned' | 'under_construction'

export interface Facility {
  id: string
  name: string
  type: string
  capacity: number
  status: FacilityStatus
  lng: number
  lat: number
  district: string
  township: string
  /** Filled by the projects stage when a project builds this facility. */
  project?: string
}

type Target = 'population' | 'age_0_2' | 'age_3_5' | 'age_6_11' | 'age_12_14' | 'age_15_59' | 'age_60_plus' | 'age_0_5_60_plus'

interface TypeSpec {
  type: string
  count: number
  target: Target
  /** How sites are chosen. */
  mode: 'sample' | 'per_township' | 'per_unit'
  alpha: number
  spacingM: number
  /** Capacity from the target group of the site's catchment (true) or within demandRadiusM. */
  catchment: boolean
  demandRadiusM: number
  capacity: (demand: number) => number
  label: (t: Township) => string
  why: string
}

const clamp = (x: number, a: number, b: number): number => Math.max(a, Math.min(b, x))
const roundTo = (x: number, step: number): number => Math.round(x / step) * step

/** Existing childcare places: the plan's 2024 target of 4.4 per 1,000 residents. */
export const CHILDCARE_PLACES_EXISTING = Math.round((4.4 * CITY_POPULATION_2020) / 1000)
/** Childcare places planned / under construction: the plan's 1,500 new places in 2024. */
export const CHILDCARE_PLACES_NEW = 1500

export const TYPE_SPECS: TypeSpec[] = [
  {
    type: 'childcare', count: 600, target: 'age_0_2', mode: 'sample', alpha: 1.6, spacingM: 450, catchment: true, demandRadiusM: 0,
    capacity: (d) => clamp(Math.round(d * 0.17), 20, 150), label: () => '托育园',
    why: 'about 600 childcare centres; places scaled to the plan’s 4.4 per 1,000 residents (41,379) plus the 1,500 new places of 2024',
  },
  {
    type: 'kindergarten', count: 1200, target: 'age_3_5', mode: 'sample', alpha: 1.6, spacingM: 480, catchment: true, demandRadiusM: 0,
    capacity: (d) => 30 * clamp(Math.round(d / 30), 3, 18), label: () => '幼儿园',
    why: 'Ningbo has about 1,200 kindergartens; 3–18 classes of 30, sized to the children aged 3–5 of the catchment',
  },
  {
    type: 'primary_school', count: 450, target: 'age_6_11', mode: 'sample', alpha: 1.2, spacingM: 900, catchment: true, demandRadiusM: 0,
    capacity: (d) => 45 * clamp(Math.round(d / 45), 6, 48), label: () => '小学',
    why: 'about 450 primary schools; 6–48 classes of 45',
  },
  {
    type: 'middle_school', count: 250, target: 'age_12_14', mode: 'sample', alpha: 1.2, spacingM: 1400, catchment: true, demandRadiusM: 0,
    capacity: (d) => 50 * clamp(Math.round(d / 50), 9, 36), label: () => '初级中学',
    why: 'about 250 junior secondary schools; 9–36 classes of 50',
  },
  {
    type: 'employment_service', count: 160, target: 'age_15_59', mode: 'per_township', alpha: 1, spacingM: 1500, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.001, 20, 300), 10), label: () => '就业服务站',
    why: 'one employment service station (就业驿站/零工市场) per township, a few more in large sub-districts; visits per day',
  },
  {
    type: 'health_station', count: 1500, target: 'population', mode: 'sample', alpha: 1.2, spacingM: 700, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.01, 20, 300), 10), label: () => '社区卫生服务站',
    why: 'about 1,500 community health stations and village clinics; outpatient visits per day',
  },
  {
    type: 'health_center', count: 160, target: 'population', mode: 'per_township', alpha: 1, spacingM: 1500, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.008, 100, 2000), 10), label: (t) => (t.kind === 'subdistrict' ? '社区卫生服务中心' : '卫生院'),
    why: 'one community or township health centre per township (GB 50180: one per 街道/镇), a few second sites; visits per day',
  },
  {
    type: 'hospital', count: 120, target: 'population', mode: 'sample', alpha: 1.6, spacingM: 1200, catchment: false, demandRadiusM: 3000,
    capacity: (d) => roundTo(clamp(d * 0.0028, 80, 3000), 10), label: () => '医院',
    why: 'about 120 hospitals (public and private); 80–3,000 beds, the largest in the core',
  },
  {
    type: 'sports', count: 2000, target: 'population', mode: 'sample', alpha: 1.2, spacingM: 600, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.3, 300, 30000), 50), label: () => '全民健身场地',
    why: 'about 2,000 neighbourhood sports grounds (the plan adds 177 in 2024); area in m²',
  },
  {
    type: 'elderly_daycare', count: 1500, target: 'age_60_plus', mode: 'sample', alpha: 1.6, spacingM: 450, catchment: true, demandRadiusM: 0,
    capacity: (d) => clamp(Math.round(d * 0.015), 10, 60), label: () => '日间照料中心',
    why: 'about 1,500 home-care centres and stations with day care (居家养老服务中心/站); places',
  },
  {
    type: 'elderly_home', count: 260, target: 'age_60_plus', mode: 'sample', alpha: 1.0, spacingM: 1500, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.02, 30, 600), 10), label: () => '养老院',
    why: 'about 260 elderly care homes; 30–600 beds',
  },
  {
    type: 'meal_point', count: 1200, target: 'age_60_plus', mode: 'sample', alpha: 1.6, spacingM: 480, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.05, 30, 300), 10), label: () => '老年食堂',
    why: 'about 1,200 elderly canteens and meal points (the plan adds 60 + 40 + 374 in 2024); meals per day',
  },
  {
    type: 'community_service', count: 3042, target: 'population', mode: 'per_unit', alpha: 1.0, spacingM: 400, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.1, 150, 3000), 50), label: (t) => (t.communities > 0 ? '社区服务中心' : '便民服务中心'),
    why: 'one service centre per community/village: the 3,042 NBS 2023 units; area in m²',
  },
  {
    type: 'social_assistance', count: 166, target: 'population', mode: 'per_township', alpha: 1, spacingM: 1500, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.0005, 5, 100), 5), label: () => '社会救助服务站',
    why: 'one social-assistance point per township (156) plus the 10 county-level 助联体 hubs; visits per day',
  },
  {
    type: 'integrated_service', count: 100, target: 'age_0_5_60_plus', mode: 'sample', alpha: 1.5, spacingM: 1000, catchment: true, demandRadiusM: 0,
    capacity: (d) => roundTo(clamp(d * 0.005, 30, 300), 10), label: () => '“一老一小”服务综合体',
    why: 'about 100 “old and young” integrated sites (the plan adds 23 provincial demonstration scenes); visits per day',
  },
]

const PLANNED_SHARE = 0.03
const UNDER_CONSTRUCTION_SHARE = 0.02

function targetOf(c: Cell, t: Target): number {
  switch (t) {
    case 'population': return c.population
    case 'age_0_2': return c.ages[0]
    case 'age_3_5': return c.ages[1]
    case 'age_6_11': return c.ages[2]
    case 'age_12_14': return c.ages[3]
    case 'age_15_59': return c.ages[4]
    case 'age_60_plus': return c.ages[5]
    case 'age_0_5_60_plus': return c.ages[0] + c.ages[1] + c.ages[5]
  }
}

/** Spatial hash of sites: spacing tests and nearest-site queries. */
export class SiteGrid {
  private grid = new Map<number, number[]>()
  readonly sites: LngLat[] = []
  constructor(private readonly sizeM: number) {}
  private cx(x: number): number { return Math.floor((x * M_PER_DEG_LNG) / this.sizeM) }
  private cy(y: number): number { return Math.floor((y * M_PER_DEG_LAT) / this.sizeM) }
  private static key(i: number, j: number): number { return (i + 100000) * 200003 + (j + 100000) }
  add(p: LngLat): void {
    const k = SiteGrid.key(this.cx(p[0]), this.cy(p[1]))
    const l = this.grid.get(k)
    this.sites.push(p)
    if (l) l.push(this.sites.length - 1)
    else this.grid.set(k, [this.sites.length - 1])
  }
  /** [distance (m), site index] of the nearest site within maxM, or [Infinity, -1]. */
  nearest(p: LngLat, maxM = Infinity): [number, number] {
    if (this.sites.length === 0) return [Infinity, -1]
    const cx = this.cx(p[0]), cy = this.cy(p[1])
    let best = Infinity, bestI = -1
    const maxR = Number.isFinite(maxM) ? Math.ceil(maxM / this.sizeM) : 100000
    for (let r = 0; r <= maxR; r++) {
      for (let i = -r; i <= r; i++)
        for (let j = -r; j <= r; j++) {
          if (Math.max(Math.abs(i), Math.abs(j)) !== r) continue
          for (const s of this.grid.get(SiteGrid.key(cx + i, cy + j)) ?? []) {
            const q = this.sites[s]
            const d = Math.hypot((q[0] - p[0]) * M_PER_DEG_LNG, (q[1] - p[1]) * M_PER_DEG_LAT)
            if (d < best || (d === best && s < bestI)) { best = d; bestI = s }
          }
        }
      if (best <= r * this.sizeM) break
    }
    return best <= maxM ? [best, bestI] : [Infinity, -1]
  }
}

export interface FacilityContext {
  cells: Cell[]
  townships: Township[]
  /** District polygons, to keep jittered sites inside their district. */
  districtPolys: Record<string, IndexedPoly>
}

export function buildFacilities(ctx: FacilityContext): Facility[] {
  const { cells, townships } = ctx
  const cellByH3 = new Map(cells.map((c) => [c.h3, c]))
  const townshipByCode = new Map(townships.map((t) => [t.code, t]))
  const cellsByTownship = new Map<string, Cell[]>()
  for (const c of cells) {
    const l = cellsByTownship.get(c.township)
    if (l) l.push(c)
    else cellsByTownship.set(c.township, [c])
  }
  const kOf = (radiusM: number) => Math.max(1, Math.round(radiusM / 115))
  const demandAt = (c: Cell, spec: TypeSpec): number => {
    let d = 0
    for (const h of gridDisk(c.h3, kOf(spec.demandRadiusM))) {
      const n = cellByH3.get(h)
      if (n) d += targetOf(n, spec.target)
    }
    return d
  }
  const all: Facility[] = []

  for (const spec of TYPE_SPECS) {
    const rng = makeRng(`facilities:${spec.type}`)
    const minExisting = spec.mode === 'per_township' ? townships.filter((t) => t.kind !== 'zone').length + (spec.type === 'social_assistance' ? 10 : 0) : 0
    const nExisting = Math.max(minExisting, spec.count - Math.round(spec.count * (PLANNED_SHARE + UNDER_CONSTRUCTION_SHARE)))
    const nNew = spec.count - nExisting
    const chosen: Cell[] = []
    const taken = new Set<string>()
    // Spacing in H3 rings (neighbouring res-10 centres are ~115 m apart); the cells within each
    // spacing in use of an accepted site, kept up to date as sites are accepted.
    const rings = (m: number) => Math.max(1, Math.round(m / 115))
    const blocked = new Map<number, Set<string>>()
    const accept = (c: Cell) => {
      chosen.push(c)
      taken.add(c.h3)
      for (const [k, set] of blocked) for (const h of gridDisk(c.h3, k)) set.add(h)
    }
    const blockedBy = (spacingM: number): Set<string> => {
      const k = rings(spacingM)
      let set = blocked.get(k)
      if (!set) {
        set = new Set<string>()
        for (const c of chosen) for (const h of gridDisk(c.h3, k)) set.add(h)
        blocked.set(k, set)
      }
      return set
    }
    // Weighted order of candidate cells (Efraimidis–Spirakis keys: smaller key = earlier).
    const order = (list: Cell[], salt: string) => {
      const r = makeRng(`order:${spec.type}:${salt}`)
      return list
        .map((c) => {
          const w = Math.pow(targetOf(c, spec.target), spec.alpha)
          return [w > 0 ? -Math.log(Math.max(r.next(), 1e-300)) / w : Infinity, c] as const
        })
        .filter(([k]) => k < Infinity)
        .sort((a, b) => a[0] - b[0] || (a[1].h3 < b[1].h3 ? -1 : 1))
        .map(([, c]) => c)
    }
    // Accepts candidates in order, skipping those within `spacingM` of an accepted site; relaxes
    // the spacing when the candidates run out.
    const fill = (candidates: Cell[], n: number, spacingM: number) => {
      let placed = 0
      let s = spacingM
      for (let pass = 0; placed < n && pass < 6; pass++, s *= 0.7) {
        const near = blockedBy(s)
        for (const c of candidates) {
          if (placed === n) break
          if (taken.has(c.h3) || near.has(c.h3)) continue
          accept(c)
          placed++
        }
      }
      return placed
    }

    if (spec.mode === 'sample') {
      fill(order(cells, 'all'), nExisting, spec.spacingM)
    } else if (spec.mode === 'per_township') {
      // The most populous cell within 1.5 km of each township's seat (else the nearest cell).
      const admin = townships.filter((t) => t.kind !== 'zone')
      const distM = (c: Cell, p: LngLat) => Math.hypot((c.lng - p[0]) * M_PER_DEG_LNG, (c.lat - p[1]) * M_PER_DEG_LAT)
      const bestNear = (list: Cell[], p: LngLat, radiusM: number): Cell | undefined => {
        const free = list.filter((c) => !taken.has(c.h3))
        const near = free.filter((c) => distM(c, p) <= radiusM)
        if (near.length) return near.reduce((a, b) => (targetOf(b, spec.target) > targetOf(a, spec.target) ? b : a))
        return free.reduce<Cell | undefined>((a, b) => (!a || distM(b, p) < distM(a, p) ? b : a), undefined)
      }
      for (const t of admin) {
        const c = bestNear(cellsByTownship.get(t.code) ?? [], t.seat, 1500)
        if (c) accept(c)
      }
      if (spec.type === 'social_assistance') {
        // The 10 county-level hubs (县级助联体), at the district seats.
        for (const [code, seat] of Object.entries(DISTRICT_SEATS).sort()) {
          const c = bestNear(cells.filter((x) => x.district === code), seat, 2000)
          if (c) accept(c)
        }
      }
      const extra = nExisting - chosen.length
      if (extra > 0) {
        const big = cells.filter((c) => townshipByCode.get(c.township)!.kind === 'subdistrict')
        fill(order(big, 'extra'), extra, spec.spacingM)
      }
    } else {
      // per_unit: one site per community/village, sampled within each township.
      const perTownship = townships.map((t) => t.communities + t.villages + t.otherUnits)
      const shares = largestRemainder(nExisting, perTownship)
      townships.forEach((t, i) => fill(order(cellsByTownship.get(t.code) ?? [], t.code), shares[i], spec.spacingM))
    }

    // Planned and under-construction sites in the gaps: cells farther than the spacing from any
    // existing site, in weighted order.
    const existingCount = chosen.length
    const gaps = new Set(blockedBy(spec.spacingM))
    fill(order(cells.filter((c) => !gaps.has(c.h3)), 'gap'), nNew, spec.spacingM)
    if (chosen.length < spec.count) fill(order(cells, 'rest'), spec.count - chosen.length, spec.spacingM * 0.5)
    const nPlanned = Math.min(nNew, Math.round(spec.count * PLANNED_SHARE))

    // Capacities: from the target group of the site's catchment (cells nearer to it than to any
    // other site of the type), or, for hospitals, of everything within `demandRadiusM`.
    let demand: number[]
    if (spec.catchment) {
      const index = new SiteGrid(Math.min(8000, Math.max(500, Math.sqrt(1e10 / chosen.length))))
      for (const c of chosen) index.add([c.lng, c.lat])
      demand = chosen.map(() => 0)
      for (const c of cells) demand[index.nearest([c.lng, c.lat])[1]] += targetOf(c, spec.target)
    } else demand = chosen.map((c) => demandAt(c, spec))
    let caps = demand.map((d) => spec.capacity(d))
    if (spec.type === 'childcare') {
      caps = [
        ...largestRemainder(CHILDCARE_PLACES_EXISTING, caps.slice(0, existingCount)),
        ...largestRemainder(CHILDCARE_PLACES_NEW, caps.slice(existingCount)),
      ]
    }

    // Sites: the cell centre jittered by up to 30 m (kept inside the district), names, ids.
    const counters = new Map<string, number>()
    const facilities = chosen.map((c, i): Facility => {
      const status: FacilityStatus = i < existingCount ? 'existing' : i - existingCount < nPlanned ? 'planned' : 'under_construction'
      const t = townshipByCode.get(c.township)!
      const a = rng.next() * 2 * Math.PI, r = 30 * Math.sqrt(rng.next())
      let lng = round6(c.lng + (Math.cos(a) * r) / M_PER_DEG_LNG)
      let lat = round6(c.lat + (Math.sin(a) * r) / M_PER_DEG_LAT)
      if (!pointInPoly(ctx.districtPolys[c.district], lng, lat)) { lng = round6(c.lng); lat = round6(c.lat) }
      return { id: '', name: spec.label(t), type: spec.type, capacity: caps[i], status, lng, lat, district: c.district, township: c.township }
    })
    // Stable ids (by township, then position) and names numbered in id order within a township.
    facilities
      .sort((a, b) => a.township.localeCompare(b.township) || a.lat - b.lat || a.lng - b.lng)
      .forEach((f, i) => {
        f.id = `demo-${spec.type.replace(/_/g, '-')}-${String(i + 1).padStart(4, '0')}`
        const label = f.name
        const n = (counters.get(f.township + label) ?? 0) + 1
        counters.set(f.township + label, n)
        const suffix = f.status === 'existing' ? `示例${n}` : `示例${n}，${f.status === 'planned' ? '规划' : '在建'}`
        f.name = `${townshipByCode.get(f.township)!.name}${label}（${suffix}）`
      })
    all.push(...facilities)
  }
  return all
}

/** Straight-line coverage as the engine computes it without streets: distance × 1.3 ≤ 4 km/h × minutes. */
export function coverageSummary(
  cells: Cell[],
  facilities: Facility[],
  types: { code: string; thresholdMinutes: number }[],
  townships: Township[],
): { type: string; count: number; core: number; rural: number; dense: number; all: number }[] {
  const kind = new Map(townships.map((t) => [t.code, t.kind]))
  return TYPE_SPECS.map((spec) => {
    const minutes = types.find((t) => t.code === spec.type)?.thresholdMinutes ?? 15
    const reach = ((4000 / 60) * minutes) / 1.3
    const grid = new SiteGrid(Math.max(250, reach))
    const list = facilities.filter((f) => f.type === spec.type && f.status === 'existing')
    for (const f of list) grid.add([f.lng, f.lat])
    const acc = { core: [0, 0], rural: [0, 0], dense: [0, 0], all: [0, 0] }
    for (const c of cells) {
      const p = targetOf(c, spec.target)
      const covered = grid.nearest([c.lng, c.lat], reach)[0] < Infinity ? p : 0
      const k = kind.get(c.township) === 'subdistrict' ? acc.core : acc.rural
      k[0] += covered; k[1] += p
      acc.all[0] += covered; acc.all[1] += p
      if (c.population >= 200) { acc.dense[0] += covered; acc.dense[1] += p }
    }
    const r = (x: number[]) => x[0] / x[1]
    return { type: spec.type, count: list.length, core: r(acc.core), rural: r(acc.rural), dense: r(acc.dense), all: r(acc.all) }
  })
}
