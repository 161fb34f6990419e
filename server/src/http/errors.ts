import type { ErrorRequestHandler, RequestHandler } from 'express'
import { AppError, isAppError } from '../errors'
import { log } from '../log'

/** Unknown routes under /api answer a JSON 404 rather than the web app. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]}`))
}

/**
 * Maps every error to `{ error: { code, message, details } }`. Typed errors keep their status;
 * body-parser and upload errors become 400/413; anything else is a logged 500 with no stack trace.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let e: AppError
  if (isAppError(err)) e = err
  else if (err?.type === 'entity.too.large' || err?.code === 'LIMIT_FILE_SIZE') {
    e = new AppError(413, 'payload_too_large', `request body too large (limit ${err.limit ? `${err.limit} bytes` : 'IMPORT_MAX_MB'})`)
  } else if (err?.type === 'entity.parse.failed') {
    e = new AppError(400, 'invalid_json', `request body is not valid JSON: ${err.message}`)
  } else if (typeof err?.code === 'string' && err.code.startsWith('LIMIT_')) {
    e = new AppError(400, 'invalid_upload', `upload rejected: ${err.message} (send one file in the multipart field "file")`)
  } else {
    log.error(`${req.method} ${req.originalUrl} failed`, { error: String(err?.stack ?? err) })
    e = new AppError(500, 'internal', 'internal error; the server log has the details')
  }
  res.locals.errorCode = e.code
  if (res.headersSent) {
    // Answered already (a 503 after the time limit): the late error goes to the log only.
    log.warn(`${req.method} ${req.originalUrl}: ${e.status} ${e.code} after the answer was sent`, { message: e.message })
    return
  }
  if (e.status === 401) res.setHeader('www-authenticate', 'Bearer realm="circle15"')
  if (e.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(e.retryAfterSeconds))
  res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details } })
}
