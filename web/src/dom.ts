/**
 * A tiny DOM builder: elements from tag, attributes and children, with text always inserted as
 * text (area and facility names come from data and are never parsed as HTML).
 */
export type Child = Node | string | number | null | undefined | false | Child[]
type Handler = (e: any) => void
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden'])

function apply(el: Element, attrs: Attrs | null | undefined) {
  if (!attrs) return
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as Handler)
    else if (PROPERTIES.has(k)) (el as any)[k] = v
    else el.setAttribute(k, v === true ? '' : String(v))
  }
}

function append(el: Element, children: Child[]) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue
    if (Array.isArray(c)) append(el, c)
    else el.append(c instanceof Node ? c : String(c))
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  apply(el, attrs)
  append(el, children)
  return el
}

const SVG_NS = 'http://www.w3.org/2000/svg'
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag)
  apply(el, attrs)
  append(el, children)
  return el
}

/** Replaces an element's children. */
export function mount(el: Element, ...children: Child[]) {
  el.replaceChildren()
  append(el, children)
}
