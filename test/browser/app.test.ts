import { describe, expect, it } from 'vitest'
import { CHROMIUM_SKIP_REASON, HAS_CHROMIUM, SMALL_VIEWPORT, waitForMap, type WatchedPage } from './support/browser'
import { useDemoApp } from './support/demo-server'

// The planner's web app in Debian's Chromium against the real server with the Ningbo demo data.
// Every page blocks and records requests to any other origin: the app must work offline.

const LOAD_RUNS = 3

describe.skipIf(!HAS_CHROMIUM)('web app in Chromium', () => {
  const h = useDemoApp()

  const open = async (path: string, role?: 'viewer' | 'planner' | 'admin') => {
    const p = await h.open(path, { viewport: SMALL_VIEWPORT, role })
    await waitForMap(p.page)
    return p
  }
  const api = async <T = any>(path: string, init?: RequestInit): Promise<T> => {
    const r = await fetch(h.server.url + path, init)
    expect(r.ok, `${path}: ${r.status}`).toBe(true)
    return r.status === 204 ? (undefined as T) : ((await r.json()) as T)
  }
  const noErrors = (p: WatchedPage) => {
    expect(p.consoleErrors, 'console errors').toEqual([])
    expect(p.offOrigin, 'requests to other origins').toEqual([])
  }

  it('loads with no console error and no request leaving the origin; the first coloured map is timed', async () => {
    const times: number[] = []
    for (let run = 0; run < LOAD_RUNS; run++) {
      const p = await open('/')
      const mark = await p.page.evaluate(() => performance.getEntriesByName('circle15:first-coloured-map')[0]?.startTime ?? null)
      expect(mark).not.toBeNull()
      times.push(mark!)
      const cells = await p.page.evaluate(() => (window as any).__circle15.map.queryRenderedFeatures({ layers: ['cells-fill'] }).length)
      expect(cells).toBeGreaterThan(500)
      // District names drawn with local fonts (no glyph server): the label layer has placed symbols
      // (placement runs on later frames: on a loaded machine, give it time before asserting).
      await p.page.waitForFunction(() => (window as any).__circle15.map.queryRenderedFeatures({ layers: ['district-label'] }).length > 0, null, { timeout: 30_000 }).catch(() => {})
      const labels = await p.page.evaluate(() => (window as any).__circle15.map.queryRenderedFeatures({ layers: ['district-label'] }).map((f: any) => f.properties.name))
      expect(labels).toContain('鄞州区')
      expect(await p.page.locator('h1').textContent()).toBe('15分钟公共服务圈')
      noErrors(p)
      await p.close()
    }
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]
    console.log(`[circle15] page load → first coloured map: median ${median.toFixed(0)} ms over ${LOAD_RUNS} loads (${times.map((t) => t.toFixed(0)).join(', ')} ms)`)
    expect(median).toBeLessThan(15_000) // the 3 s target is reported, not asserted: this machine is shared
  })

  it('choosing a type renders the cell layer and the legend for it', async () => {
    const p = await open('/')
    const before = await p.page.evaluate(() => document.body.dataset.cellsToken)
    await p.page.click('#type-button')
    await p.page.click('[data-type="primary_school"]')
    await waitForMap(p.page, { token: before })
    expect(new URL(p.page.url()).searchParams.get('type')).toBe('primary_school')
    expect(await p.page.locator('.legend-title').textContent()).toContain('小学')
    expect(await p.page.locator('.type-name').textContent()).toBe('小学')
    expect(await p.page.locator('.type-facts').textContent()).toContain('6–11 岁儿童')
    const features = await p.page.evaluate(() => (window as any).__circle15.map.queryRenderedFeatures({ layers: ['cells-fill'] }).length)
    expect(features).toBeGreaterThan(500)
    // The coverage panel follows: its rate is the API's.
    const coverage = await api('/api/coverage?type=primary_school&level=district')
    await p.page.waitForFunction((rate) => document.body.dataset.coverage === String(rate), coverage.total.rate)
    noErrors(p)
  })

  it('a link reproduces the view: type, area, mode, minutes, layer, language and map position', async () => {
    const p = await open('/?type=elderly_daycare&area=330203&minutes=15&mode=ebike&layer=covered&lang=en&map=11.00/29.87/121.55')
    expect(await p.page.locator('h1').textContent()).toBe('15-minute public service circle')
    expect(await p.page.locator('#minutes-select').inputValue()).toBe('15')
    expect(await p.page.locator('#mode-select').inputValue()).toBe('ebike')
    expect(await p.page.locator('.crumb.current').textContent()).toBe('海曙区')
    expect(await p.page.locator('.segmented [aria-checked="true"]').getAttribute('data-layer')).toBe('covered')
    expect(await p.page.locator('.legend-title').textContent()).toContain('within 15 min')
    const zoom = await p.page.evaluate(() => (window as any).__circle15.map.getZoom())
    expect(zoom).toBeCloseTo(11, 1)
    const coverage = await api('/api/coverage?type=elderly_daycare&area=330203&level=township&minutes=15&mode=ebike')
    expect(await p.page.locator('#coverage-summary .rate').getAttribute('data-rate')).toBe(String(coverage.total.rate))
    noErrors(p)
  })

  it('drills down from the city to a district and shows the table, the curve and the Lorenz curve', async () => {
    const p = await open('/?type=kindergarten&minutes=10')
    const rows = p.page.locator('#coverage-table tbody tr')
    expect(await rows.count()).toBe(10)
    // Worst first: the first row is the worst-served district, flagged.
    const districts = await api('/api/coverage?type=kindergarten&minutes=10&level=district')
    const worst = [...districts.areas].sort((a: any, b: any) => a.rate - b.rate)[0]
    expect(await rows.first().getAttribute('data-code')).toBe(worst.code)
    expect(await rows.first().locator('.badge').count()).toBe(1)
    await expect.poll(() => p.page.locator('svg.curve circle').count()).toBe(5)
    await expect.poll(() => p.page.locator('svg.lorenz polyline').count()).toBe(1)
    const before = await p.page.evaluate(() => document.body.dataset.coverage)
    await rows.first().click()
    await p.page.waitForFunction((b) => document.body.dataset.coverage !== b, before)
    expect(new URL(p.page.url()).searchParams.get('area')).toBe(worst.code)
    expect(await p.page.locator('.crumb.current').textContent()).toBe(worst.name)
    expect(await p.page.locator('#coverage-table thead th').first().textContent()).toBe('乡镇街道')
    noErrors(p)
  })

  it('a click on a cell shows its residents by age, minutes and the nearest facility; an isochrone on demand', async () => {
    const p = await open('/?type=kindergarten&map=14.00/29.8750/121.5450')
    const center = await p.page.evaluate(() => {
      const m = (window as any).__circle15.map
      const c = m.project(m.getCenter())
      return { x: c.x, y: c.y }
    })
    const box = (await p.page.locator('#map').boundingBox())!
    await p.page.mouse.click(box.x + center.x, box.y + center.y)
    await p.page.waitForSelector('.cell-popup table.ages')
    // Six age groups in two columns, then the total.
    expect(await p.page.locator('.cell-popup table.ages tr').count()).toBe(4)
    expect(await p.page.locator('.cell-popup table.ages td').count()).toBe(14)
    expect(await p.page.locator('.cell-popup td.target').first().textContent()).toContain('3–5 岁')
    expect(await p.page.locator('.cell-popup .nearest').textContent()).toContain('最近设施')
    await p.page.click('.cell-popup .popup-actions button')
    await p.page.waitForSelector('.iso-card:not([hidden]) tr')
    expect(await p.page.locator('.iso-card tr').count()).toBe(3)
    noErrors(p)
  })

  it('the gap list is ranked and a click flies the map to the gap', async () => {
    const p = await open('/?type=kindergarten&view=gaps&area=330203')
    await p.page.waitForSelector('#gap-list li', { timeout: 60_000 })
    const gaps = await api('/api/gaps?type=kindergarten&area=330203&limit=100')
    const ranks = await p.page.locator('#gap-list li').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.rank)))
    expect(ranks).toEqual(gaps.features.map((f: any) => f.properties.rank))
    const third = gaps.features[2].properties
    await p.page.locator('#gap-list li').nth(2).click()
    await p.page.waitForFunction(() => !(window as any).__circle15.map.isMoving(), null, { timeout: 10_000 })
    await p.page.waitForTimeout(1000)
    const center = await p.page.evaluate(() => (window as any).__circle15.map.getCenter().toArray())
    expect(Math.abs(center[0] - third.centroid[0])).toBeLessThan(0.1)
    expect(Math.abs(center[1] - third.centroid[1])).toBeLessThan(0.1)
    // The selected gap is split into facility-sized pieces, listed as the API gives them.
    await p.page.waitForSelector('.gap.selected .gap-piece-list li, .gap.selected .gap-pieces:not(:has(ol))', { timeout: 60_000 })
    await p.page.waitForFunction(() => !document.querySelector('.gap.selected .gap-pieces')?.textContent?.includes('拆分缺口…'), null, { timeout: 60_000 })
    const split = (await api(`/api/gaps?type=kindergarten&area=330203&rank=${third.rank}&pieces=1`)).features[0].properties
    const shown = await p.page.locator('.gap.selected .gap-piece-list li').count()
    expect(shown).toBe(split.pieces.length > 1 ? Math.min(10, split.pieces.length) : 0)
    if (shown) expect(await p.page.locator('.gap.selected .gap-piece-list li').first().textContent()).toContain(`${Math.round(split.pieces[0].targetPopulation).toLocaleString('zh-CN')} 名`)
    // … and drawn on the map: one site per piece.
    const sites = await p.page.evaluate(() => ((window as any).__circle15.map.getSource('gap-pieces').serialize().data.features as any[]).filter((f) => f.geometry.type === 'Point').map((f) => f.geometry.coordinates))
    expect(sites).toEqual(split.pieces.map((x: any) => x.site))
    noErrors(p)
  })

  it('the coverage view shows the 均衡可及优质 index of the area for the type’s domain, as the API gives it', async () => {
    const p = await open('/?type=kindergarten&area=330203')
    await p.page.waitForSelector('#circle-index .index-value', { timeout: 60_000 })
    const idx = (await api('/api/index?domain=education&area=330203')).areas[0]
    expect(Number(await p.page.locator('#circle-index .index-value').getAttribute('data-index'))).toBeCloseTo(idx.index, 12)
    expect(await p.page.locator('#circle-index h3').textContent()).toContain('学有优教')
    for (const part of ['accessible', 'balanced', 'quality']) {
      expect(await p.page.locator(`#circle-index tr[data-part="${part}"] td.num`).first().textContent()).toBe(idx[part] === null ? '—' : idx[part].toFixed(2))
    }
    noErrors(p)
  })

  it('adding a facility in a scenario shows a delta equal to the API’s; the delta card and the recoloured map are timed', async () => {
    const gap = (await api('/api/gaps?type=kindergarten&limit=1')).features[0].properties
    const p = await open(`/?type=kindergarten&view=scenario&map=14.00/${gap.centroid[1]}/${gap.centroid[0]}`)
    await p.page.fill('#scenario-name', '测试情景')
    // The first edit asks for a token (not signed in yet): a wrong one is refused in the dialog.
    expect(await p.page.locator('#user-badge').textContent()).toBe('登录')
    await p.page.click('#scenario-create')
    await p.page.waitForSelector('#signin-dialog[open]')
    await p.page.fill('#signin-token', 'c15_not_a_token')
    await p.page.click('#signin-submit')
    await p.page.waitForSelector('#signin-dialog .form-error:not([hidden])')
    expect(await p.page.locator('#signin-dialog .form-error').textContent()).toBe('令牌无效或已撤销')
    // Chromium logs the refused check of the wrong token; that one error is expected.
    expect(p.consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)'])
    p.consoleErrors.length = 0
    await p.page.fill('#signin-token', await h.server.tokenOf('planner'))
    await p.page.click('#signin-submit')
    await p.page.waitForSelector('#add-facility')
    expect(await p.page.locator('#user-badge .user-name').textContent()).toBe('test-planner（规划）')
    expect(await p.page.evaluate(() => sessionStorage.getItem('circle15.token'))).toMatch(/^c15_/)
    const scenario = Number(new URL(p.page.url()).searchParams.get('scenario'))
    expect(scenario).toBeGreaterThan(0)
    await waitForMap(p.page)
    const tokenBefore = await p.page.evaluate(() => document.body.dataset.cellsToken)
    await p.page.click('#add-facility')
    const box = (await p.page.locator('#map').boundingBox())!
    const response = p.page.waitForResponse((r) => r.url().includes(`/api/scenarios/${scenario}/changes`) && r.request().method() === 'POST')
    const t0 = Date.now()
    await p.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    const body = await (await response).json()
    const answered = Date.now() - t0
    await p.page.waitForSelector('#delta-card')
    const deltaShown = Date.now() - t0
    await waitForMap(p.page, { token: tokenBefore })
    const mapUpdated = Date.now() - t0
    // In the page's own clock: from the click (edit start) to the delta card and to the recoloured map.
    const inPage = await p.page.evaluate(() => {
      const last = (n: string) => performance.getEntriesByName(n).at(-1)!.startTime
      return { delta: last('circle15:delta') - last('circle15:edit'), map: last('circle15:cells-drawn') - last('circle15:edit') }
    })
    console.log(`[circle15] scenario edit: delta card ${inPage.delta.toFixed(0)} ms and map recoloured ${inPage.map.toFixed(0)} ms after the click (page clock); test clock: API ${answered} ms, card ${deltaShown} ms, map ${mapUpdated} ms`)
    const delta = body.delta[0]
    expect(delta.coveredGain).toBeGreaterThan(0)
    expect(Number(await p.page.locator('#delta-card').getAttribute('data-gain'))).toBe(delta.coveredGain)
    expect(await p.page.locator('.delta-headline').textContent()).toBe(`新增覆盖 ${Math.round(delta.coveredGain).toLocaleString('zh-CN')} 名 3–5 岁儿童`)
    const shownAreas = await p.page.locator('.delta-areas li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))
    expect(shownAreas).toEqual(delta.areas.map((a: any) => a.code))
    // The comparison with the baseline agrees with the delta of this first change.
    const compare = await api(`/api/scenarios/${scenario}/compare?type=kindergarten&level=district`)
    expect(compare.total.coveredGain).toBeCloseTo(delta.coveredGain, 6)
    expect(await p.page.locator('#changes li').count()).toBe(1)
    expect(deltaShown).toBeLessThan(5_000)
    noErrors(p)
  })

  it('a scenario facility can be dragged, resized and removed; the scenario renamed and deleted', async () => {
    const planner = await h.server.auth('planner')
    const { id } = await api<{ id: number }>('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json', ...planner }, body: JSON.stringify({ name: '编辑测试' }) })
    const at = [121.5405, 29.8655]
    await api(`/api/scenarios/${id}/changes`, { method: 'POST', headers: { 'content-type': 'application/json', ...planner }, body: JSON.stringify({ op: 'add', facility: { type: 'kindergarten', lng: at[0], lat: at[1], name: '拖动测试园' } }) })
    const p = await open(`/?type=kindergarten&view=scenario&scenario=${id}&map=15.00/${at[1]}/${at[0]}`, 'planner')
    await p.page.waitForFunction(() => Number(document.body.dataset.facilities) > 0)
    await p.page.waitForSelector('#changes li')
    const box = (await p.page.locator('#map').boundingBox())!
    const point = await p.page.evaluate((ll) => (window as any).__circle15.map.project(ll), at)
    // Drag it 80 px to the east.
    const move = p.page.waitForResponse((r) => r.url().includes(`/api/scenarios/${id}/changes`) && r.request().method() === 'POST')
    await p.page.mouse.move(box.x + point.x, box.y + point.y)
    await p.page.mouse.down()
    await p.page.mouse.move(box.x + point.x + 40, box.y + point.y, { steps: 5 })
    await p.page.mouse.move(box.x + point.x + 80, box.y + point.y, { steps: 5 })
    await p.page.mouse.up()
    const moved = await (await move).json()
    expect(moved.change.op).toBe('move')
    expect(moved.change.lng).toBeGreaterThan(at[0])
    await p.page.waitForFunction(() => document.querySelectorAll('#changes li').length === 2)
    // Click it (now moved) to resize, then remove: once the map draws it at its new place.
    const point2 = await p.page.evaluate((ll) => (window as any).__circle15.map.project(ll), [moved.change.lng, moved.change.lat])
    const drawnAt = (pt: { x: number; y: number }) => p.page.waitForFunction((q) => (window as any).__circle15.map.queryRenderedFeatures([q.x, q.y], { layers: ['facilities'] }).some((f: any) => f.properties.name === '拖动测试园'), pt)
    await drawnAt(point2)
    await p.page.mouse.click(box.x + point2.x, box.y + point2.y)
    await p.page.fill('#facility-capacity', '240')
    const resize = p.page.waitForResponse((r) => r.url().includes(`/api/scenarios/${id}/changes`) && r.request().method() === 'POST')
    await p.page.click('#facility-resize')
    expect((await (await resize).json()).change).toMatchObject({ op: 'resize', capacity: 240 })
    await p.page.waitForFunction(() => document.querySelectorAll('#changes li').length === 3)
    await drawnAt(point2)
    await p.page.mouse.click(box.x + point2.x, box.y + point2.y)
    const remove = p.page.waitForResponse((r) => r.url().includes(`/api/scenarios/${id}/changes`) && r.request().method() === 'POST')
    await p.page.click('#facility-remove')
    expect((await (await remove).json()).change.op).toBe('remove')
    await p.page.waitForFunction(() => document.querySelectorAll('#changes li').length === 4)
    // Rename.
    await p.page.click('#scenario-rename')
    await p.page.fill('#rename-input', '改名后的情景')
    await p.page.click('#rename-save')
    await p.page.waitForFunction(() => document.querySelector('.scenario-title h2')?.textContent === '改名后的情景')
    expect((await api(`/api/scenarios/${id}`)).name).toBe('改名后的情景')
    expect(await p.page.locator('#compare table tbody tr').count()).toBe(10)
    // Delete (confirming the dialog): back to the list, which no longer has it.
    p.page.once('dialog', (d) => void d.accept())
    await p.page.click('.danger-zone button')
    await p.page.waitForSelector('#scenario-create')
    expect(new URL(p.page.url()).searchParams.get('scenario')).toBeNull()
    expect((await api<any[]>('/api/scenarios')).some((s) => s.id === id)).toBe(false)
    noErrors(p)
  })

  it('suggested sites (k chosen by the planner) become a scenario in one click', async () => {
    const p = await open('/?type=kindergarten&view=scenario&area=330203', 'planner')
    await p.page.fill('#siting-k', '3')
    await p.page.locator('#siting-k').dispatchEvent('change')
    await p.page.click('#siting-run')
    await p.page.waitForSelector('#sites li')
    expect(await p.page.locator('#sites li').count()).toBe(3)
    await p.page.click('#siting-apply')
    await p.page.waitForFunction(() => document.querySelectorAll('#changes li').length === 3, null, { timeout: 30_000 })
    const id = Number(new URL(p.page.url()).searchParams.get('scenario'))
    const detail = await api(`/api/scenarios/${id}`)
    expect(detail.changes).toHaveLength(3)
    noErrors(p)
  })

  it('shows the plan: every indicator and the year’s portfolio as the API gives them; a value entered by hand changes the status and is kept', async () => {
    const [indicators, projects] = await Promise.all([api<any[]>('/api/indicators'), api('/api/projects')])
    const p = await open('/?view=plan', 'planner')
    await p.page.waitForSelector('#indicator-table')
    expect(await p.page.locator('#indicator-table tr[data-code]').count()).toBe(indicators.length)
    const counts = await p.page.locator('#indicator-counts .status').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.n)))
    const byStatus = (s: string) => indicators.filter((i) => i.status === s).length
    expect(counts).toEqual([byStatus('met'), byStatus('not_met'), byStatus('no_data')])
    expect(await p.page.locator('#portfolio-count').textContent()).toBe(String(projects.total.count))
    expect(await p.page.locator('#portfolio-investment').textContent()).toBe('89.34')
    expect(await p.page.locator('#project-list li').count()).toBe(projects.projects.length)

    // I04 (utilisation of childcare places, target ≥ 63 %) has no data: enter 58.5, then 70.
    const row = p.page.locator('tr[data-code="I04"]')
    expect(await row.getAttribute('data-status')).toBe('no_data')
    await row.click()
    await p.page.click('#indicator-save')
    expect(await p.page.locator('.form-error').textContent()).not.toBe('') // empty value refused in the page
    for (const [value, status] of [['58.5', 'not_met'], ['70', 'met']]) {
      await p.page.fill('#indicator-value', value)
      await p.page.click('#indicator-save')
      await p.page.waitForFunction(([s]) => document.querySelector('tr[data-code="I04"]')?.getAttribute('data-status') === s, [status], { timeout: 10_000 })
    }
    const i04 = (await api<any[]>('/api/indicators')).find((i) => i.code === 'I04')
    expect(i04.value).toBe(70)
    expect(i04.history.map((v: { value: number }) => v.value)).toEqual([58.5, 70])

    // A located project: its popup on the map names it.
    const located = projects.projects.find((x: any) => x.lng !== null)
    await p.page.click(`#project-list li[data-id="${located.id}"]`)
    await p.page.waitForSelector('.project-popup')
    expect(await p.page.locator('.project-popup .popup-title').textContent()).toBe(located.name)
    noErrors(p)
  })

  it('switches to English (and links back to Chinese)', async () => {
    const p = await open('/?type=kindergarten')
    await p.page.click('#lang-switch')
    await p.page.waitForURL(/lang=en/)
    await waitForMap(p.page)
    expect(await p.page.locator('h1').textContent()).toBe('15-minute public service circle')
    expect(await p.page.locator('.tab[data-view="gaps"]').textContent()).toBe('Service gaps')
    await p.page.waitForSelector('#coverage-summary')
    expect(await p.page.locator('#coverage-summary').textContent()).toContain('children aged 3–5')
    // The way back is a link to the same view without lang=en.
    const back = new URL((await p.page.locator('#lang-switch').getAttribute('href'))!, h.server.url)
    expect(back.searchParams.has('lang')).toBe(false)
    expect(back.searchParams.get('type')).toBeNull() // kindergarten is the default
    noErrors(p)
  })
})

if (!HAS_CHROMIUM) describe.skip(CHROMIUM_SKIP_REASON, () => it('needs Chromium', () => {}))
