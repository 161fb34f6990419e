import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { balanceFromRates, balanceFromTheil, combineIndex, meanParts, qualityFromScore, type IndexParts } from '../../engine'
import { IndexConfigSchema, type IndexConfig, type IndexQuery, type IndexResponse } from '../../contract/circle-index'
import { badRequest } from '../../errors'
import type { Analysis } from '.'
import { accessibility } from './accessibility'
import { coverage } from './coverage'
import { equity } from './equity'

export const INDEX_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../geodata/index.json')

/** Reads and validates the index's weights file; every problem is listed at once. */
export function loadIndexConfig(file = INDEX_FILE): IndexConfig {
  const parsed = IndexConfigSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file} is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`)
  return parsed.data
}

let config: IndexConfig | null = null
const indexConfig = () => (config ??= loadIndexConfig())

type TypeParts = IndexResponse['areas'][number]['types'][number]

/**
 * The child areas an area's balance compares: the areas whose parent it is (clusters aside); for
 * the whole data set, the top-level areas — or, when there is a single one (the city), its children.
 */
async function childLevelOf(a: Analysis, code: string | null): Promise<string | null> {
  const areas = await a.inputs.areas()
  const admin = areas.list.filter((x) => x.level !== 'cluster')
  const children = code === null ? admin.filter((x) => !x.parent || !areas.byCode.has(x.parent)) : admin.filter((x) => x.parent === code)
  if (code === null && children.length === 1) return childLevelOf(a, children[0].code)
  return children.length ? children[0].level : null
}

/**
 * `GET /api/index`: the 均衡可及优质 index per area (the scope, or its child areas of `level`) for
 * a domain's types or one type, every part from the coverage, equity and 2SFCA services.
 */
export async function circleIndex(a: Analysis, q: IndexQuery): Promise<IndexResponse> {
  const cfg = indexConfig()
  const cat = await a.inputs.catalogue()
  let types: string[]
  if (q.type) types = [q.type]
  else {
    types = cat.types.filter((t) => t.domain === q.domain).map((t) => t.code)
    if (!types.length) throw badRequest('invalid query parameters', [{ field: 'domain', message: `unknown domain or one without facility types: ${q.domain} (known: ${cat.domains.map((d) => d.code).join(', ')})` }], 'invalid_request')
  }
  const measure = q.balanced ?? cfg.balanced
  const travel = { mode: q.mode, minutes: q.minutes, speedKmh: q.speedKmh, scenario: q.scenario }
  const perType: TypeParts[][] = []
  let groups: { code: string | null; name: string }[] = []
  let mode = ''
  for (const type of types) {
    const cov = await coverage(a, { type, area: q.area, level: q.level, ...travel })
    mode = cov.mode
    groups = cov.areas.map((g) => ({ code: g.code, name: g.name }))
    const acc = await accessibility(a, { type, area: q.area, level: q.level, method: '2sfca', cells: false, ...travel })
    const own = cfg.quality.references[type]
    const reference = own ? own.perTargetResident : (await accessibility(a, { type, method: '2sfca', cells: false, ...travel, scenario: undefined })).areas[0]?.meanScore ?? null
    const rows: TypeParts[] = []
    for (let k = 0; k < cov.areas.length; k++) {
      const g = cov.areas[k]
      const childLevel = await childLevelOf(a, g.code)
      let balanced: number | null = null, gini: number | null = null, theilBetween: number | null = null, childAreas = 0
      if (childLevel && g.targetPopulation > 0) {
        const children = await coverage(a, { type, area: g.code ?? undefined, level: childLevel as IndexQuery['level'], ...travel })
        childAreas = children.areas.filter((c) => c.targetPopulation > 0).length
        const fromRates = balanceFromRates(children.areas)
        gini = fromRates === null ? null : 1 - fromRates
        if (measure === 'gini') balanced = fromRates
        else if (childAreas >= 2) {
          theilBetween = (await equity(a, { type, area: g.code ?? undefined, level: childLevel as NonNullable<IndexQuery['level']>, measure: 'score', method: '2sfca', ...travel })).theil.between
          balanced = balanceFromTheil(theilBetween)
        }
      }
      const meanScore = acc.areas.find((x) => x.code === g.code)?.meanScore ?? null
      rows.push({
        type,
        targetPopulation: g.targetPopulation,
        coveredPopulation: g.coveredPopulation,
        minutes: cov.minutes,
        accessible: g.targetPopulation > 0 ? g.rate : null,
        balanced,
        quality: g.targetPopulation > 0 ? qualityFromScore(meanScore, reference) : null,
        childLevel,
        childAreas,
        gini,
        theilBetween,
        meanScore,
        reference: reference !== null && reference > 0 ? reference : null,
        referenceSource: own ? 'catalogue' : reference !== null && reference > 0 ? 'dataset_mean' : null,
      })
    }
    perType.push(rows)
  }
  const sum = cfg.weights.accessible + cfg.weights.balanced + cfg.weights.quality
  const weights = { accessible: cfg.weights.accessible / sum, balanced: cfg.weights.balanced / sum, quality: cfg.weights.quality / sum }
  return {
    domain: q.domain ?? null,
    types,
    mode,
    scenario: q.scenario ?? null,
    balancedMeasure: measure,
    weights,
    verify: cfg.verify,
    areas: groups.map((g, k) => {
      const typeRows = perType.map((rows) => rows[k])
      const parts: IndexParts = meanParts(typeRows)
      return { code: g.code, name: g.name, index: combineIndex(parts, weights), ...parts, types: typeRows }
    }),
  }
}
