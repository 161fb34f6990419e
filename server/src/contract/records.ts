import { z } from 'zod'

/** Shared enumerations of the public contract (API.md). */
export const AREA_LEVELS = ['city', 'district', 'township', 'community', 'cluster'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]
export const FACILITY_STATUSES = ['existing', 'planned', 'under_construction'] as const
export type FacilityStatus = (typeof FACILITY_STATUSES)[number]
export const IMPORT_KINDS = ['areas', 'facilities', 'population', 'roads', 'projects'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]
export const CRS_CODES = ['wgs84', 'gcj02', 'bd09'] as const
export type CrsCode = (typeof CRS_CODES)[number]
export const IMPORT_MODES = ['append', 'replace'] as const
export type ImportMode = (typeof IMPORT_MODES)[number]

export const ImportQuerySchema = z.object({
  crs: z.enum(CRS_CODES).default('wgs84'),
  mode: z.enum(IMPORT_MODES).default('append'),
  /** Skip the GCJ-02 plausibility check (for data known to be WGS84 despite the heuristic). */
  checkCrs: z.enum(['0', '1']).default('1').transform((v) => v === '1'),
  /** Facility type for records that carry none (e.g. an OSM extract of schools). */
  type: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
})

/** `200` answer of every `POST /api/import/:kind`. */
export const ImportResult = z.strictObject({
  batchId: z.number().int().positive(),
  kind: z.enum(IMPORT_KINDS),
  format: z.string(),
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
})
export type ImportResult = z.infer<typeof ImportResult>
