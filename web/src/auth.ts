import type { Role, WhoAmI } from '../../server/src/contract/auth'
import { h } from './dom'
import { t } from './i18n'

/** Where the token is kept: this tab only (sessionStorage), gone when the tab closes. */
const KEY = 'circle15.token'
const ROLE_ORDER: Role[] = ['viewer', 'planner', 'admin']

/** The user's decision not to sign in (a write that needed a token was not sent). */
export class SignInCancelled extends Error {
  override name = 'SignInCancelled'
}
/** A signed-in token whose role cannot do what was asked. */
export class RoleTooLow extends Error {
  override name = 'RoleTooLow'
}

/**
 * Who is using the app. Reads go without a token unless the server says otherwise
 * (AUTH_READ=token); the first edit asks for a token (a dialog), kept for this tab. The role is
 * mirrored on `<body data-role>`, and the stylesheet hides every `.write` control from viewers.
 */
class Session {
  user: { name: string; role: Role } | null = null
  readAccess: WhoAmI['readAccess'] = 'anonymous'
  private listeners: (() => void)[] = []
  private dialog: Promise<void> | null = null

  token(): string | null {
    try {
      return sessionStorage.getItem(KEY)
    } catch {
      return null
    }
  }

  /** Authorization header for a request to this origin (none without a token). */
  headers(): Record<string, string> {
    const token = this.token()
    return token ? { authorization: `Bearer ${token}` } : {}
  }

  onChange(fn: () => void) {
    this.listeners.push(fn)
  }

  /** Asks the server who the stored token belongs to (a revoked one is forgotten). */
  async load(): Promise<void> {
    const me = await this.whoAmI(this.token())
    if (!me) this.forget()
    else this.set(me)
  }

  canWrite(): boolean {
    return !this.user || ROLE_ORDER.indexOf(this.user.role) >= ROLE_ORDER.indexOf('planner')
  }

  /** Before a write: a planner (or admin) token, asking for one if none is held. */
  async requireWrite(): Promise<void> {
    if (!this.user) await this.prompt('auth.needToken')
    if (!this.user) throw new SignInCancelled(t('auth.cancelled'))
    if (!this.canWrite()) throw new RoleTooLow(t('auth.viewerCannotEdit', { name: this.user.name }))
  }

  /** After a 401: the token is no longer valid. */
  forget() {
    try {
      sessionStorage.removeItem(KEY)
    } catch {
      /* storage unavailable: nothing kept */
    }
    this.set({ name: null, role: null, readAccess: this.readAccess })
  }

  signOut() {
    this.forget()
  }

  /** Shows the sign-in dialog; resolves when signed in or cancelled (`required`: no cancel). */
  prompt(reasonKey: string, required = false): Promise<void> {
    this.dialog ??= this.showDialog(reasonKey, required).finally(() => (this.dialog = null))
    return this.dialog
  }

  private async whoAmI(token: string | null): Promise<WhoAmI | null> {
    const res = await fetch('/api/auth/me', { headers: token ? { authorization: `Bearer ${token}` } : {} }).catch(() => null)
    if (!res) return { name: null, role: null, readAccess: this.readAccess }
    if (res.status === 401) return null
    return res.ok ? ((await res.json()) as WhoAmI) : { name: null, role: null, readAccess: this.readAccess }
  }

  private set(me: WhoAmI) {
    this.readAccess = me.readAccess
    this.user = me.name && me.role ? { name: me.name, role: me.role } : null
    document.body.dataset.role = this.user?.role ?? 'anonymous'
    for (const fn of this.listeners) fn()
  }

  private showDialog(reasonKey: string, required: boolean): Promise<void> {
    return new Promise((resolve) => {
      const input = h('input', { type: 'password', id: 'signin-token', autocomplete: 'off', spellcheck: 'false', placeholder: 'c15_…', 'aria-label': t('auth.tokenLabel') })
      const error = h('div', { class: 'form-error', hidden: true, role: 'alert' })
      const submit = h('button', { class: 'btn primary', id: 'signin-submit', type: 'submit' }, t('auth.signIn'))
      const cancel = required ? null : h('button', { class: 'btn', id: 'signin-cancel', type: 'button' }, t('action.cancel'))
      const form = h('form', { method: 'dialog' },
        h('h2', null, t('auth.dialogTitle')),
        h('p', { class: 'small' }, t(reasonKey)),
        h('p', { class: 'muted small' }, t('auth.dialogHint')),
        h('label', { class: 'block' }, t('auth.tokenLabel'), input),
        error,
        h('div', { class: 'row end' }, cancel, submit))
      const dialog = h('dialog', { class: 'signin', id: 'signin-dialog' }, form)
      document.body.append(dialog)
      const close = () => {
        dialog.close()
        dialog.remove()
        resolve()
      }
      cancel?.addEventListener('click', close)
      dialog.addEventListener('cancel', (e) => (required ? e.preventDefault() : close()))
      form.addEventListener('submit', async (e) => {
        e.preventDefault()
        const token = input.value.trim()
        submit.disabled = true
        const me = token ? await this.whoAmI(token) : null
        submit.disabled = false
        if (!me || !me.name) {
          error.hidden = false
          error.textContent = t('auth.invalid')
          return
        }
        try {
          sessionStorage.setItem(KEY, token)
        } catch {
          /* kept in memory only for this page */
        }
        this.set(me)
        close()
      })
      dialog.showModal()
      input.focus()
    })
  }
}

export const session = new Session()

/** The "signed in as …" line of the header, with sign-in / sign-out. */
export function userBadge(): HTMLElement {
  const el = h('span', { class: 'user', id: 'user-badge' })
  const render = () => {
    const u = session.user
    el.replaceChildren(
      ...(u
        ? [h('span', { class: 'user-name', title: t(`auth.role.${u.role}`) }, t('auth.signedInAs', { name: u.name, role: t(`auth.role.${u.role}`) })),
            h('button', { class: 'link', id: 'sign-out', onclick: () => session.signOut() }, t('auth.signOut'))]
        : [h('button', { class: 'link', id: 'sign-in', onclick: () => void session.prompt('auth.signInHint') }, t('auth.signIn'))]),
    )
  }
  session.onChange(render)
  render()
  return el
}
