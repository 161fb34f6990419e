import type { z } from 'zod'
import { badRequest } from '../errors'

/** Parses query parameters or a JSON body with a zod schema; a failure names every bad field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown, where: 'query' | 'body' = 'query'): z.infer<S> {
  const r = schema.safeParse(input ?? {})
  if (r.success) return r.data
  throw badRequest(
    `invalid ${where === 'query' ? 'query parameters' : 'request body'}`,
    r.error.issues.map((i) => ({ field: i.path.join('.') || undefined, message: i.message })),
    'invalid_request',
  )
}
