import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HAS_CHROMIUM, SMALL_VIEWPORT, waitForMap } from './support/browser'
import { useDemoApp } from './support/demo-server'

// The "export report" button downloads the report of the current view (area, type, language).
describe.skipIf(!HAS_CHROMIUM)('export report button', () => {
  const h = useDemoApp()

  it('downloads the HTML report of the township in view, with the figures of /api/coverage', async () => {
    const area = '330282002'
    const p = await h.open(`/?type=kindergarten&area=${area}`, { viewport: SMALL_VIEWPORT })
    await waitForMap(p.page)
    await p.page.selectOption('#export-format', 'html')
    const [download] = await Promise.all([p.page.waitForEvent('download', { timeout: 120_000 }), p.page.click('#export-report')])
    expect(download.suggestedFilename()).toBe(`coverage-${area}-kindergarten-zh.html`)
    const html = fs.readFileSync((await download.path())!, 'utf8')
    const cov = await (await fetch(`${h.server.url}/api/coverage?type=kindergarten&area=${area}`)).json()
    expect(html).toContain(`${(cov.total.rate * 100).toFixed(1)}%`)
    expect(html).toContain(new Intl.NumberFormat('zh-CN').format(Math.round(cov.total.targetPopulation)))
    await p.page.waitForSelector('.export-message:has-text("已下载")')
    expect(p.consoleErrors).toEqual([])
    expect(p.offOrigin).toEqual([])
  })
})
