import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { adminTokenFile } from '../../server/src/services/auth/first-admin'
import { freePort } from './private-postgres'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface ChildServer {
  url: string
  port: number
  proc: ChildProcess
  /** Everything the server wrote to stderr so far (its log). */
  log(): string
  /** Resolves when the log matches `pattern` (rejects after `timeoutMs` or if the process exits). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /**
   * The admin token the server wrote to its DATA_DIR on the first start of its database (null if
   * the database already had tokens), and it as a request header: writes need it.
   */
  adminToken: string | null
  auth(): { authorization: string }
  /** SIGKILL if still running (test clean-up). */
  kill(): Promise<void>
}

/**
 * The real server (`server/src/main.ts`, as `npm start` runs it, without the web build) in a
 * child process on a free loopback port, with `env` added to its settings. Resolves once
 * /api/health answers. Without a DATA_DIR in `env` it gets a fresh temporary one (where a server
 * backend's first start writes its admin token too).
 */
export async function spawnServer(env: Record<string, string>, opts: { readyTimeoutMs?: number } = {}): Promise<ChildServer> {
  const port = await freePort()
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'circle15-child-'))
  env = { ...env, DATA_DIR: dataDir }
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let text = ''
  const waiters = new Set<() => void>()
  proc.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
    for (const w of [...waiters]) w()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      for (const w of [...waiters]) w()
      resolve({ code, signal })
    }),
  )
  const waitForLog = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(text)) return done(resolve)
        if (proc.exitCode !== null || proc.signalCode !== null) return done(() => reject(new Error(`server exited before logging ${pattern}:\n${text}`)))
      }
      const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} in the server log after ${timeoutMs} ms:\n${text}`))), timeoutMs)
      const done = (f: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        f()
      }
      waiters.add(check)
      check()
    })
  const server: ChildServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    log: () => text,
    waitForLog,
    adminToken: null,
    auth() {
      if (!server.adminToken) throw new Error(`no admin token in ${dataDir}: the database had tokens before this server started`)
      return { authorization: `Bearer ${server.adminToken}` }
    },
    exited,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL')
        await exited
      }
    },
  }
  try {
    await waitUntilHealthy(server, opts.readyTimeoutMs ?? 180_000)
    const tokenFile = adminTokenFile(dataDir)
    server.adminToken = fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : null
  } catch (e) {
    await server.kill()
    throw e
  }
  return server
}

/** Polls /api/health until it answers 200 (whatever the log level), the process exits or time runs out. */
async function waitUntilHealthy(server: ChildServer, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) throw new Error(`server exited during start-up:\n${server.log()}`)
    const ok = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${server.log()}`)
}
