/**
 * The real server (`server/src/main.ts`, as `npm start` runs it, without the web build) in a child
 * process for the restart benchmark, timed from spawn: when its log says it listens ("circle15
 * ready"), and whatever else it logs on the way (each line with its time since spawn), so the
 * startup path can be read off the log. Unlike test/support/child-server.ts this does not poll
 * /api/health: the first request the bench sends is the one it times.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../test/support/private-postgres'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface BenchServer {
  url: string
  proc: ChildProcess
  /** performance.now() at spawn. */
  spawnedAt: number
  /** Milliseconds from spawn to the "ready" log line (the socket listens). */
  listeningMs: number
  /** Log lines with their arrival in milliseconds since spawn. */
  lines: { ms: number; text: string }[]
  /** Milliseconds since spawn when a log line matching `pattern` arrived (waits for it). */
  when(pattern: RegExp, timeoutMs?: number): Promise<number>
  /** The admin token its first start wrote to DATA_DIR (null when the database had tokens). */
  adminToken(): string | null
  /** SIGTERM (results still being written are flushed) and wait for the exit; SIGKILL after 30 s. */
  stop(): Promise<void>
}

/**
 * Spawns the server with `env` over its settings and resolves once it listens.
 * @example const s = await spawnBenchServer({ DATABASE_URL: url, DATA_DIR: dir })
 * Contract: DEMO=0, rate limits off, LOG_LEVEL=info unless `env` says otherwise; `nodeArgs` go
 * before the entry (e.g. --cpu-prof); rejects if the process exits or is not ready in `timeoutMs`.
 */
export async function spawnBenchServer(env: Record<string, string>, opts: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<BenchServer> {
  const port = await freePort()
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'c15-bench-server-'))
  const spawnedAt = performance.now()
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO: '0', LOG_LEVEL: 'info',
      RATE_WRITES_PER_MIN: '0', RATE_HEAVY_PER_MIN: '0', RATE_AUTH_FAILURES_PER_MIN: '0', ...env, DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const lines: { ms: number; text: string }[] = []
  const waiters = new Set<() => void>()
  let partial = ''
  proc.stderr!.on('data', (chunk: Buffer) => {
    const ms = performance.now() - spawnedAt
    const parts = (partial + chunk.toString('utf8')).split('\n')
    partial = parts.pop()!
    for (const text of parts) lines.push({ ms, text })
    for (const w of [...waiters]) w()
  })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => {
    for (const w of [...waiters]) w()
    resolve()
  }))
  const when = (pattern: RegExp, timeoutMs = opts.timeoutMs ?? 300_000) => new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} in the server log after ${timeoutMs} ms:\n${tail()}`))), timeoutMs)
    const finish = (f: () => void) => {
      clearTimeout(timer)
      waiters.delete(check)
      f()
    }
    const check = () => {
      const hit = lines.find((l) => pattern.test(l.text))
      if (hit) return finish(() => resolve(hit.ms))
      if (proc.exitCode !== null || proc.signalCode !== null) finish(() => reject(new Error(`server exited before logging ${pattern}:\n${tail()}`)))
    }
    waiters.add(check)
    check()
  })
  const tail = () => lines.slice(-30).map((l) => l.text).join('\n')
  const server: BenchServer = {
    url: `http://127.0.0.1:${port}`,
    proc,
    spawnedAt,
    listeningMs: NaN,
    lines,
    when,
    adminToken() {
      const file = path.join(dataDir, 'admin-token')
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    },
  }
  try {
    server.listeningMs = await when(/circle15 ready on/)
  } catch (e) {
    proc.kill('SIGKILL')
    throw e
  }
  return server
}

/**
 * A JSON request to the server; throws with the answer on a non-2xx status.
 * @example const cov = await call(s, 'GET', '/api/coverage?type=kindergarten')
 */
export async function call<T = any>(s: Pick<BenchServer, 'url'>, method: string, p: string, body?: Uint8Array | string, token?: string | null): Promise<T> {
  const r = await fetch(s.url + p, { method, body: body as BodyInit | undefined, headers: token ? { authorization: `Bearer ${token}` } : {} })
  const text = await r.text()
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}
