import type { Request, Response } from 'express'
import type { CachedAnswer } from '../services/cache'

/**
 * Sends a cached answer's bytes — gzip-compressed to clients that accept it — with its validator
 * (a request that already holds it gets a 304). The two encodings have distinct validators.
 */
export function sendAnswer(req: Request, res: Response, a: CachedAnswer) {
  for (const [name, value] of Object.entries(a.headers)) res.setHeader(name, value)
  res.setHeader('content-type', a.contentType)
  res.vary('accept-encoding')
  if (a.gzip && req.acceptsEncodings('gzip')) {
    res.setHeader('content-encoding', 'gzip')
    res.setHeader('etag', `${a.etag.slice(0, -1)}-gz"`)
    res.send(a.gzip)
  } else {
    res.setHeader('etag', a.etag)
    res.send(a.body)
  }
}
