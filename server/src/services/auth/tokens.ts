import crypto from 'node:crypto'
import { promisify } from 'node:util'
import type { CreatedToken, Role, TokenSummary } from '../../contract/auth'
import type { Database } from '../../db/database'
import { activeTokenNamed, countTokens, findTokenByKey, insertToken, listTokens, revokeToken, touchToken, type TokenRow } from '../../db/tokens'
import { AppError, conflict, notFound } from '../../errors'
import { log } from '../../log'

const scrypt = promisify(crypto.scrypt) as (password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>

/** scrypt cost (node's defaults: N = 2^14, r = 8, p = 1 — ~16 MB and tens of ms per hash). */
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LEN = 32
/** `c15_` + 16 hex digits of lookup key + `_` + 43 base64url characters (32 random bytes). */
const TOKEN_PATTERN = /^c15_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/
/** How long a looked-up token row is trusted before it is read again (a CLI revocation takes effect within this). */
const ROW_TTL_MS = 5_000
/** last_used_at is written at most this often per token. */
const TOUCH_EVERY_MS = 60_000

/** Who a request acts as: the token's name (the actor of every write) and role. */
export interface Principal {
  tokenId: number
  name: string
  role: Role
}

export class InvalidToken extends AppError {
  constructor(message: string) {
    super(401, 'unauthorized', message)
  }
}

async function hashSecret(secret: string, salt: string): Promise<Buffer> {
  return scrypt(secret, Buffer.from(salt, 'base64url'), KEY_LEN, SCRYPT)
}

export function summarize(t: TokenRow): TokenSummary {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
  return { id: t.id, name: t.name, role: t.role, createdBy: t.createdBy, createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) }
}

/**
 * API tokens: created with a random secret shown once, stored as a salted scrypt hash, looked up
 * by their clear key. `authenticate` hashes a presented secret once per process and token, then
 * compares digests, so a request costs one indexed row read (cached for 5 s), not one scrypt.
 */
export class Tokens {
  private rows = new Map<string, { row: TokenRow | null; at: number }>()
  /** key → sha256 of a secret that scrypt has verified (never the secret itself). */
  private verified = new Map<string, Buffer>()
  private touched = new Map<number, number>()

  constructor(private readonly db: Database) {}

  /** Creates a token; the returned `token` is the only time its secret exists outside the caller. */
  async create(input: { name: string; role: Role; createdBy: string }): Promise<CreatedToken> {
    if (await activeTokenNamed(this.db, input.name)) throw conflict(`a token named ${JSON.stringify(input.name)} exists; revoke it first or choose another name`, [{ field: 'name', message: 'already in use' }])
    const key = crypto.randomBytes(8).toString('hex')
    const secret = crypto.randomBytes(32).toString('base64url')
    const salt = crypto.randomBytes(16).toString('base64url')
    const hash = (await hashSecret(secret, salt)).toString('base64url')
    const row = await insertToken(this.db, { key, name: input.name, role: input.role, salt, hash, createdBy: input.createdBy })
    return { ...summarize(row), token: `c15_${key}_${secret}` }
  }

  async list(): Promise<TokenSummary[]> {
    return (await listTokens(this.db)).map(summarize)
  }

  async count(): Promise<number> {
    return countTokens(this.db)
  }

  /** Revokes by id or by the name of an active token. */
  async revoke(idOrName: number | string): Promise<TokenSummary> {
    const id = typeof idOrName === 'number' ? idOrName : (await activeTokenNamed(this.db, idOrName))?.id
    const row = id === undefined ? null : await revokeToken(this.db, id)
    if (!row) throw notFound(`no ${typeof idOrName === 'number' ? `token ${idOrName}` : `active token named ${JSON.stringify(idOrName)}`}`)
    this.rows.delete(row.key)
    this.verified.delete(row.key)
    return summarize({ ...row, revokedAt: row.revokedAt ?? new Date() })
  }

  /** The principal of a bearer token; throws 401 for a malformed, unknown, wrong or revoked one. */
  async authenticate(token: string): Promise<Principal> {
    const m = TOKEN_PATTERN.exec(token)
    if (!m) throw new InvalidToken('malformed token (expected c15_… as printed by `npm run token -- create`)')
    const [, key, secret] = m
    const row = await this.row(key)
    if (!row || row.revokedAt) throw new InvalidToken(row ? 'this token was revoked' : 'unknown token')
    const digest = crypto.createHash('sha256').update(secret).digest()
    const known = this.verified.get(key)
    if (!known || !crypto.timingSafeEqual(known, digest)) {
      const actual = await hashSecret(secret, row.salt)
      if (!crypto.timingSafeEqual(actual, Buffer.from(row.hash, 'base64url'))) throw new InvalidToken('unknown token')
      this.verified.set(key, digest)
    }
    this.touch(row.id)
    return { tokenId: row.id, name: row.name, role: row.role }
  }

  private async row(key: string): Promise<TokenRow | null> {
    const cached = this.rows.get(key)
    if (cached && Date.now() - cached.at < ROW_TTL_MS) return cached.row
    const row = await findTokenByKey(this.db, key)
    if (this.rows.size > 10_000) this.rows.clear()
    this.rows.set(key, { row, at: Date.now() })
    return row
  }

  private touch(id: number) {
    const last = this.touched.get(id) ?? 0
    if (Date.now() - last < TOUCH_EVERY_MS) return
    this.touched.set(id, Date.now())
    touchToken(this.db, id).catch((e) => log.warn('could not record a token use', { token: id, error: String(e) }))
  }
}
