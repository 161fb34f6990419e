import { describe, expect, it } from 'vitest'
import { CHROMIUM_SKIP_REASON, HAS_CHROMIUM, SMALL_VIEWPORT, waitForMap } from './support/browser'
import { useDemoApp } from './support/demo-server'

// The web app under the server's Content-Security-Policy (scripts from the origin only, workers
// from the origin or blob:, no inline script) and the role-dependent interface.

describe.skipIf(!HAS_CHROMIUM)('web app under the CSP, with roles', () => {
  const h = useDemoApp()

  it('the CSP and the usual headers are sent; under them the map renders with no console error, violation or failed request', async () => {
    const res = await fetch(h.server.url + '/')
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("worker-src 'self' blob:")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect((await fetch(h.server.url + '/api/health')).headers.get('content-security-policy')).toBe(csp)

    const p = await h.open('/?type=kindergarten', { viewport: SMALL_VIEWPORT })
    await waitForMap(p.page) // the first load finishes before the watched one starts
    const violations: string[] = []
    const failed: string[] = []
    await p.page.exposeFunction('__cspViolation', (v: string) => violations.push(v))
    p.page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`))
    p.page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.url()}: ${r.status()}`)
    })
    // Watched from the first byte of the (re)loaded page.
    await p.page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as any).__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`)))
    await p.page.reload()
    await waitForMap(p.page)
    const cells = await p.page.evaluate(() => (window as any).__circle15.map.queryRenderedFeatures({ layers: ['cells-fill'] }).length)
    expect(cells).toBeGreaterThan(500)
    await p.page.waitForFunction(() => (window as any).__circle15.map.queryRenderedFeatures({ layers: ['district-label'] }).length > 0, null, { timeout: 30_000 })
    // The stylesheet, the worker and the app script all came from the origin.
    const loaded = await p.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname))
    expect(loaded.some((x) => /\/assets\/maplibre-gl-worker-.*\.mjs$/.test(x))).toBe(true)
    expect(loaded.some((x) => /\/assets\/index-.*\.css$/.test(x))).toBe(true)
    expect(loaded).toContain('/first-tiles.js')
    expect(await p.page.evaluate(() => getComputedStyle(document.querySelector('.sidebar')!).overflowY)).toBe('auto')
    expect(violations).toEqual([])
    expect(failed).toEqual([])
    expect(p.consoleErrors).toEqual([])
    expect(p.offOrigin).toEqual([])

    // The policy is enforced: an injected inline script does not run and is reported.
    await p.page.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.__injected = true'
      document.body.append(s)
    })
    await expect.poll(() => violations.length).toBe(1)
    expect(violations[0]).toMatch(/^script-src/)
    expect(await p.page.evaluate(() => (window as any).__injected ?? false)).toBe(false)
  })

  it('a viewer sees who is signed in and no write control; a planner sees them', async () => {
    const viewer = await h.open('/?type=kindergarten&view=scenario', { viewport: SMALL_VIEWPORT, role: 'viewer' })
    await waitForMap(viewer.page)
    await viewer.page.waitForSelector('#scenario-list, .empty')
    expect(await viewer.page.locator('#user-badge .user-name').textContent()).toBe('test-viewer（查看）')
    expect(await viewer.page.evaluate(() => document.body.dataset.role)).toBe('viewer')
    expect(await viewer.page.locator('#scenario-create').isVisible()).toBe(false)
    expect(await viewer.page.locator('#siting').isVisible()).toBe(false)
    expect(viewer.consoleErrors).toEqual([])

    const planner = await h.open('/?type=kindergarten&view=scenario', { viewport: SMALL_VIEWPORT, role: 'planner' })
    await waitForMap(planner.page)
    expect(await planner.page.locator('#user-badge .user-name').textContent()).toBe('test-planner（规划）')
    expect(await planner.page.locator('#scenario-create').isVisible()).toBe(true)
    expect(await planner.page.locator('#siting').isVisible()).toBe(true)
    // Signing out forgets the token; the write controls stay (the next edit asks again).
    await planner.page.click('#sign-out')
    expect(await planner.page.locator('#user-badge').textContent()).toBe('登录')
    expect(await planner.page.evaluate(() => sessionStorage.getItem('circle15.token'))).toBeNull()
    expect(await planner.page.locator('#scenario-create').isVisible()).toBe(true)
    expect(planner.consoleErrors).toEqual([])
  })
})

if (!HAS_CHROMIUM) describe.skip(CHROMIUM_SKIP_REASON, () => it('needs Chromium', () => {}))
