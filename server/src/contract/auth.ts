import { z } from 'zod'
import { queryNumber } from './query-params'
import { isoTime } from './responses/common'

/**
 * Roles (API.md "Roles"), lowest first: each role may do everything the ones before it may.
 * `viewer` reads, `planner` edits scenarios, siting scenarios, indicator values and projects,
 * `admin` imports layers, replaces them, manages tokens and reads the audit log.
 */
export const ROLES = ['viewer', 'planner', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Whether `have` is at least `need`. */
export const roleAtLeast = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need)

/** `GET /api/auth/me`: who the request's token belongs to (`null` for an anonymous request). */
export const WhoAmI = z.strictObject({
  name: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
  /** What reads need on this server: `anonymous` (default) or `token` (AUTH_READ=token). */
  readAccess: z.enum(['anonymous', 'token']),
})
export type WhoAmI = z.infer<typeof WhoAmI>

/** A token as listed (never its secret). */
export const TokenSummary = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(ROLES),
  createdBy: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
})
export type TokenSummary = z.infer<typeof TokenSummary>

/** A token's name: it becomes the actor of every write, so it is short and printable. */
export const tokenName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters')

export const CreateTokenBody = z.strictObject({ name: tokenName, role: z.enum(ROLES) })

/** `POST /api/tokens` (admin): the new token, shown once. */
export const CreatedToken = TokenSummary.extend({ token: z.string() })
export type CreatedToken = z.infer<typeof CreatedToken>

/** One row of `GET /api/audit` (admin). */
export const AuditEntry = z.strictObject({
  id: z.number().int(),
  at: isoTime,
  actor: z.string(),
  role: z.enum(ROLES),
  method: z.string(),
  /** The route pattern of the route table, e.g. `POST /api/scenarios/:id/changes`. */
  route: z.string(),
  path: z.string(),
  object: z.string().nullable(),
  status: z.number().int(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditQuery = z.object({
  actor: z.string().min(1).optional(),
  /** Only rows whose route pattern contains this text (e.g. `scenarios`). */
  route: z.string().min(1).max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: queryNumber(z.number().int().positive().max(1000)).default(100),
})
export type AuditQuery = z.infer<typeof AuditQuery>
