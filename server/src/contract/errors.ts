import { z } from 'zod'

/**
 * The error body of every 4xx/5xx answer (API.md): `{ error: { code, message, details } }`. One
 * definition of a fault's detail for the HTTP errors (errors.ts) and the file parsers
 * (formats/issues.ts) alike.
 */
export const ErrorDetail = z.strictObject({
  /** 1-based record number in the input (file row, feature index), where the fault is in a record. */
  record: z.number().int().nonnegative().optional(),
  /** The record's own identifier (external id, code, h3), where it has one. */
  id: z.string().optional(),
  /** The field at fault (property name, `geometry`, `lng`, a query parameter…). */
  field: z.string().optional(),
  message: z.string(),
})
export type ErrorDetail = z.infer<typeof ErrorDetail>

export const ErrorResponse = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.array(ErrorDetail) }),
})
export type ErrorResponse = z.infer<typeof ErrorResponse>
