import type { Feature, FeatureCollection, MultiPolygon } from 'geojson'
import type { Database } from '../db/database'
import { listAreas } from '../db/areas'
import { readVersions } from '../db/versions'

/**
 * Population of every area: the sum over the cells whose centroid lies in the area (API.md:
 * "a cell belongs to the area that contains its centroid"). Cached until areas or population change.
 */
export class AreaPopulation {
  private cache?: { key: string; totals: Map<string, number> }
  constructor(private readonly db: Database) {}

  async totals(): Promise<Map<string, number>> {
    const v = await readVersions(this.db)
    const key = `${v.areas}:${v.population}`
    if (this.cache?.key === key) return this.cache.totals
    const rows = await this.db.query<{ code: string; population: number }>(
      `SELECT a.code, coalesce(sum(c.population), 0)::float8 AS population
       FROM areas a LEFT JOIN population_cells c ON ST_Contains(a.geom, c.geom)
       GROUP BY a.code`,
    )
    const totals = new Map(rows.map((r) => [r.code, r.population]))
    this.cache = { key, totals }
    return totals
  }
}

export interface AreaProperties {
  code: string
  name: string
  level: string
  parent: string | null
  population: number
  [key: string]: unknown
}

/** `GET /api/areas`: areas as GeoJSON with their population. */
export async function areasFeatureCollection(
  db: Database,
  population: AreaPopulation,
  f: { level?: string; parent?: string; simplify?: number },
): Promise<FeatureCollection<MultiPolygon, AreaProperties>> {
  const [areas, totals] = await Promise.all([listAreas(db, f), population.totals()])
  const features: Feature<MultiPolygon, AreaProperties>[] = areas.map((a) => ({
    type: 'Feature',
    id: a.code,
    properties: { ...a.attributes, code: a.code, name: a.name, level: a.level, parent: a.parent, population: totals.get(a.code) ?? 0 },
    geometry: a.geometry,
  }))
  return { type: 'FeatureCollection', features }
}
