import autocannon from 'autocannon'

/** One autocannon run, reduced to what the README reports. */
export interface PhaseResult {
  name: string
  connections: number
  seconds: number
  requests: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
}

export interface Request {
  method?: 'GET' | 'POST'
  path: string
  body?: string
  headers?: Record<string, string>
}

/**
 * `connections` clients, each sending its next request as soon as the last one is answered, for
 * `seconds`, over `requests` in turn; a request unanswered after 10 s counts as a timeout.
 */
export async function runPhase(name: string, url: string, opts: { connections: number; seconds: number; requests: Request[]; amount?: number }): Promise<PhaseResult> {
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    amount: opts.amount,
    timeout: 10,
    // As a browser asks: gzip accepted.
    requests: opts.requests.map((q) => ({ method: q.method ?? 'GET', path: q.path, body: q.body, headers: { 'accept-encoding': 'gzip', ...q.headers } })),
  })
  const statusCodes: Record<string, number> = {}
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = (s as { count: number }).count
  return {
    name,
    connections: opts.connections,
    seconds: Math.round(r.duration * 10) / 10,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.total / r.duration),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
  }
}

/** Web-mercator tile of a point. */
export function tileAt(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const x = Math.floor(((lng + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return [x, y]
}

export interface WriterResult {
  edits: number
  /** Per edit, ms from its answer to the answer of the first read that showed it (Infinity: never within 5 s). */
  visibleMs: number[]
  /** Edits that the first read started after their answer did not show (a stale answer). */
  stale: number
  failures: string[]
}

/**
 * A planner editing a scenario once a second while the readers run: adds a kindergarten at the
 * centre of a gap, then removes it again, and so on. After each edit answers, it reads the
 * scenario's coverage until the covered population is the one before plus the edit's reported
 * gain, and records how long that took (on a saturated server, mostly the read's own wait in the
 * queue) and whether the very first read already showed it.
 */
export async function runWriter(url: string, auth: { authorization: string }, scenario: number, sites: [number, number][], until: () => boolean): Promise<WriterResult> {
  const out: WriterResult = { edits: 0, visibleMs: [], stale: 0, failures: [] }
  const read = async (): Promise<number> => {
    const r = await fetch(`${url}/api/coverage?type=kindergarten&scenario=${scenario}`, { signal: AbortSignal.timeout(10_000) })
    if (!r.ok) throw new Error(`coverage read ${r.status}`)
    return (await r.json()).total.coveredPopulation
  }
  const post = async (body: unknown) => {
    const r = await fetch(`${url}/api/scenarios/${scenario}/changes`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    })
    if (!r.ok) throw new Error(`edit ${r.status}: ${await r.text()}`)
    return r.json()
  }
  for (let k = 0; !until(); k++) {
    const started = Date.now()
    try {
      const before = await read()
      const site = sites[Math.floor(k / 2) % sites.length]
      const id = `lt-${Math.floor(k / 2)}`
      const answer = k % 2 === 0
        ? await post({ op: 'add', facility: { id, type: 'kindergarten', lng: site[0], lat: site[1] } })
        : await post({ op: 'remove', facility: { id } })
      const answered = Date.now()
      const expected = before + answer.delta[0].coveredGain
      let seen = Infinity
      for (let n = 0; Date.now() - answered < 5000; n++) {
        if (Math.abs((await read()) - expected) < 1e-6) {
          seen = Date.now() - answered
          break
        }
        if (n === 0) out.stale++
      }
      out.edits++
      out.visibleMs.push(seen)
      if (seen === Infinity) out.failures.push(`edit ${k}: not visible after 5 s`)
    } catch (e) {
      out.failures.push(`edit ${k}: ${(e as Error).message}`)
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))))
  }
  return out
}
