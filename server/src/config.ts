import path from 'node:path'
import { z } from 'zod'
import { queryNumber } from './contract/query-params'

/**
 * All settings, read and validated once at start-up. A bad setting is never discovered late:
 * `loadConfig` lists every problem at once. Numbers are plain decimals (`0x10` is refused, not read as 16).
 */
const boolish = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes')

const count = (def: number, max = 1e9) => queryNumber(z.number().int().min(0).max(max)).default(def)
const positiveCount = (def: number, max = 1e9) => queryNumber(z.number().int().positive().max(max)).default(def)

/** Access, browser and work limits (README "Security and reliability"): each has a safe default. */
const SECURITY_SETTINGS = {
  /** `anonymous` (default): reads need no token; `token`: every request needs one (viewer or above). */
  AUTH_READ: z.enum(['anonymous', 'token']).default('anonymous'),
  /** Origins allowed to call the API from a browser (comma-separated); none by default. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'comma-separated origins like https://plan.example.cn (scheme and host, no path)'),
  /** On a database with no token at all, create an admin token and write it to DATA_DIR/admin-token (mode 0600). */
  BOOTSTRAP_ADMIN: boolish.default(true),
  /** Time limit of one request (imports excepted), seconds: later answers are 503. */
  REQUEST_TIMEOUT_S: queryNumber(z.number().positive().max(3600)).default(30),
  /** Time limit of one report request (GET /api/reports/…), seconds: a district's domain report runs every analysis of it. */
  REPORT_TIMEOUT_S: queryNumber(z.number().positive().max(3600)).default(120),
  /** Time limit of one import request, seconds. */
  IMPORT_TIMEOUT_S: queryNumber(z.number().positive().max(86_400)).default(900),
  /** Largest size of a compressed import once decompressed (gzip, or all files of a zip), megabytes. */
  IMPORT_MAX_UNZIPPED_MB: queryNumber(z.number().positive().max(4096)).default(512),
  /** Largest isochrone reach (minutes × speed), kilometres: bounds the cells it visits. */
  ISOCHRONE_MAX_KM: queryNumber(z.number().positive().max(500)).default(25),
  /** Most street nodes one search may settle (checked before it runs: an isochrone's reach, a mode's whole network for city-wide fields). */
  SEARCH_MAX_NODES: positiveCount(5_000_000),
  /** Most bands in one isochrone. */
  ISOCHRONE_MAX_BANDS: positiveCount(6, 24),
  /** Most rows `GET /api/cells` returns (narrow with `area=`). */
  CELLS_MAX_ROWS: positiveCount(1_000_000),
  /** Most sites one siting request may choose (k). */
  SITING_MAX_K: positiveCount(100, 10_000),
  /** Most candidate sites one siting request may consider (given or the populated cells of the area). */
  SITING_MAX_CANDIDATES: positiveCount(200_000),
  /** Most changes one scenario may hold (every scenario analysis replays them). */
  SCENARIO_MAX_CHANGES: positiveCount(1000),
  /** Writes per token per minute (0 = unlimited). */
  RATE_WRITES_PER_MIN: count(120),
  /** Heavy reads (analyses, tiles excepted) per token or IP per minute (0 = unlimited). */
  RATE_HEAVY_PER_MIN: count(600),
  /** Requests with a wrong token per IP per minute (0 = unlimited). */
  RATE_AUTH_FAILURES_PER_MIN: count(30),
}

const ConfigSchema = z.object({
  PORT: queryNumber(z.number().int().min(0).max(65535)).default(8080),
  /** Interface to listen on: loopback by default; `HOST=0.0.0.0` opens it to the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DEMO: boolish.default(true),
  /** Largest import body in megabytes (HTTP upload and CLI file alike). */
  IMPORT_MAX_MB: queryNumber(z.number().positive().max(4096)).default(200),
  /** Largest number of records one import may carry. */
  IMPORT_MAX_RECORDS: queryNumber(z.number().int().positive()).default(5_000_000),
  /** Largest JSON request body (non-import routes), in kilobytes. */
  JSON_MAX_KB: queryNumber(z.number().int().positive()).default(1024),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Memory budget of the cached analysis answers, in megabytes. */
  CACHE_MAX_MB: queryNumber(z.number().positive().max(65_536)).default(256),
  /** On SIGTERM/SIGINT, how long in-flight requests may take to finish before the server exits anyway. */
  SHUTDOWN_TIMEOUT_S: queryNumber(z.number().min(0).max(3600)).default(30),
  /** Worker threads computing travel-time fields; 0 = all in the main thread. Default: CPUs, at most 4. */
  WORKERS: queryNumber(z.number().int().min(0).max(64)).optional(),
  ...SECURITY_SETTINGS,
})

export type Config = {
  port: number
  host: string
  dataDir: string
  databaseUrl?: string
  demo: boolean
  importMaxBytes: number
  importMaxRecords: number
  jsonMaxBytes: number
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  cacheMaxBytes: number
  shutdownTimeoutMs: number
  /** Undefined = the default (one per CPU, at most 4). */
  workers?: number
  auth: { read: 'anonymous' | 'token'; corsOrigins: string[]; bootstrapAdmin: boolean }
  limits: {
    requestTimeoutMs: number
    importTimeoutMs: number
    reportTimeoutMs: number
    importMaxUnzippedBytes: number
    isochroneMaxKm: number
    isochroneMaxBands: number
    searchMaxNodes: number
    cellsMaxRows: number
    sitingMaxK: number
    sitingMaxCandidates: number
    scenarioMaxChanges: number
  }
  /** Requests per minute; 0 = unlimited. */
  rates: { writesPerMin: number; heavyPerMin: number; authFailuresPerMin: number }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads the environment; throws a ConfigError listing every invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  )
  const parsed = ConfigSchema.safeParse(raw)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}=${JSON.stringify(raw[String(i.path[0])])}: ${i.message}`),
    )
  }
  const c = parsed.data
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    demo: c.DEMO,
    importMaxBytes: Math.round(c.IMPORT_MAX_MB * 1024 * 1024),
    importMaxRecords: c.IMPORT_MAX_RECORDS,
    jsonMaxBytes: c.JSON_MAX_KB * 1024,
    logLevel: c.LOG_LEVEL,
    cacheMaxBytes: Math.round(c.CACHE_MAX_MB * 1024 * 1024),
    shutdownTimeoutMs: Math.round(c.SHUTDOWN_TIMEOUT_S * 1000),
    workers: c.WORKERS,
    auth: { read: c.AUTH_READ, corsOrigins: c.CORS_ORIGINS, bootstrapAdmin: c.BOOTSTRAP_ADMIN },
    limits: {
      requestTimeoutMs: Math.round(c.REQUEST_TIMEOUT_S * 1000),
      importTimeoutMs: Math.round(c.IMPORT_TIMEOUT_S * 1000),
      reportTimeoutMs: Math.round(c.REPORT_TIMEOUT_S * 1000),
      importMaxUnzippedBytes: Math.round(c.IMPORT_MAX_UNZIPPED_MB * 1024 * 1024),
      isochroneMaxKm: c.ISOCHRONE_MAX_KM,
      isochroneMaxBands: c.ISOCHRONE_MAX_BANDS,
      searchMaxNodes: c.SEARCH_MAX_NODES,
      cellsMaxRows: c.CELLS_MAX_ROWS,
      sitingMaxK: c.SITING_MAX_K,
      sitingMaxCandidates: c.SITING_MAX_CANDIDATES,
      scenarioMaxChanges: c.SCENARIO_MAX_CHANGES,
    },
    rates: { writesPerMin: c.RATE_WRITES_PER_MIN, heavyPerMin: c.RATE_HEAVY_PER_MIN, authFailuresPerMin: c.RATE_AUTH_FAILURES_PER_MIN },
  }
}
