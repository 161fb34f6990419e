import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { HAS_CHROMIUM, waitForMap, type WatchedPage } from './support/browser'
import { useDemoApp } from './support/demo-server'
import { UPDATE, compareScreenshot } from './support/screenshots'

// Screenshots of the key views against test/browser/expected/*.png (UPDATE=1 regenerates them;
// the actual images go to test/screenshots/actual/, with a .diff.png where they differ).
// Software WebGL and font rasterisation vary slightly between runs, hence the tolerance.
const MAX_DIFF = 0.005

describe.skipIf(!HAS_CHROMIUM)('screenshots of the key views', () => {
  const h = useDemoApp()
  let current: WatchedPage | null = null

  const open = async (path: string, role?: 'planner'): Promise<Page> => {
    await current?.close()
    current = await h.open(path, { role })
    await waitForMap(current.page, { idle: true })
    return current.page
  }
  const check = async (page: Page, name: string) => {
    expect(current!.consoleErrors).toEqual([])
    expect(current!.offOrigin).toEqual([])
    const r = await compareScreenshot(page, name)
    console.log(`[circle15] screenshot ${name}: ${r.updated ? 'expected image written' : `${(r.diffRatio * 100).toFixed(3)}% of pixels differ`}`)
    if (!r.updated) expect(r.diffRatio, `${name}: ${(r.diffRatio * 100).toFixed(2)}% of pixels differ (see ${r.diff ?? r.actual})`).toBeLessThanOrEqual(MAX_DIFF)
  }

  it('coverage: the city, kindergartens within 10 minutes, districts worst first', async () => {
    const page = await open('/?type=kindergarten&minutes=10')
    await page.waitForSelector('svg.lorenz')
    await check(page, 'coverage-city')
  })

  it('coverage: a district, covered or not, cells at full resolution', async () => {
    const page = await open('/?type=kindergarten&minutes=10&area=330212&layer=covered&map=12.60/29.8200/121.5600')
    await page.waitForSelector('#coverage-table')
    await check(page, 'coverage-district-covered')
  })

  it('gaps: ranked clusters outlined on the map and listed', async () => {
    const page = await open('/?type=kindergarten&minutes=10&view=gaps&map=11.20/29.8600/121.5500')
    await page.waitForSelector('#gap-list li', { timeout: 60_000 })
    await waitForMap(page, { idle: true })
    await check(page, 'gaps')
  })

  it('scenario: a planned kindergarten added in the worst gap, with its delta card', async () => {
    const gap = (await (await fetch(`${h.server.url}/api/gaps?type=kindergarten&minutes=10&limit=1`)).json()).features[0].properties
    const page = await open(`/?type=kindergarten&minutes=10&view=scenario&map=14.00/${gap.centroid[1].toFixed(5)}/${gap.centroid[0].toFixed(5)}`, 'planner')
    await page.fill('#scenario-name', '新建幼儿园方案')
    await page.click('#scenario-create')
    await page.waitForSelector('#add-facility')
    await waitForMap(page, { idle: true })
    const token = await page.evaluate(() => document.body.dataset.cellsToken)
    await page.click('#add-facility')
    const box = (await page.locator('#map').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForSelector('#delta-card')
    await waitForMap(page, { token, idle: true })
    await page.waitForSelector('#compare')
    await page.mouse.move(10, 10) // off the map: no hover tooltip
    await check(page, 'scenario-delta')
  })

  it('plan: the year’s portfolio and a named project on the map', async () => {
    const page = await open('/?view=plan&map=12.00/29.9300/121.6500')
    await page.waitForSelector('#project-list li', { timeout: 60_000 })
    await page.click('#project-list li[data-id="nb2024-03"]')
    await page.waitForSelector('.project-popup')
    await page.evaluate(() => document.querySelector('#projects')!.scrollIntoView())
    await page.mouse.move(10, 10)
    await waitForMap(page, { idle: true })
    await check(page, 'plan-projects')
  })

  it('clusters: Cixi’s suggested plan, clusters coloured with their hubs and member lines', async () => {
    await current?.close()
    current = await h.open('/?view=clusters&map=10.30/30.1600/121.2800')
    const page = current.page
    await page.waitForSelector('#cluster-cards .cluster-card', { timeout: 180_000 })
    await page.waitForFunction(() => document.body.dataset.ready === '1' && (document.body.dataset.busy ?? '0') === '0' && (window as any).__circle15.map.loaded(), null, { timeout: 120_000 })
    await page.mouse.move(10, 10)
    await check(page, 'clusters-cixi')
  })

  it('English: a cell popup with residents by age and the nearest facility', async () => {
    const page = await open('/?type=elderly_daycare&lang=en&map=14.00/29.8750/121.5450')
    const box = (await page.locator('#map').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForSelector('.cell-popup table.ages')
    await page.mouse.move(10, 10)
    await waitForMap(page, { idle: true })
    await check(page, 'popup-en')
  })
})

if (UPDATE) console.log('[circle15] UPDATE=1: expected screenshots are being regenerated')
