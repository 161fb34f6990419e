import type { AreasResponse } from '../contract/responses'
import type { Database } from '../db/database'
import { listAreas } from '../db/areas'
import type { AnalysisInputs } from './analysis/inputs'

/**
 * Population of every area: the sum over the cells whose centroid lies in the area (API.md), from
 * the same cell membership the analyses use. Cached until areas or population change.
 */
export class AreaPopulation {
  private cache?: { key: string; totals: Promise<Map<string, number>> }
  /** Simplifying outlines costs PostGIS up to seconds per call: answers are kept until the data change. */
  private answers = new Map<string, Promise<AreasResponse>>()
  constructor(readonly inputs: AnalysisInputs) {}

  answer(key: string, build: () => Promise<AreasResponse>) {
    let hit = this.answers.get(key)
    if (!hit) {
      if (this.answers.size > 32) this.answers.clear()
      hit = build()
      this.answers.set(key, hit)
      hit.catch(() => this.answers.delete(key))
    }
    return hit
  }

  async totals(levels?: string[]): Promise<Map<string, number>> {
    const areas = await this.inputs.areas()
    const wanted = levels ?? [...new Set(areas.list.map((a) => a.level))]
    const key = `${areas.key}|${wanted.join(',')}`
    if (this.cache?.key !== key) {
      const totals = this.compute(wanted)
      totals.catch(() => this.cache?.totals === totals && (this.cache = undefined)) // retried after a failure
      this.cache = { key, totals }
    }
    return this.cache.totals
  }

  private async compute(levels: string[]): Promise<Map<string, number>> {
    const [areas, cells] = await Promise.all([this.inputs.areas(), this.inputs.cells()])
    const pop = cells.rows.columns.population
    const totals = new Map<string, number>()
    for (const level of levels) {
      const list = areas.atLevel(level)
      const sums = new Float64Array(list.length)
      const member = await areas.membership(level)
      for (let i = 0; i < member.length; i++) if (member[i] >= 0) sums[member[i]] += pop[i]
      list.forEach((a, k) => totals.set(a.code, sums[k]))
    }
    return totals
  }
}


/** `GET /api/areas`: areas as GeoJSON with their population, kept per areas/population version. */
export async function areasFeatureCollection(
  db: Database,
  population: AreaPopulation,
  f: { level?: string; parent?: string; simplify?: number },
): Promise<AreasResponse> {
  const version = (await population.inputs.areas()).key
  const key = `${version}|${f.level ?? ''}|${f.parent ?? ''}|${f.simplify ?? 0}`
  return population.answer(key, () => buildAreas(db, population, f))
}

async function buildAreas(
  db: Database,
  population: AreaPopulation,
  f: { level?: string; parent?: string; simplify?: number },
): Promise<AreasResponse> {
  const [areas, totals] = await Promise.all([listAreas(db, f), population.totals(f.level ? [f.level] : undefined)])
  const features: AreasResponse['features'] = areas.map((a) => ({
    type: 'Feature',
    id: a.code,
    properties: { ...a.attributes, code: a.code, name: a.name, level: a.level, parent: a.parent, population: totals.get(a.code) ?? 0 },
    geometry: a.geometry,
  }))
  return { type: 'FeatureCollection', features }
}
