import { afterAll, beforeAll } from 'vitest'
import { openTestDatabase, type Backend, type TestDatabase } from './db'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import { loadConfig } from '../../server/src/config'
import type { Role } from '../../server/src/contract/auth'
import type { Database } from '../../server/src/db/database'
import { createApp } from '../../server/src/http/app'
import type { AppContext } from '../../server/src/http/context'
import { createServices } from '../../server/src/services/context'

export interface TestResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Requests to the test server as one caller: anonymous, or with a token of one role. */
export interface TestClient {
  get<T = any>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>>
  /** A JSON body for objects; strings, bytes, FormData and Blobs are sent as they are. */
  post<T = any>(path: string, body: BodyInit | object, headers?: Record<string, string>): Promise<TestResponse<T>>
  patch<T = any>(path: string, body: object, headers?: Record<string, string>): Promise<TestResponse<T>>
  delete<T = any>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>>
  /** The headers that authenticate as this caller (`{}` when anonymous), for a hand-made fetch. */
  auth(): Promise<Record<string, string>>
}

/**
 * The server for API tests. Itself an anonymous client (`s.get`, `s.post` send no token); `s.viewer`,
 * `s.planner` and `s.admin` send `Authorization: Bearer` with a token of that role, named
 * `test-viewer`, `test-planner`, `test-admin` (the actor recorded for their writes), created on
 * first use. `s.tokenOf(role)` gives the token itself.
 *
 * @example
 * const h = useServer(backend)
 * await h.s.admin.post('/api/import/areas?filename=a.geojson', geojsonText)   // 200
 * await h.s.planner.post('/api/scenarios', { name: 'x' })                    // 201
 * await h.s.post('/api/scenarios', { name: 'x' })                            // 401: anonymous
 * await fetch(h.s.url + '/api/scenarios/1', { method: 'DELETE', headers: await h.s.planner.auth() })
 */
export interface TestServer extends TestClient {
  url: string
  app: Express
  services: AppContext
  viewer: TestClient
  planner: TestClient
  admin: TestClient
  anonymous: TestClient
  tokenOf(role: Role): Promise<string>
  close(): Promise<void>
}

/** Settings of every test server unless a test gives its own: no rate limits (tests write fast). */
const TEST_ENV = { DEMO: '0', RATE_WRITES_PER_MIN: '0', RATE_HEAVY_PER_MIN: '0', RATE_AUTH_FAILURES_PER_MIN: '0' }

/** Tokens of each role for a set of services, created once on first use. */
export function roleTokens(services: AppContext): (role: Role) => Promise<string> {
  const made = new Map<Role, Promise<string>>()
  return (role) => {
    let t = made.get(role)
    if (!t) {
      const name = `test-${role}`
      // A server restarted on the same database makes its own: the old one is revoked (secrets are never stored).
      t = services.tokens.revoke(name).catch(() => null).then(() => services.tokens.create({ name, role, createdBy: 'test' })).then((c) => c.token)
      made.set(role, t)
    }
    return t
  }
}

async function parse(r: Response): Promise<TestResponse> {
  const text = await r.text()
  try {
    return { status: r.status, body: JSON.parse(text), headers: r.headers }
  } catch {
    return { status: r.status, body: text as any, headers: r.headers }
  }
}

/** A client of `url` that authenticates with `token()` (or not at all). */
export function testClient(url: string, token?: () => Promise<string>): TestClient {
  const auth = async (): Promise<Record<string, string>> => (token ? { authorization: `Bearer ${await token()}` } : {})
  const send = async (method: string, path: string, body: BodyInit | object | undefined, headers: Record<string, string>) => {
    const isRaw = body === undefined || typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData || body instanceof Blob
    return parse(
      await fetch(url + path, {
        method,
        body: isRaw ? (body as BodyInit | undefined) : JSON.stringify(body),
        headers: { ...(isRaw ? {} : { 'content-type': 'application/json' }), ...(await auth()), ...headers },
      }),
    )
  }
  return {
    get: (path, headers = {}) => send('GET', path, undefined, headers),
    post: (path, body, headers = {}) => send('POST', path, body, headers),
    patch: (path, body, headers = {}) => send('PATCH', path, body, headers),
    delete: (path, headers = {}) => send('DELETE', path, undefined, headers),
    auth,
  }
}

/** The real Express app on an ephemeral port over `db`, with settings from `env`. */
export async function startTestServer(db: Database, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({ ...TEST_ENV, ...env })
  const services = createServices(db, config)
  const app = createApp(services)
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const tokenOf = roleTokens(services)
  const anonymous = testClient(url)
  return {
    ...anonymous,
    url,
    app,
    services,
    anonymous,
    viewer: testClient(url, () => tokenOf('viewer')),
    planner: testClient(url, () => tokenOf('planner')),
    admin: testClient(url, () => tokenOf('admin')),
    tokenOf,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.analysis.close()
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
