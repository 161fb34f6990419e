import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pgPkg from 'pg'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../server/src/db'
import { Tokens } from '../../server/src/services/auth/tokens'
import { ensureFirstAdmin } from '../../server/src/services/auth/first-admin'

const ROOT = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

/** `npm run token -- …` (the same script, without npm's banner). */
async function token(args: string[], env: Record<string, string>) {
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/token.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', DATA_DIR: '', ...env },
    timeout: 180_000,
  })
  return stdout.trim().split('\n')
}

describe('npm run token on a new embedded database', () => {
  it('creates the database, migrates it, and prints the token alone on the last line; list shows it (no secret)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c15-token-'))
    try {
      const out = await token(['create', '--role', 'planner', '--name', '规划科'], { DATA_DIR: dir })
      const secret = out.at(-1)!
      expect(secret).toMatch(/^c15_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/)
      expect(out.slice(0, -1).join('\n')).not.toContain(secret)
      const list = await token(['list'], { DATA_DIR: dir })
      expect(list).toHaveLength(1)
      expect(list[0]).not.toContain(secret.slice(-43))
      expect(list[0]).toMatch(/^ *1 {2}planner {2}规划科 {2}\(created .* by cli:.*; last used never\)$/)
      await expect(token(['create', '--role', 'mayor', '--name', 'x'], { DATA_DIR: dir })).rejects.toThrow(/--role/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!process.env.TEST_DATABASE_URL)('npm run token on a PostgreSQL server database', () => {
  it('migrates an empty schema, and the printed token authenticates as its name and role', async () => {
    const base = process.env.TEST_DATABASE_URL!
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`
    const admin = new pgPkg.Client({ connectionString: base })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema},public`)}`
    try {
      const secret = (await token(['create', '--role', 'admin', '--name', 'ops'], { DATABASE_URL: url })).at(-1)!
      const db = await openDatabase({ databaseUrl: url, dataDir: '' })
      try {
        const tokens = new Tokens(db)
        expect(await tokens.authenticate(secret)).toMatchObject({ name: 'ops', role: 'admin' })
        await expect(tokens.authenticate(secret.slice(0, -2) + 'zz')).rejects.toThrow('unknown token')
        // A database with tokens gets no bootstrap admin.
        expect(await ensureFirstAdmin(tokens, fs.mkdtempSync(path.join(os.tmpdir(), 'c15-first-')))).toBeNull()
        expect(await token(['revoke', 'ops'], { DATABASE_URL: url })).toEqual(['revoked token 1 "ops" (admin)'])
        await expect(new Tokens(db).authenticate(secret)).rejects.toThrow('this token was revoked')
      } finally {
        await db.close()
      }
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`)
      await admin.end()
    }
  })
})

describe('the first admin token', () => {
  it('is created once on a database without tokens and written alone to DATA_DIR/admin-token with mode 0600', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c15-first-'))
    const { openTestDatabase } = await import('../support/db')
    const t = await openTestDatabase('pglite')
    try {
      const tokens = new Tokens(t.db)
      const file = await ensureFirstAdmin(tokens, dir)
      expect(file).toBe(path.join(dir, 'admin-token'))
      expect(fs.statSync(file!).mode & 0o777).toBe(0o600)
      const secret = fs.readFileSync(file!, 'utf8').trim()
      expect(await tokens.authenticate(secret)).toMatchObject({ name: 'admin', role: 'admin' })
      expect(await ensureFirstAdmin(tokens, dir)).toBeNull()
      expect(fs.readFileSync(file!, 'utf8').trim()).toBe(secret)
    } finally {
      await t.dispose()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
