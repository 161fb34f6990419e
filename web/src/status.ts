import { ApiError } from './api'
import { h } from './dom'
import { t } from './i18n'

/**
 * Loading and error feedback over the map: a small "working" badge while any request is in
 * flight, and dismissable error notes that say what failed in the planner's words (the server's
 * message is kept as the detail).
 */
export class Status {
  private pending = 0
  private readonly badge: HTMLElement
  private readonly notes: HTMLElement

  constructor(parent: HTMLElement) {
    this.badge = h('div', { class: 'busy', role: 'status', 'aria-live': 'polite', hidden: true }, h('span', { class: 'spinner' }), t('status.working'))
    this.notes = h('div', { class: 'notes', 'aria-live': 'assertive' })
    parent.append(this.badge, this.notes)
  }

  /** Shows the badge while `work` runs; reports its failure (unless aborted) and rethrows. */
  async track<T>(work: Promise<T>, what: string): Promise<T> {
    this.pending++
    this.badge.hidden = false
    document.body.dataset.busy = String(this.pending)
    try {
      return await work
    } catch (e) {
      if ((e as Error).name !== 'AbortError') this.error(what, e)
      throw e
    } finally {
      this.pending--
      this.badge.hidden = this.pending === 0
      document.body.dataset.busy = String(this.pending)
    }
  }

  error(what: string, e: unknown) {
    const detail = e instanceof ApiError ? (e.status === 0 ? t('error.network') : e.message) : String((e as Error)?.message ?? e)
    // One cause often fails several requests at once: say it once.
    if ([...this.notes.querySelectorAll('.note-detail')].some((d) => d.textContent === detail)) return
    const close = h('button', { class: 'note-close', 'aria-label': t('action.close'), title: t('action.close') }, '×')
    const note = h('div', { class: 'note error', role: 'alert' }, h('strong', null, t('error.failed', { what })), h('div', { class: 'note-detail' }, detail), close)
    close.addEventListener('click', () => note.remove())
    this.notes.append(note)
    setTimeout(() => note.remove(), 12_000)
    console.warn(`${what}: ${detail}`)
  }

  info(text: string) {
    const note = h('div', { class: 'note info', role: 'status' }, text)
    this.notes.append(note)
    setTimeout(() => note.remove(), 4_000)
  }

}
