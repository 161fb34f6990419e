import type { Server } from 'node:http'

/**
 * Graceful stop of an HTTP server: no new connections, requests in flight finish, keep-alive
 * connections close once idle (requests arriving on them meanwhile are answered with
 * `Connection: close`). Resolves `true` when every connection has ended, `false` when `timeoutMs`
 * ran out first and the remaining connections were cut.
 */
export function drain(server: Server, timeoutMs: number): Promise<boolean> {
  server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'))
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100)
    const deadline = setTimeout(() => {
      server.closeAllConnections()
      finish(false)
    }, timeoutMs)
    const finish = (drained: boolean) => {
      clearInterval(sweep)
      clearTimeout(deadline)
      resolve(drained)
    }
    server.close(() => finish(true))
  })
}
