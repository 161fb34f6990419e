import { afterAll, beforeAll } from 'vitest'
import { openTestDatabase, type Backend, type TestDatabase } from './db'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../server/src/config'
import type { Database } from '../../server/src/db/database'
import { createApp } from '../../server/src/http/app'
import { createServices } from '../../server/src/services/context'

export interface TestServer {
  url: string
  close(): Promise<void>
  get<T = any>(path: string): Promise<{ status: number; body: T }>
  post<T = any>(path: string, body: BodyInit | object, headers?: Record<string, string>): Promise<{ status: number; body: T }>
}

/** The real Express app on an ephemeral port over `db`, with settings from `env`. */
export async function startTestServer(db: Database, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ DEMO: '0', ...env })
  const services = createServices(db, config)
  const app = createApp(services)
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const parse = async (r: Response) => {
    const text = await r.text()
    try {
      return { status: r.status, body: JSON.parse(text) }
    } catch {
      return { status: r.status, body: text as any }
    }
  }
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.analysis.close()
    },
    get: async (path) => parse(await fetch(url + path)),
    post: async (path, body, headers = {}) => {
      const isRaw = typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData || body instanceof Blob
      return parse(
        await fetch(url + path, {
          method: 'POST',
          body: isRaw ? (body as BodyInit) : JSON.stringify(body),
          headers: isRaw ? headers : { 'content-type': 'application/json', ...headers },
        }),
      )
    },
  }
}

/**
 * A fresh database of `backend` and the app over it for one describe block: opened before its
 * tests, closed after. Use `h.t.db` and `h.s` in the tests.
 */
export function useServer(backend: Backend, env: Record<string, string> = {}): { readonly t: TestDatabase; readonly s: TestServer } {
  const h = {} as { t: TestDatabase; s: TestServer }
  beforeAll(async () => {
    h.t = await openTestDatabase(backend)
    h.s = await startTestServer(h.t.db, env)
  })
  afterAll(async () => {
    await h.s?.close()
    await h.t?.dispose()
  })
  return h
}
