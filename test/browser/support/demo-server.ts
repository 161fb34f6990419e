import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { loadConfig } from '../../../server/src/config'
import { openPglite } from '../../../server/src/db/pglite'
import { createApp } from '../../../server/src/http/app'
import { setLogLevel } from '../../../server/src/log'
import type { AppContext } from '../../../server/src/http/context'
import { createServices, installReferenceData } from '../../../server/src/services/context'
import { demoDump, once } from '../../support/demo-dump'
import { migrate } from '../../../server/src/db/migrate'
import { type WatchedPage, launchBrowser, openPage } from './browser'
import type { Role } from '../../../server/src/contract/auth'
import { roleTokens } from '../../support/server'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const CACHE = path.join(ROOT, 'node_modules/.cache/circle15')
export const WEB_DIST = path.join(ROOT, 'dist/web')

export async function ensureWebBuild(): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html')
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs), 0)
  const sources = Math.max(newest(path.join(ROOT, 'web')), fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs)
  const fresh = () => fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources
  await once(path.join(CACHE, 'web-build.lock'), fresh, () => {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' })
  })
}

export interface DemoServer {
  url: string
  services: AppContext
  /** A token of `role` (named `test-<role>`), created on first use. */
  tokenOf(role: Role): Promise<string>
  /** `Authorization` header of a token of `role`, for fetch. */
  auth(role: Role): Promise<Record<string, string>>
  close(): Promise<void>
}

/**
 * The real server over a fresh copy of the demo database, on an ephemeral port: the API and the
 * built web app (`web: false`, for the benchmark: the API only, no web build).
 */
export async function startDemoServer(opts: { web?: boolean; env?: Record<string, string> } = {}): Promise<DemoServer> {
  const web = opts.web ?? true
  setLogLevel('warn')
  const [file] = await Promise.all([demoDump(), web ? ensureWebBuild() : undefined])
  const db = await openPglite({ loadDataDir: new Blob([fs.readFileSync(file)]) })
  await migrate(db)
  await installReferenceData(db)
  const services = createServices(db, loadConfig({ DEMO: '0', RATE_WRITES_PER_MIN: '0', RATE_HEAVY_PER_MIN: '0', ...opts.env }))
  const app = createApp(services, web ? { webDir: WEB_DIST } : {})
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const tokenOf = roleTokens(services)
  return {
    url,
    services,
    tokenOf,
    auth: async (role) => ({ authorization: `Bearer ${await tokenOf(role)}` }),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.analysis.close()
      await db.close()
    },
  }
}

/**
 * The demo server and a Chromium for one describe block: started (together) before its tests;
 * the pages opened with `open`, the browser and the server closed after. Use `h.server.url`.
 */
export function useDemoApp(env: Record<string, string> = {}): {
  readonly server: DemoServer
  /** A page at `path`; with `role`, signed in with a token of that role (kept in the tab's sessionStorage). */
  open(path: string, opts?: { viewport?: { width: number; height: number }; role?: Role }): Promise<WatchedPage>
} {
  const pages: WatchedPage[] = []
  let browser: { browser: Browser; close(): Promise<void> } | undefined
  const h = {
    server: undefined as unknown as DemoServer,
    async open(path: string, opts: { viewport?: { width: number; height: number }; role?: Role } = {}) {
      const p = await openPage(browser!.browser, h.server.url, opts)
      pages.push(p)
      if (opts.role) await p.context.addInitScript((token) => sessionStorage.setItem('circle15.token', token), await h.server.tokenOf(opts.role))
      await p.page.goto(h.server.url + path)
      return p
    },
  }
  beforeAll(async () => {
    const [s, b] = await Promise.all([startDemoServer({ env }), launchBrowser()])
    h.server = s
    browser = b
  }, 900_000)
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {})
    await browser?.close()
    await h.server?.close()
  })
  return h
}
