/**
 * 2020 census figures for Ningbo's 10 county-level units, hard-coded so the demo build needs no
 * data outside the repository.
 *
 * Sources (official statistics):
 * - Totals: 《中国人口普查分县资料2020》 (NBS county tabulation of the 7th national census), column
 *   `census2020_county_tabulation`; they sum to the city's 9,404,283 residents (宁波市第七次全国人口
 *   普查公报). 镇海/鄞州 differ from the quick bulletin (510,462 / 1,609,555) by a boundary transfer;
 *   the county tabulation is used because it is the one with age structure.
 * - Urban share (城镇人口比重): the same county tabulation (POPU_URB).
 * - Age structure: the same county tabulation, shares of the resident population in single year 0,
 *   1–4 and 5-year bands to 85+, as collected in GitHub thebamboogrove/tudigong @ 4db2f14 (MIT).
 *
 * The six age groups of circle15 are derived from the bands by spreading each band uniformly over
 * its single years:
 *   0–2   = [0] + [1–4]·2/4            3–5   = [1–4]·2/4 + [5–9]·1/5
 *   6–11  = [5–9]·4/5 + [10–14]·2/5    12–14 = [10–14]·3/5
 *   15–59 = [15–19] + … + [55–59]      60+   = [60–64] + [65+]
 * The six shares are normalised to sum to 1 (the published shares are rounded to 4 decimals) and
 * turned into integer district totals per group by the largest-remainder method.
 */

export const CITY_CODE = '330200'
export const CITY_NAME = '宁波市'
export const CITY_POPULATION_2020 = 9_404_283

export interface DistrictCensus {
  code: string
  name: string
  population: number
  /** Share of the population living in urban areas (城镇人口比重, census 2020). */
  urbanShare: number
  /** Shares of the population: [0, 1–4, 5–9, 10–14, 15–19, 20–24, 25–29, 30–34, 35–39, 40–44,
   *  45–49, 50–54, 55–59, 60–64, 65+]. */
  bands: number[]
}

export const DISTRICTS: DistrictCensus[] = [
  { code: '330203', name: '海曙区', population: 1_041_285, urbanShare: 0.8704, bands: [0.0067, 0.0346, 0.0431, 0.0373, 0.0401, 0.0677, 0.0772, 0.099, 0.0861, 0.0784, 0.088, 0.0891, 0.0726, 0.054, 0.126] },
  { code: '330205', name: '江北区', population: 488_885, urbanShare: 0.8302, bands: [0.0069, 0.0384, 0.0476, 0.037, 0.0422, 0.0654, 0.079, 0.1066, 0.0912, 0.0769, 0.0834, 0.0839, 0.0705, 0.0538, 0.1174] },
  { code: '330206', name: '北仑区', population: 829_448, urbanShare: 0.7673, bands: [0.0069, 0.036, 0.0429, 0.0338, 0.0361, 0.0638, 0.0916, 0.1241, 0.0972, 0.0818, 0.0899, 0.0852, 0.0648, 0.0455, 0.1005] },
  { code: '330211', name: '镇海区', population: 531_830, urbanShare: 0.9026, bands: [0.0078, 0.0404, 0.0454, 0.0366, 0.046, 0.0629, 0.0793, 0.1115, 0.0867, 0.0775, 0.0932, 0.0924, 0.0688, 0.0471, 0.1045] },
  { code: '330212', name: '鄞州区', population: 1_588_187, urbanShare: 0.8201, bands: [0.0076, 0.0402, 0.0486, 0.0377, 0.0428, 0.0688, 0.0835, 0.108, 0.0906, 0.0775, 0.0845, 0.0823, 0.0678, 0.0498, 0.1105] },
  { code: '330213', name: '奉化区', population: 577_505, urbanShare: 0.6002, bands: [0.005, 0.0285, 0.0379, 0.0371, 0.0364, 0.0455, 0.061, 0.0796, 0.0699, 0.0723, 0.0927, 0.1098, 0.0897, 0.0669, 0.1679] },
  { code: '330225', name: '象山县', population: 567_665, urbanShare: 0.6138, bands: [0.0059, 0.0311, 0.0461, 0.0468, 0.0344, 0.0324, 0.0473, 0.0754, 0.0805, 0.0771, 0.0923, 0.1017, 0.0897, 0.0734, 0.1659] },
  { code: '330226', name: '宁海县', population: 695_958, urbanShare: 0.6293, bands: [0.0075, 0.0396, 0.0493, 0.0517, 0.0402, 0.0397, 0.0585, 0.0806, 0.0785, 0.0807, 0.0945, 0.0991, 0.0783, 0.0612, 0.1406] },
  { code: '330281', name: '余姚市', population: 1_254_032, urbanShare: 0.8085, bands: [0.0058, 0.0316, 0.0429, 0.0355, 0.0359, 0.055, 0.0766, 0.0967, 0.0761, 0.0751, 0.096, 0.0957, 0.0779, 0.0594, 0.1398] },
  { code: '330282', name: '慈溪市', population: 1_829_488, urbanShare: 0.7967, bands: [0.006, 0.0312, 0.0401, 0.0306, 0.0396, 0.0632, 0.0821, 0.1045, 0.081, 0.0791, 0.099, 0.0989, 0.0735, 0.0528, 0.1186] },
]

export const AGE_GROUPS = ['age_0_2', 'age_3_5', 'age_6_11', 'age_12_14', 'age_15_59', 'age_60_plus'] as const
export type AgeGroup = (typeof AGE_GROUPS)[number]

/** The six age-group shares of a district (sum 1), derived from the census bands as documented. */
export function ageShares(d: DistrictCensus): number[] {
  const b = d.bands
  const raw = [
    b[0] + (b[1] * 2) / 4,
    (b[1] * 2) / 4 + b[2] / 5,
    (b[2] * 4) / 5 + (b[3] * 2) / 5,
    (b[3] * 3) / 5,
    b[4] + b[5] + b[6] + b[7] + b[8] + b[9] + b[10] + b[11] + b[12],
    b[13] + b[14],
  ]
  const sum = raw.reduce((s, x) => s + x, 0)
  return raw.map((x) => x / sum)
}

/** Integers proportional to `weights` summing exactly to `total` (largest remainder, ties by index). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  if (total === 0 || sum <= 0) return weights.map(() => 0)
  const exact = weights.map((w) => (w / sum) * total)
  const out = exact.map((x) => Math.floor(x))
  let rest = total - out.reduce((s, x) => s + x, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1])
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) out[order[k][1]]++
  return out
}

/** Integer totals per age group for a district, summing exactly to its census population. */
export function districtAgeTotals(d: DistrictCensus): number[] {
  return largestRemainder(d.population, ageShares(d))
}
