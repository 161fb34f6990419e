import { runPhase, type PhaseResult, type Request } from './phases'
import type { Target } from './target'

export interface FaultResult {
  phase: PhaseResult
  downMs: number
  /** ms from PostgreSQL accepting connections again to the last failed probe (0: none after it). */
  recoveryMs: number
  probes: { at: number; route: string; status: number; retryAfter: string | null }[]
  checks: [string, boolean][]
  summary: string
}

const PROBED = ['/api/health', '/api/coverage?type=kindergarten&level=district&minutes=10', '/api/facilities?type=kindergarten&area=330203001']

/**
 * The mix under `connections` readers while the private PostgreSQL cluster is stopped (fast
 * shutdown: connections cut, as in a restart) at `downAtMs` and started again `downForMs` later.
 * A probe reads three routes every 100 ms (one that always needs the database, one cached answer,
 * one database read), recording each status and Retry-After.
 */
export async function runFault(target: Target, mix: Request[], o: { connections: number; seconds: number; downAtMs: number; downForMs: number }): Promise<FaultResult> {
  const pg = target.pg!
  const { url } = target.server
  const t0 = Date.now()
  const probes: FaultResult['probes'] = []
  let probing = true
  const prober = (async () => {
    for (let n = 0; probing; n++) {
      const route = PROBED[n % PROBED.length]
      const at = Date.now() - t0
      try {
        const r = await fetch(url + route, { signal: AbortSignal.timeout(10_000) })
        await r.arrayBuffer()
        probes.push({ at, route, status: r.status, retryAfter: r.headers.get('retry-after') })
      } catch {
        probes.push({ at, route, status: 0, retryAfter: null })
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  const phase = runPhase('mix, PostgreSQL stopped 6 s', url, { connections: o.connections, seconds: o.seconds, requests: mix })
  await new Promise((r) => setTimeout(r, o.downAtMs))
  const downAt = Date.now() - t0
  await pg.stop()
  await new Promise((r) => setTimeout(r, o.downForMs))
  await pg.start()
  const upAt = Date.now() - t0
  const result = await phase
  probing = false
  await prober

  const failed = probes.filter((p) => p.status !== 200)
  const after = failed.filter((p) => p.at >= upAt)
  const recoveryMs = after.length ? Math.max(...after.map((p) => p.at)) - upAt : 0
  const otherCodes = Object.keys(result.statusCodes).filter((c) => c !== '200' && c !== '503' && c !== '304')
  const checks: [string, boolean][] = [
    ['fault: requests answer 503 with Retry-After while PostgreSQL is down', failed.length > 0 && failed.every((p) => p.status === 503 && p.retryAfter !== null)],
    ['fault: no other failure (no 5xx but 503, no dropped connection, no timeout)', otherCodes.length === 0 && result.errors === 0 && result.timeouts === 0],
    ['fault: requests succeed again within 5 s of its return', recoveryMs <= 5000 && probes.filter((p) => p.at > upAt + 5000).every((p) => p.status === 200)],
  ]
  const summary =
    `fault: PostgreSQL stopped at ${downAt} ms and accepting connections again at ${upAt} ms (${upAt - downAt} ms); ` +
    `probes: ${probes.length} (${failed.length} × 503${failed.some((p) => p.retryAfter) ? ` with Retry-After ${failed[0].retryAfter} s` : ''}); ` +
    `last failure ${recoveryMs} ms after its return; mix status codes ${JSON.stringify(result.statusCodes)}`
  return { phase: result, downMs: upAt - downAt, recoveryMs, probes, checks, summary }
}
