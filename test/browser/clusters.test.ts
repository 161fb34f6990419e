import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { HAS_CHROMIUM } from './support/browser'
import { useDemoApp } from './support/demo-server'

// The 片区组团 view on the demo's Cixi plans, against the API's own figures.
const idle = (page: Page) => page.waitForFunction(() => document.body.dataset.ready === '1' && (document.body.dataset.busy ?? '0') === '0', null, { timeout: 180_000 })
const pct = (r: number) => `${(r * 100).toFixed(1)}%`

describe.skipIf(!HAS_CHROMIUM)('片区组团 view in Chromium', () => {
  const h = useDemoApp()
  const apiGet = async (path: string) => (await fetch(h.server.url + path)).json()

  it('shows the suggested plan: one card per cluster, the modelled-data note, the plan vs the status quo as the API computes them', async () => {
    const plans = await apiGet('/api/clusters/plans?area=330282')
    const plan = plans.find((p: any) => p.source === 'suggested')
    const analysis = await apiGet(`/api/clusters/analysis?area=330282&plan=${plan.id}`)
    const p = await h.open('/?view=clusters')
    await p.page.waitForSelector('#cluster-cards .cluster-card', { timeout: 180_000 })
    await idle(p.page)
    expect(await p.page.locator('#cluster-cards .cluster-card').count()).toBe(analysis.clusters.length)
    expect(await p.page.locator('#clusters-modelled').innerText()).toContain('模型数据')
    const cluster = analysis.comparison.plan.tiers.find((x: any) => x.tier === 'cluster')
    const quo = analysis.comparison.statusQuo.tiers.find((x: any) => x.tier === 'cluster')
    const row = await p.page.locator('#cluster-compare tr', { hasText: '片区（组团）层级' }).innerText()
    expect(row).toContain(`${pct(cluster.inside)} / ${pct(cluster.anywhere)}`)
    expect(row).toContain(`${pct(quo.inside)} / ${pct(quo.anywhere)}`)
    // the map draws every cluster and its hub
    const drawn = await p.page.evaluate(() => (window as any).__circle15.map.getSource('clusters')._data.geojson?.features?.length ?? (window as any).__circle15.map.getSource('clusters')._data.features.length)
    expect(drawn).toBe(analysis.clusters.length)
    // compare with the status-quo plan: a third column with that plan's own figures
    const quoPlan = plans.find((x: any) => x.source === 'import:csv')
    const quoAnalysis = await apiGet(`/api/clusters/analysis?area=330282&plan=${quoPlan.id}`)
    await p.page.selectOption('#cluster-compare-plan', String(quoPlan.id))
    await p.page.waitForSelector('#compare-other', { timeout: 180_000 })
    const own = quoAnalysis.comparison.plan.tiers.find((x: any) => x.tier === 'cluster')
    expect(await p.page.locator('#cluster-compare tr', { hasText: '片区（组团）层级' }).innerText()).toContain(`${pct(own.inside)} / ${pct(own.anywhere)}`)
    expect(p.consoleErrors).toEqual([])
    expect(p.offOrigin).toEqual([])
  })

  it('moving a village to another cluster shows what changed, equal to the API after the move', async () => {
    const p = await h.open('/?view=clusters', { role: 'planner' })
    await p.page.waitForSelector('#cluster-cards .cluster-card', { timeout: 180_000 })
    await idle(p.page)
    await p.page.locator('#cluster-cards .cluster-card').first().click()
    await p.page.waitForSelector('#village-table .move-select')
    const member = await p.page.locator('#village-table .move-select').first().getAttribute('data-member')
    const options = await p.page.locator('#village-table .move-select').first().locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean))
    await p.page.locator('#village-table .move-select').first().selectOption(options[0])
    await p.page.waitForSelector('#cluster-change', { timeout: 180_000 })
    const text = await p.page.locator('#cluster-change').innerText()
    const plans = await apiGet('/api/clusters/plans?area=330282')
    const plan = plans.find((x: any) => x.source === 'suggested')
    const after = await apiGet(`/api/clusters/analysis?area=330282&plan=${plan.id}`)
    expect(after.clusters.find((c: any) => c.code === options[0]).members.map((m: any) => m.code)).toContain(member)
    const inside = after.comparison.plan.tiers.find((x: any) => x.tier === 'cluster').inside
    expect(text).toContain(pct(inside))
    expect(text).toContain(after.clusters.find((c: any) => c.code === options[0]).name)
    // make another member the hub of the first cluster
    const hubMember = await p.page.locator('#village-table .make-hub').first().getAttribute('data-member')
    await p.page.locator('#village-table .make-hub').first().click()
    await p.page.waitForFunction(() => document.querySelector('#cluster-change h3')?.textContent?.includes('中心改为'), null, { timeout: 180_000 })
    const g = await apiGet(`/api/clusters?area=330282&plan=${plan.id}`)
    expect(g.features.some((f: any) => f.properties.hub.code === hubMember)).toBe(true)
  })

  it('suggests clusters for a population range, with the gap to the lower bound, in English too', async () => {
    const p = await h.open('/?view=clusters&lang=en', { role: 'planner' })
    await p.page.waitForSelector('#cluster-cards .cluster-card', { timeout: 180_000 })
    expect(await p.page.locator('.tab[data-view="clusters"]').innerText()).toBe('Clusters')
    await p.page.click('#suggest > summary')
    await p.page.fill('#suggest-min', '20000')
    await p.page.fill('#suggest-max', '80000')
    await p.page.click('#suggest-run')
    await p.page.waitForSelector('#suggest-summary', { timeout: 180_000 })
    expect(await p.page.locator('#suggest-summary').innerText()).toMatch(/^\d+ contiguous clusters \(heuristic\): [\d,]+ person-minutes to the hubs, lower bound [\d,]+, gap \d+\.\d%, in [\d.]+ s\.$/)
  })
})
