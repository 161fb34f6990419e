/**
 * The plan's 30 main indicators (表 2024年宁波市公共服务“七优享”工程主要指标 in
 * 《2024年宁波市公共服务“七优享”工程工作要点》, 2024-04-02), transcribed row by row exactly as the
 * table appears in the plan text (`|`-separated; rows after the first of a domain omit the domain
 * column), parsed into targets, with English translations and lead agencies, and, where the
 * demo data can compute an indicator, a `computable` hint.
 */

export const HEADER = '领域 | 序号 | 指标 | 完成值 | 牵头单位 |'

export const TABLE_ROWS: string[] = [
  '民生实事 | 1 | 公共服务“七优享”工程有关民生实事进度(%) | 100 | 市政府办公厅 |',
  '重大项目 | 2 | 公共服务“七优享”工程重大项目年度完成投资金额(亿元) | >90 | 市发改委 |',
  '幼有善育 | 3 | 每千人口拥有3岁以下婴幼儿托位数(个) | 4.4 | 市卫生健康委 |',
  '4 | 托位使用率(%) | ≥63 | 市卫生健康委 | |',
  '5 | 0-3岁儿童发育监测筛查率(%) | ≥92% | 市卫生健康委 | |',
  '学有优教 | 6 | 开展职业教育培训数(万人次) | 9.3 | 市教育局 |',
  '7 | 通过国家学前教育普及普惠县省级评估的县比例(%) | >90 | 市教育局 | |',
  '8 | 通过国家义务教育优质均衡发展县省级评估的县比例(%) | >60 | 市教育局 | |',
  '劳有所得 | 9 | 安薪指数 | 95.5 | 市人力社保局 |',
  '10 | 城镇调查失业率(%) | <5 | 市人力社保局 | |',
  '11 | 培养持证数字高技能人才(万人) | 0.6 | 市人力社保局 | |',
  '12 | 劳动争议“无讼指数” | 90 | 市人力社保局 | |',
  '病有良医 | 13 | 城乡居民同质同标免费健康体检人数(万人) | 130 | 市卫生健康委 |',
  '14 | 基本医疗保险政策范围内住院报销比例(含大病保险)(%) | 职工85、城乡居民69 | 市医保局 | |',
  '15 | 急诊急救三大中心(胸痛、卒中、创伤)标准化达标率(%) | 90 | 市卫生健康委 | |',
  '16 | 每千常住人口执业(助理)医师数(人) | 4.1 | 市卫生健康委 | |',
  '17 | 新建省基层体育场地设施进度率(%) | 100 | 市体育局 | |',
  '18 | “环浙步道”进度率(%) | 100 | 市体育局 | |',
  '老有康养 | 19 | 助餐配送餐服务人次(万人次) | 1400 | 市民政局 |',
  '20 | 每万老年人口拥有持证养老护理员数(人) | 24.5 | 市民政局 | |',
  '21 | 基本养老保险参保人数(万人) | 671 | 市人力社保局 | |',
  '22 | 老年健康服务专项评估人数(人) | 126300 | 市卫生健康委 | |',
  '住有宜居 | 23 | 开工改造城镇老旧小区数(个) | 30 | 市住建局 |',
  '24 | 建设筹集保障性租赁住房数(万套(间)) | 3 | 市住建局 | |',
  '25 | 住宅小区专业物业服务覆盖率(%) | >90 | 市住建局 | |',
  '26 | 新增完工住宅加装电梯数(台) | 200 | 市住建局 | |',
  '弱有众扶 | 27 | 最低生活保障标准金额(元) | ≥15200 | 市民政局 |',
  '28 | 社会救助服务联合体规范运行指数 | 80 | 市民政局 | |',
  '29 | 困难群众医疗费用综合保障率(%) | >83 | 市医保局 | |',
  '30 | “群帮惠”困难群体帮扶数(人次) | 12910 | 市总工会 |',
]

export const DOMAINS: Record<string, { code: string; en: string }> = {
  民生实事: { code: 'livelihood_projects', en: 'Livelihood projects (民生实事)' },
  重大项目: { code: 'major_projects', en: 'Major projects' },
  幼有善育: { code: 'childcare', en: 'Childcare' },
  学有优教: { code: 'education', en: 'Education' },
  劳有所得: { code: 'employment', en: 'Employment' },
  病有良医: { code: 'health', en: 'Health & sport' },
  老有康养: { code: 'elderly', en: 'Elderly care' },
  住有宜居: { code: 'housing', en: 'Housing' },
  弱有众扶: { code: 'social_assistance', en: 'Social assistance' },
}

export const AGENCIES: Record<string, string> = {
  市政府办公厅: 'General Office of the Ningbo Municipal People’s Government',
  市发改委: 'Ningbo Municipal Development and Reform Commission',
  市卫生健康委: 'Ningbo Municipal Health Commission',
  市教育局: 'Ningbo Municipal Education Bureau',
  市人力社保局: 'Ningbo Municipal Human Resources and Social Security Bureau',
  市医保局: 'Ningbo Municipal Healthcare Security Administration',
  市体育局: 'Ningbo Municipal Sports Bureau',
  市民政局: 'Ningbo Municipal Civil Affairs Bureau',
  市住建局: 'Ningbo Municipal Housing and Urban-Rural Development Bureau',
  市总工会: 'Ningbo Federation of Trade Unions',
}

export const UNITS: Record<string, string> = {
  '%': '%',
  亿元: '100 million yuan',
  个: 'count',
  万人次: '10,000 person-times',
  万人: '10,000 persons',
  人: 'persons',
  人次: 'person-times',
  台: 'lifts',
  元: 'yuan',
  '万套(间)': '10,000 units (rooms)',
}

/** English names, by indicator number (careful translations; the Chinese is authoritative). */
export const NAMES_EN: Record<number, string> = {
  1: 'Progress of the livelihood projects (民生实事) under the “Seven Excellences” public-service programme',
  2: 'Investment completed in the year in the programme’s major projects',
  3: 'Childcare places for children under 3 per 1,000 residents',
  4: 'Utilisation rate of childcare places',
  5: 'Developmental monitoring and screening rate of children aged 0–3',
  6: 'Vocational education and training delivered',
  7: 'Share of counties passing the provincial assessment as national counties of universal and affordable pre-school education',
  8: 'Share of counties passing the provincial assessment as national counties of high-quality, balanced compulsory education',
  9: 'Wage-security index (安薪指数: wages paid in full and on time)',
  10: 'Surveyed urban unemployment rate',
  11: 'Certified highly skilled digital workers trained',
  12: 'Labour-dispute “no-litigation index” (disputes settled without going to court)',
  13: 'Urban and rural residents given free health check-ups of the same content and standard',
  14: 'Inpatient reimbursement rate within the policy scope of basic medical insurance (including critical-illness insurance)',
  15: 'Share of the three emergency centres (chest pain, stroke, trauma) meeting the standardisation criteria',
  16: 'Licensed (assistant) physicians per 1,000 resident population',
  17: 'Progress of the new provincial neighbourhood sports facilities',
  18: 'Progress of the “Around-Zhejiang Trail” (环浙步道)',
  19: 'Meal-assistance and meal-delivery services for older people',
  20: 'Certified elderly-care workers per 10,000 older residents',
  21: 'Persons insured by basic pension insurance',
  22: 'Older people given the special assessment of health services',
  23: 'Old urban residential compounds starting renovation',
  24: 'Affordable rental housing built or raised',
  25: 'Coverage of residential compounds by professional property management',
  26: 'Lifts newly retrofitted (completed) in existing residential buildings',
  27: 'Minimum living allowance (低保) standard',
  28: 'Standardised-operation index of the social-assistance service consortia (助联体)',
  29: 'Comprehensive protection rate of medical costs for people in difficulty',
  30: 'People in difficulty helped by the “群帮惠” programme',
}

/** Unit translations specific to one indicator. */
const UNIT_EN_BY_NUMBER: Record<number, string> = { 3: 'places', 23: 'compounds' }

/** Indicators where a lower value is better (all others: higher is better). */
export const LOWER_IS_BETTER = new Set([10])

export interface ParsedTarget {
  raw: string
  op: '=' | '>=' | '>' | '<=' | '<'
  value: number | null
  unit: string | null
  /** Targets given per group (indicator 14). */
  parts?: { group: { zh: string; en: string }; value: number }[]
}

const GROUPS_EN: Record<string, string> = { 职工: 'employees', 城乡居民: 'urban and rural residents' }

export function parseTarget(raw: string, unit: string | null): ParsedTarget {
  const m = raw.match(/^(≥|>|≤|<)?\s*([0-9]+(?:\.[0-9]+)?)\s*(%)?$/)
  const ops: Record<string, ParsedTarget['op']> = { '≥': '>=', '>': '>', '≤': '<=', '<': '<' }
  if (m) return { raw, op: m[1] ? ops[m[1]] : '=', value: Number(m[2]), unit: m[3] ?? unit }
  const parts = raw.split('、').map((p) => p.match(/^(\D+?)([0-9]+(?:\.[0-9]+)?)$/))
  if (parts.every((p) => p)) {
    return {
      raw, op: '=', value: null, unit,
      parts: parts.map((p) => ({ group: { zh: p![1], en: GROUPS_EN[p![1]] ?? p![1] }, value: Number(p![2]) })),
    }
  }
  throw new Error(`cannot parse target ${raw}`)
}

/** Splits “name(unit)” where the unit is the last balanced parenthesis group at the end. */
export function splitUnit(text: string): { name: string; unit: string | null } {
  if (!text.endsWith(')')) return { name: text, unit: null }
  let depth = 0
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ')') depth++
    else if (text[i] === '(' && --depth === 0) return { name: text.slice(0, i), unit: text.slice(i + 1, -1) }
  }
  return { name: text, unit: null }
}

export interface Indicator {
  number: number
  domain: { zh: string; en: string; code: string }
  name: { zh: string; en: string }
  unit: { zh: string; en: string } | null
  target: ParsedTarget
  direction: 'higher_is_better' | 'lower_is_better'
  leadAgency: { zh: string; en: string }
  computable: Computable | null
}

export interface Computable {
  /** How the demo data (or any data set loaded into circle15) gives the value. */
  formula: string
  /** Structured form for the service layer. */
  measure: 'capacity_per_population' | 'project_investment_sum'
  facilityType?: string
  statuses?: string[]
  per?: number
  /** False when the data give only an approximation (e.g. planned instead of completed). */
  exact: boolean
  note?: string
}

const COMPUTABLE: Record<number, Computable> = {
  3: {
    formula: 'sum(capacity of existing childcare facilities) / population × 1000',
    measure: 'capacity_per_population', facilityType: 'childcare', statuses: ['existing'], per: 1000, exact: true,
    note: 'childcare capacity is in places (托位); the population is the resident population of the area',
  },
  2: {
    formula: 'sum(investment of the year’s projects)',
    measure: 'project_investment_sum', exact: false,
    note: 'projects carry the annual PLANNED investment (89.34 亿元 in 2024); the indicator is the investment COMPLETED, which has to be entered by hand',
  },
}

export function parseIndicators(rows: string[] = TABLE_ROWS): Indicator[] {
  let domain = ''
  return rows.map((row) => {
    const cells = row.split('|').map((c) => c.trim())
    while (cells.length && cells[cells.length - 1] === '') cells.pop()
    if (!/^[0-9]+$/.test(cells[0])) domain = cells.shift()!
    if (cells.length !== 4) throw new Error(`indicator row has ${cells.length} fields after the domain: ${row}`)
    const [num, text, target, agency] = cells
    const number = Number(num)
    const { name, unit } = splitUnit(text)
    const d = DOMAINS[domain]
    if (!d) throw new Error(`unknown domain ${domain}`)
    if (!AGENCIES[agency]) throw new Error(`unknown agency ${agency}`)
    if (unit !== null && !UNITS[unit]) throw new Error(`unknown unit ${unit}`)
    return {
      number,
      domain: { zh: domain, en: d.en, code: d.code },
      name: { zh: name, en: NAMES_EN[number] },
      unit: unit === null ? null : { zh: unit, en: UNIT_EN_BY_NUMBER[number] ?? UNITS[unit] },
      target: parseTarget(target, unit),
      direction: LOWER_IS_BETTER.has(number) ? 'lower_is_better' : 'higher_is_better',
      leadAgency: { zh: agency, en: AGENCIES[agency] },
      computable: COMPUTABLE[number] ?? null,
    }
  })
}
