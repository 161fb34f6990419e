import path from 'node:path'
import { z } from 'zod'

/**
 * All settings, read and validated once at start-up. A bad setting is never discovered late:
 * `loadConfig` lists every problem at once.
 */
const boolish = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes')

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DEMO: boolish.default(true),
  /** Largest import body in megabytes (HTTP upload and CLI file alike). */
  IMPORT_MAX_MB: z.coerce.number().positive().max(4096).default(200),
  /** Largest number of records one import may carry. */
  IMPORT_MAX_RECORDS: z.coerce.number().int().positive().default(5_000_000),
  /** Largest JSON request body (non-import routes), in kilobytes. */
  JSON_MAX_KB: z.coerce.number().int().positive().default(1024),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Worker threads computing travel-time fields; 0 = all in the main thread. Default: CPUs, at most 4. */
  WORKERS: z.coerce.number().int().min(0).max(64).optional(),
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
  /** Undefined = the default (one per CPU, at most 4). */
  workers?: number
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
    workers: c.WORKERS,
  }
}
