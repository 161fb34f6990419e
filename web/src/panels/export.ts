import type { App } from '../context'
import { session } from '../auth'
import { h } from '../dom'
import { t } from '../i18n'

const FORMATS = ['pdf', 'html', 'xlsx', 'csv', 'geojson', 'gpkg'] as const

/**
 * "Export report": the coverage report (GET /api/reports/coverage) of the current view — its area,
 * type (or the type's whole domain), travel mode, scenario, cluster plan and language — downloaded
 * as a file. A read: shown to everyone.
 */
export function renderExport(app: App): HTMLElement {
  const scope = h('select', { id: 'export-scope', 'aria-label': t('export.scope') },
    h('option', { value: 'type' }, t('export.scopeType')), h('option', { value: 'domain' }, t('export.scopeDomain')))
  const format = h('select', { id: 'export-format', 'aria-label': t('export.format') }, FORMATS.map((f) => h('option', { value: f }, t(`export.format.${f}`))))
  const message = h('span', { class: 'export-message', role: 'status', 'aria-live': 'polite' })
  const button = h('button', { id: 'export-report', class: 'export-button', type: 'button', title: t('export.hint') }, t('export.button'))
  button.addEventListener('click', async () => {
    const s = app.store.state
    const q = new URLSearchParams({ format: format.value, lang: s.lang === 'en' ? 'en' : 'zh', mode: s.mode })
    if (scope.value === 'domain') q.set('domain', app.type().domain)
    else q.set('type', s.type)
    if (s.area) q.set('area', s.area)
    if (s.scenario !== null) q.set('scenario', String(s.scenario))
    if (s.view === 'clusters' && s.area) {
      if (s.plan !== null) q.set('plan', String(s.plan))
    }
    button.disabled = true
    message.textContent = t('export.working')
    try {
      const res = await fetch(`/api/reports/coverage?${q}`, { headers: session.headers() })
      if (!res.ok) {
        const err = await res.json().catch(() => null)
        throw new Error(err?.error?.message ?? `${res.status} ${res.statusText}`)
      }
      const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `report.${format.value}`
      const href = URL.createObjectURL(await res.blob())
      const a = h('a', { href, download: name, hidden: true })
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(href), 60_000)
      message.textContent = t('export.done', { name })
    } catch (e) {
      message.textContent = t('export.failed', { message: (e as Error).message })
    } finally {
      button.disabled = false
    }
  })
  return h('div', { class: 'export' }, scope, format, button, message)
}
