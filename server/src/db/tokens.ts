import type { Role } from '../contract/auth'
import type { Queryable } from './database'

/** A stored token: the clear lookup key, the salted scrypt hash of its secret, its role. */
export interface TokenRow {
  id: number
  key: string
  name: string
  role: Role
  salt: string
  hash: string
  createdBy: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

const COLUMNS = `id, key, name, role, salt, hash, created_by AS "createdBy", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`

export async function insertToken(q: Queryable, t: Pick<TokenRow, 'key' | 'name' | 'role' | 'salt' | 'hash' | 'createdBy'>): Promise<TokenRow> {
  const [row] = await q.query<TokenRow>(
    `INSERT INTO api_tokens (key, name, role, salt, hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [t.key, t.name, t.role, t.salt, t.hash, t.createdBy],
  )
  return row
}

export async function findTokenByKey(q: Queryable, key: string): Promise<TokenRow | null> {
  const [row] = await q.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE key = $1`, [key])
  return row ?? null
}

/** Every token, newest first (revoked ones too: their names stay in the provenance). */
export async function listTokens(q: Queryable): Promise<TokenRow[]> {
  return q.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY id DESC`)
}

export async function countTokens(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens')
  return row.n
}

export async function activeTokenNamed(q: Queryable, name: string): Promise<TokenRow | null> {
  const [row] = await q.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE name = $1 AND revoked_at IS NULL`, [name])
  return row ?? null
}

/** Revokes a token by id; returns it as it was before (null: no such token). */
export async function revokeToken(q: Queryable, id: number): Promise<TokenRow | null> {
  const [row] = await q.query<TokenRow>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  )
  return row ?? null
}

export async function touchToken(q: Queryable, id: number): Promise<void> {
  await q.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id])
}
