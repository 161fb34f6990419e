import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig', () => {
  it('defaults to the embedded database on port 8080 with demo data', () => {
    const c = loadConfig({})
    expect(c.port).toBe(8080)
    expect(c.databaseUrl).toBeUndefined()
    expect(c.demo).toBe(true)
    expect(c.dataDir.endsWith('/data')).toBe(true)
    expect(c.importMaxBytes).toBe(200 * 1024 * 1024)
  })

  it('reads DEMO=0 and a server URL', () => {
    const c = loadConfig({ DEMO: '0', DATABASE_URL: 'postgres://u@h:5432/db', PORT: '9000' })
    expect(c.demo).toBe(false)
    expect(c.databaseUrl).toBe('postgres://u@h:5432/db')
    expect(c.port).toBe(9000)
  })

  it('lists every invalid setting at once', () => {
    let err: unknown
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO: 'maybe', IMPORT_MAX_MB: '-1' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const problems = (err as ConfigError).problems
    expect(problems).toHaveLength(4)
    expect(problems.map((p) => p.split('=')[0]).sort()).toEqual(['DATABASE_URL', 'DEMO', 'IMPORT_MAX_MB', 'PORT'])
  })
})
