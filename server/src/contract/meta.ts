import { z } from 'zod'
import { CRS_CODES, IMPORT_MODES } from './records'
import { isoTime } from './responses/common'

/** Responses of the routes that say what the server is and what it holds (health, provenance). */

/** The analysis answer cache's counters (services/cache.ts). */
export const CacheStats = z.strictObject({
  /** Answers served from memory. */
  hits: z.number().int().nonnegative(),
  /** Answers computed (each miss runs its computation once, whoever else waits for it). */
  computed: z.number().int().nonnegative(),
  /** Requests that arrived while the same answer was being computed and waited for it. */
  joined: z.number().int().nonnegative(),
  evicted: z.number().int().nonnegative(),
  entries: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  maxBytes: z.number().nonnegative(),
})
export type CacheStats = z.infer<typeof CacheStats>

/** `GET /api/health`. */
export const HealthResponse = z.strictObject({
  status: z.literal('ok'),
  backend: z.enum(['pglite', 'postgres']),
  postgis: z.string(),
  cache: CacheStats,
})
export type HealthResponse = z.infer<typeof HealthResponse>

/** One import's provenance, `GET /api/import-batches` (newest first). */
export const ImportBatch = z.strictObject({
  id: z.number().int().positive(),
  kind: z.string(),
  fileName: z.string().nullable(),
  format: z.string().nullable(),
  sourceCrs: z.enum(CRS_CODES).nullable(),
  mode: z.enum(IMPORT_MODES),
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  actor: z.string(),
  createdAt: isoTime,
})
export type ImportBatch = z.infer<typeof ImportBatch>
