import type { ErrorDetail } from './contract/errors'

/**
 * Typed application errors. Every error a client can see is one of these; the HTTP layer maps
 * them to `{ error: { code, message, details } }` and never leaks a stack trace. A detail is
 * the contract's `ErrorDetail` (contract/errors.ts), the one shape of a fault for parsers and routes.
 */
export type { ErrorDetail }

export class AppError extends Error {
  /** Set on 503s that will clear by themselves: sent as the Retry-After header. */
  retryAfterSeconds?: number
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = [], code = 'bad_request') =>
  new AppError(400, code, message, details)
export const notFound = (message: string, details: ErrorDetail[] = []) => new AppError(404, 'not_found', message, details)
export const conflict = (message: string, details: ErrorDetail[] = []) => new AppError(409, 'conflict', message, details)
export const payloadTooLarge = (message: string) => new AppError(413, 'payload_too_large', message)
/** A request asking for more work than a setting allows (422 `limit_exceeded`, naming the setting). */
export const limitExceeded = (field: string, message: string, setting: string) =>
  new AppError(422, 'limit_exceeded', `${message} (the limit is the setting ${setting})`, [{ field, message }])

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
