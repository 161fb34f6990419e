import type { Catalogue, FacilityType, Mode, Domain } from '../contract/catalogue'
import type { Queryable } from './database'
import { bumpVersion } from './versions'

/**
 * Writes the catalogue file's domains, types and modes into the database (insert or update by
 * code). Types no longer in the file are kept if facilities still use them. Bumps the catalogue
 * version when anything changed, so thresholds edited in the file invalidate derived results.
 */
export async function syncCatalogue(tx: Queryable, c: Catalogue): Promise<boolean> {
  const before = JSON.stringify(await readCatalogueRows(tx))
  for (const [i, d] of c.domains.entries()) {
    await tx.query(
      `INSERT INTO domains (code, name_zh, name_en, sort) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, sort = EXCLUDED.sort`,
      [d.code, d.name.zh, d.name.en, i],
    )
  }
  for (const [i, t] of c.types.entries()) {
    await tx.query(
      `INSERT INTO facility_types (code, name_zh, name_en, domain, target_group, threshold_minutes, radius_m,
         life_circle, capacity_unit_zh, capacity_unit_en, sort)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
         domain = EXCLUDED.domain, target_group = EXCLUDED.target_group,
         threshold_minutes = EXCLUDED.threshold_minutes, radius_m = EXCLUDED.radius_m,
         life_circle = EXCLUDED.life_circle, capacity_unit_zh = EXCLUDED.capacity_unit_zh,
         capacity_unit_en = EXCLUDED.capacity_unit_en, sort = EXCLUDED.sort`,
      [t.code, t.name.zh, t.name.en, t.domain, t.targetGroup, t.thresholdMinutes, t.radiusM, t.lifeCircle,
        t.capacityUnit?.zh ?? null, t.capacityUnit?.en ?? null, i],
    )
  }
  for (const [i, m] of c.modes.entries()) {
    await tx.query(
      `INSERT INTO modes (code, name_zh, name_en, speed_kmh, network, sort, access_speed_kmh, roads)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
         speed_kmh = EXCLUDED.speed_kmh, network = EXCLUDED.network, sort = EXCLUDED.sort,
         access_speed_kmh = EXCLUDED.access_speed_kmh, roads = EXCLUDED.roads`,
      [m.code, m.name.zh, m.name.en, m.speedKmh, m.network, i, m.accessSpeedKmh ?? null, m.roads ? JSON.stringify(m.roads) : null],
    )
  }
  const changed = JSON.stringify(await readCatalogueRows(tx)) !== before
  if (changed) await bumpVersion(tx, 'catalogue')
  return changed
}

async function readCatalogueRows(q: Queryable) {
  return {
    domains: await q.query('SELECT * FROM domains ORDER BY code'),
    types: await q.query('SELECT * FROM facility_types ORDER BY code'),
    modes: await q.query('SELECT * FROM modes ORDER BY code'),
  }
}

/** The catalogue as stored, in catalogue order. */
export async function readCatalogue(q: Queryable): Promise<{ domains: Domain[]; types: FacilityType[]; modes: Mode[] }> {
  const domains = await q.query('SELECT code, name_zh, name_en FROM domains ORDER BY sort, code')
  const types = await q.query('SELECT * FROM facility_types ORDER BY sort, code')
  const modes = await q.query('SELECT * FROM modes ORDER BY sort, code')
  return {
    domains: domains.map((d) => ({ code: d.code, name: { zh: d.name_zh, en: d.name_en } })),
    types: types.map((t) => ({
      code: t.code,
      name: { zh: t.name_zh, en: t.name_en },
      domain: t.domain,
      targetGroup: t.target_group,
      thresholdMinutes: t.threshold_minutes,
      radiusM: t.radius_m,
      lifeCircle: t.life_circle,
      capacityUnit: t.capacity_unit_zh ? { zh: t.capacity_unit_zh, en: t.capacity_unit_en } : null,
    })),
    modes: modes.map((m) => ({
      code: m.code,
      name: { zh: m.name_zh, en: m.name_en },
      speedKmh: m.speed_kmh,
      network: m.network,
      ...(m.access_speed_kmh !== null ? { accessSpeedKmh: m.access_speed_kmh } : {}),
      ...(m.roads !== null ? { roads: typeof m.roads === 'string' ? JSON.parse(m.roads) : m.roads } : {}),
    })),
  }
}
