/**
 * The plan's 2024 portfolio (《2024年宁波市公共服务“七优享”工程工作要点》, 专栏 重大项目数量及投资额):
 * 54 major projects, 89.34 亿元 of annual planned investment, 33 continuing and 21 new; per domain
 * 幼有善育 1 / 1.80, 学有优教 20 / 30.14, 劳有所得 1 / 1.80, 病有良医 20 / 25.74, 老有康养 1 / 0.43
 * and the “15分钟公共服务圈” package 11 / 29.43 (count / 亿元). The plan names four projects; the other
 * 50 are PLACEHOLDERS. The domain totals are the plan's; each project's annual investment is
 * modelled (the plan gives none), allocated so that every domain total matches to 0.01 亿元.
 */
import { largestRemainder } from './census'
import type { Facility } from './facilities'
import type { LngLat } from './geometry'
import { makeRng } from './prng'
import { DISTRICT_SEATS } from './seeds'

export interface PortfolioDomain {
  /** Catalogue domain code. */
  code: string
  /** The plan's portfolio group. */
  group: string
  zh: string
  en: string
  count: number
  /** Annual planned investment in 0.01 亿元 (i.e. 1 = 1 million yuan). */
  cents: number
  /** Catalogue types a project of this domain builds. */
  types: string[]
  facilitiesPerProject: number
  /** Name stem of its placeholder projects. */
  placeholderName: string
}

/**
 * The plan's six portfolio groups, one catalogue domain each: the “15分钟公共服务圈” package is the
 * catalogue's project-only domain `service_circle`. `group` repeats the plan's grouping in the CSV.
 */
export const PORTFOLIO: PortfolioDomain[] = [
  { code: 'childcare', group: 'childcare', zh: '幼有善育', en: 'Childcare', count: 1, cents: 180, types: ['childcare'], facilitiesPerProject: 1, placeholderName: '幼有善育项目' },
  { code: 'education', group: 'education', zh: '学有优教', en: 'Education', count: 20, cents: 3014, types: ['kindergarten', 'primary_school', 'middle_school'], facilitiesPerProject: 1, placeholderName: '学有优教项目' },
  { code: 'employment', group: 'employment', zh: '劳有所得', en: 'Employment', count: 1, cents: 180, types: ['employment_service'], facilitiesPerProject: 1, placeholderName: '劳有所得项目' },
  { code: 'health', group: 'health', zh: '病有良医', en: 'Health & sport', count: 20, cents: 2574, types: ['health_center', 'hospital', 'health_station', 'sports'], facilitiesPerProject: 1, placeholderName: '病有良医项目' },
  { code: 'elderly', group: 'elderly', zh: '老有康养', en: 'Elderly care', count: 1, cents: 43, types: ['elderly_home'], facilitiesPerProject: 1, placeholderName: '老有康养项目' },
  { code: 'service_circle', group: 'service_circle', zh: '“15分钟公共服务圈”打包项目', en: '“15-minute public service circle” project package', count: 11, cents: 2943, types: ['integrated_service', 'community_service', 'meal_point', 'elderly_daycare'], facilitiesPerProject: 3, placeholderName: '“15分钟公共服务圈”打包项目' },
]
export const PORTFOLIO_TOTAL = { count: 54, cents: 8934, continuing: 33, new: 21 }

export interface Project {
  id: string
  name: string
  /** Catalogue domain code. */
  domain: string
  /** The plan's portfolio group (= domain, except `service_circle` for the 15-minute package). */
  group: string
  /** 亿元, two decimals. */
  investment: number
  status: 'new' | 'continuing'
  year: number
  lng: number | null
  lat: number | null
  facilityIds: string[]
  placeholder: boolean
  district: string | null
  source: string
}

interface NamedProject {
  name: string
  /** Portfolio group. */
  domain: string
  cents: number
  district: string | null
  at: LngLat | null
  /** A facility the project builds, created here (or null: linked to a planned facility, or none). */
  facility: { type: string; name: string; capacity: number } | null
  linkType: string | null
  source: string
}

const PLAN = '《2024年宁波市公共服务“七优享”工程工作要点》'

/** The four projects the plan names (all new builds starting in Q1 2024). */
export const NAMED_PROJECTS: NamedProject[] = [
  {
    name: '清林闲庭地块新建学校项目', domain: 'education', cents: 80, district: null, at: null, facility: null, linkType: 'primary_school',
    source: `${PLAN} (name, domain); location not found in public sources: linked to a modelled planned primary school in the city centre; annual investment modelled`,
  },
  {
    name: '镇海中学甬江校区二期工程', domain: 'education', cents: 150, district: '330206', at: [121.703, 29.938], facility: null, linkType: null,
    source: `${PLAN} (name, domain); location approximate (甬江科创区南岸, 小港街道, 北仑区; press reports); a senior/boarding secondary school, not a catalogue type, so no facility is linked; annual investment modelled (total 5.4 亿元 reported)`,
  },
  {
    name: '宁波大学附属人民医院(鄞州人民医院)西院区一期改扩建工程', domain: 'health', cents: 120, district: '330212', at: [121.573, 29.871],
    facility: { type: 'hospital', name: '宁波大学附属人民医院西院区（一期改扩建，规划）', capacity: 180 }, linkType: null,
    source: `${PLAN} (name, domain); location approximate (百丈街道, 鄞州区) and 180 planned beds from press reports (total 4.43 亿元); annual investment modelled`,
  },
  {
    name: '慈溪市龙头山地块建设', domain: 'service_circle', cents: 100, district: '330282', at: null, facility: null, linkType: 'integrated_service',
    source: `${PLAN} (name); group ASSUMED (the plan does not say; filed under the 15-minute service-circle package); location not found: linked to a modelled planned facility in 慈溪市; annual investment modelled`,
  },
]

const pad2 = (n: number) => String(n).padStart(2, '0')

export function buildProjects(
  facilities: Facility[],
  locate: (p: LngLat) => { district: string; township: string } | null,
  districtWeights: Record<string, number>,
): {
  projects: Project[]
  newFacilities: Facility[]
} {
  const rng = makeRng('projects')
  const used = new Set<string>()
  const newFacilities: Facility[] = []
  const districtOf = (p: LngLat): string | null => locate(p)?.district ?? null

  /** A not-yet-linked planned / under-construction facility of one of `types`, preferring `district` and `status`. */
  const pick = (types: string[], district: string | null, status: 'planned' | 'under_construction', k: number): Facility | undefined => {
    const pool = facilities.filter((f) => f.status !== 'existing' && !used.has(f.id) && types.includes(f.type))
    const type = types[k % types.length]
    const score = (f: Facility) => (district && f.district !== district ? 8 : 0) + (f.type === type ? 0 : 2) + (f.status === status ? 0 : 1)
    return pool.sort((a, b) => score(a) - score(b) || a.id.localeCompare(b.id))[0]
  }

  // Statuses: the named four are new; 17 of the 50 placeholders are new, the other 33 continuing.
  const placeholders = PORTFOLIO.flatMap((d) => {
    const named = NAMED_PROJECTS.filter((n) => n.domain === d.group).length
    return Array.from({ length: d.count - named }, (_, i) => ({ domain: d, index: i + 1 }))
  })
  const shuffled = placeholders.map((_, i) => [rng.next(), i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i)
  const nNewPlaceholders = PORTFOLIO_TOTAL.new - NAMED_PROJECTS.length
  const isNew = new Set(shuffled.slice(0, nNewPlaceholders))

  // Districts of placeholders: the 10 districts in turn, weighted by population.
  const districts = Object.keys(districtWeights).sort()
  const projects: Project[] = []
  let seq = 0
  let placeholderIndex = 0
  for (const d of PORTFOLIO) {
    const named = NAMED_PROJECTS.filter((n) => n.domain === d.group)
    const nPlaceholders = d.count - named.length
    const rest = d.cents - named.reduce((s, n) => s + n.cents, 0)
    const weights = Array.from({ length: nPlaceholders }, () => Math.exp(0.6 * rng.normal()))
    const cents = largestRemainder(rest, weights)
    const districtCycle = d.group === 'service_circle' ? districts : largestRemainder(nPlaceholders, districts.map((x) => districtWeights[x])).flatMap((n, i) => Array(n).fill(districts[i]) as string[])
    for (const n of named) {
      const facilityIds: string[] = []
      let at = n.at
      let district = n.district
      if (n.facility && at) {
        const f: Facility = {
          id: `demo-${n.facility.type.replace(/_/g, '-')}-${String(facilities.filter((x) => x.type === n.facility!.type).length + newFacilities.length + 1).padStart(4, '0')}`,
          name: n.facility.name, type: n.facility.type, capacity: n.facility.capacity, status: 'planned',
          lng: at[0], lat: at[1], district: locate(at)?.district ?? '', township: locate(at)?.township ?? '',
        }
        newFacilities.push(f)
        facilityIds.push(f.id)
      } else if (n.linkType) {
        const f = pick([n.linkType], district ?? '330212', 'planned', 0)
        if (f) { used.add(f.id); facilityIds.push(f.id); district = f.district }
      }
      if (at && district && districtOf(at) !== district) throw new Error(`${n.name}: location ${at} is not in district ${district}`)
      projects.push({
        id: `nb2024-${pad2(++seq)}`, name: n.name, domain: d.code, group: d.group, investment: n.cents / 100, status: 'new', year: 2024,
        lng: at ? at[0] : null, lat: at ? at[1] : null, facilityIds, placeholder: false, district, source: n.source,
      })
    }
    for (let i = 0; i < nPlaceholders; i++) {
      const status = isNew.has(placeholderIndex++) ? 'new' : 'continuing'
      const district = districtCycle[i % districtCycle.length]
      const facilityIds: string[] = []
      for (let k = 0; k < d.facilitiesPerProject; k++) {
        const f = pick(d.types, district, status === 'new' ? 'planned' : 'under_construction', i + k)
        if (f) { used.add(f.id); facilityIds.push(f.id) }
      }
      const first = facilities.find((f) => f.id === facilityIds[0])
      const at: LngLat = first ? [first.lng, first.lat] : DISTRICT_SEATS[district]
      projects.push({
        id: `nb2024-${pad2(++seq)}`, name: `${d.placeholderName}（占位）${pad2(i + 1)}`, domain: d.code, group: d.group,
        investment: cents[i] / 100, status, year: 2024, lng: at[0], lat: at[1], facilityIds, placeholder: true,
        district: first?.district ?? district,
        source: `PLACEHOLDER for one of the plan's unnamed ${d.zh} projects: name, district, linked facilities and annual investment modelled; the domain's count and total (${(d.cents / 100).toFixed(2)} 亿元) are the plan's`,
      })
    }
  }
  for (const p of projects) for (const id of p.facilityIds) {
    const f = facilities.find((x) => x.id === id) ?? newFacilities.find((x) => x.id === id)
    if (f) f.project = p.id
  }
  return { projects, newFacilities }
}
