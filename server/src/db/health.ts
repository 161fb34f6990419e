import { AppError } from '../errors'
import { log } from '../log'

/** How long a client should wait before retrying while the database is unreachable (Retry-After). */
export const RETRY_AFTER_SECONDS = 1
/** While the database is unreachable, it is probed this often; the first success reopens it. */
const PROBE_MS = 250

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/** SQLSTATEs of a server going away or not there yet: admin/crash shutdown, starting up, connection failures. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300'])

/**
 * Whether an error means the database server cannot be reached right now (restarting, stopped,
 * network gone) rather than a fault of the statement: such requests answer 503 with Retry-After.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  if (e instanceof DatabaseUnavailableError) return true
  const err = e as { code?: unknown; message?: unknown } | null
  const code = typeof err?.code === 'string' ? err.code : ''
  if (NETWORK_CODES.has(code) || SERVER_GONE.has(code) || code.startsWith('08')) return true
  const message = typeof err?.message === 'string' ? err.message : ''
  return /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable/i.test(message)
}

export class DatabaseUnavailableError extends AppError {
  constructor(cause: string) {
    super(503, 'database_unavailable', `the database is unreachable (${cause}); retry shortly`)
    this.retryAfterSeconds = RETRY_AFTER_SECONDS
  }
}

/**
 * A circuit breaker in front of a database server. The first unreachable-database error opens it:
 * from then on every call fails at once with a 503 (no request waits on a dead connection) while
 * `probe` runs every PROBE_MS; its first success closes the breaker, so requests succeed again
 * within a quarter of a second of the server's return. Other errors pass through untouched.
 */
export class DatabaseHealth {
  private downSince: number | null = null
  private cause = ''
  private timer?: NodeJS.Timeout

  constructor(private readonly probe: () => Promise<unknown>) {}

  get available(): boolean {
    return this.downSince === null
  }

  /** Runs `fn` unless the database is known to be down; maps unreachable-database errors to 503. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.downSince !== null) throw new DatabaseUnavailableError(this.cause)
    try {
      return await fn()
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e
      this.markDown(e)
      throw new DatabaseUnavailableError(this.cause)
    }
  }

  /** Records that the database went away (also from an idle connection's error event). */
  markDown(e: unknown) {
    if (this.downSince !== null) return
    this.downSince = Date.now()
    this.cause = String((e as Error)?.message ?? e).slice(0, 200) || 'connection lost'
    log.warn(`database unreachable (${this.cause}): answering 503 until it returns`)
    this.timer = setInterval(() => void this.tryProbe(), PROBE_MS)
    this.timer.unref()
  }

  private probing = false
  private async tryProbe() {
    if (this.probing || this.downSince === null) return
    this.probing = true
    try {
      await this.probe()
      log.warn(`database reachable again after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s`)
      this.downSince = null
      clearInterval(this.timer)
    } catch {
      // still down: the next tick tries again
    } finally {
      this.probing = false
    }
  }

  close() {
    clearInterval(this.timer)
  }
}
