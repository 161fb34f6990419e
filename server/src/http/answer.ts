import type { Request, Response } from 'express'
import type { CachedAnswer } from '../services/cache'

/** Sends a cached answer's bytes with its validator (a request that already holds it gets a 304). */
export function sendAnswer(_req: Request, res: Response, a: CachedAnswer) {
  for (const [name, value] of Object.entries(a.headers)) res.setHeader(name, value)
  res.setHeader('content-type', a.contentType)
  res.setHeader('etag', a.etag)
  res.send(a.body)
}
