import fs from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium (installed by .ci/run); the browser tests are skipped where it is absent. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM)
export const CHROMIUM_SKIP_REASON = `browser tests need Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk): skipped`
if (!HAS_CHROMIUM) console.warn(`[circle15 tests] ${CHROMIUM_SKIP_REASON}`)

/** The viewport of the screenshots; functional tests use a smaller one (less software rendering). */
export const VIEWPORT = { width: 1280, height: 800 }
export const SMALL_VIEWPORT = { width: 1100, height: 700 }

/**
 * Launches Chromium headless and offline-minded (no background networking, no component updates,
 * no sync). Playwright's launch() gives every browser a fresh temporary profile (its own
 * --user-data-dir, removed on close).
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync',
      '--font-render-hinting=none', '--force-color-profile=srgb', '--hide-scrollbars',
    ],
  })
  return {
    browser,
    close: () => browser.close(),
  }
}

/** A page that records console errors, page errors and every request that tries to leave `origin` (which it blocks). */
export interface WatchedPage {
  page: Page
  context: BrowserContext
  consoleErrors: string[]
  offOrigin: string[]
  close(): Promise<void>
}

export async function openPage(browser: Browser, origin: string, opts: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? VIEWPORT, deviceScaleFactor: 1, locale: opts.locale ?? 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const consoleErrors: string[] = []
  const offOrigin: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(`${origin}/`) || url === origin) return route.continue()
    offOrigin.push(url)
    return route.abort('blockedbyclient')
  })
  const page = await context.newPage()
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`))
  return { page, context, consoleErrors, offOrigin, close: () => context.close() }
}

/**
 * Waits until the cell layer of the current state is on screen (a token other than `token`, when
 * given); with `idle`, also until no request is in flight and the map has settled (screenshots).
 */
export async function waitForMap(page: Page, opts: { token?: string; idle?: boolean; timeout?: number } = {}) {
  await page.waitForFunction(
    ({ prev, idle }) => {
      const d = document.body.dataset
      const drawn = d.ready === '1' && d.cellsDrawn !== undefined && d.cellsDrawn === d.cellsToken && d.cellsDrawn !== prev
      return drawn && (!idle || (d.busy ?? '0') === '0')
    },
    { prev: opts.token ?? null, idle: opts.idle ?? false },
    { timeout: opts.timeout ?? 60_000, polling: 100 },
  )
  if (!opts.idle) return
  // Let MapLibre finish placing labels and fading symbols.
  await page.evaluate(() => new Promise((resolve) => {
    const map = (window as any).__circle15?.map
    if (!map || map.loaded()) return setTimeout(resolve, 50)
    map.once('idle', () => resolve(null))
  }))
}
