/**
 * Facility symbols: one shape and colour per domain (七优享), drawn on a canvas so that no sprite
 * has to be fetched. Existing facilities are filled; planned ones (and those a scenario adds) are
 * hollow with a dashed outline.
 */
const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'pentagon', 'hexagon', 'star', 'cross', 'ring'] as const
type Shape = (typeof SHAPES)[number]
/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), darkened for white ground. */
const COLORS = ['#E69F00', '#0072B2', '#009E73', '#D55E00', '#CC79A7', '#3a93c9', '#9a8a00', '#444444', '#7b3294']

export type SymbolVariant = 'existing' | 'planned'
export interface DomainSymbol {
  shape: Shape
  color: string
}

/** The symbol of each domain, in catalogue order. */
export function domainSymbols(domains: string[]): Map<string, DomainSymbol> {
  return new Map(domains.map((d, k) => [d, { shape: SHAPES[k % SHAPES.length], color: COLORS[k % COLORS.length] }]))
}

export const iconId = (domain: string, variant: SymbolVariant) => `fac-${domain}-${variant}`

/** Draws a symbol into a square of `size` px centred in the context. */
export function drawSymbol(ctx: CanvasRenderingContext2D, sym: DomainSymbol, variant: SymbolVariant, size: number) {
  const c = size / 2
  const r = size * 0.36
  ctx.save()
  ctx.lineJoin = 'round'
  ctx.beginPath()
  path(ctx, sym.shape, c, c, r)
  if (variant === 'existing') {
    ctx.fillStyle = sym.color
    ctx.fill()
    ctx.lineWidth = size * 0.08
    ctx.strokeStyle = '#fff'
    ctx.stroke()
  } else {
    ctx.fillStyle = 'rgba(255,255,255,0.95)'
    ctx.fill()
    ctx.lineWidth = size * 0.12
    ctx.setLineDash([size * 0.14, size * 0.09])
    ctx.strokeStyle = sym.color
    ctx.stroke()
  }
  ctx.restore()
}

function path(ctx: CanvasRenderingContext2D, shape: Shape, cx: number, cy: number, r: number) {
  const polygon = (n: number, rot: number, rr = r) => {
    for (let k = 0; k < n; k++) {
      const a = rot + (k * 2 * Math.PI) / n
      const x = cx + rr * Math.cos(a)
      const y = cy + rr * Math.sin(a)
      if (k) ctx.lineTo(x, y)
      else ctx.moveTo(x, y)
    }
    ctx.closePath()
  }
  switch (shape) {
    case 'circle':
      ctx.arc(cx, cy, r * 0.9, 0, 2 * Math.PI)
      break
    case 'ring':
      ctx.arc(cx, cy, r * 0.9, 0, 2 * Math.PI)
      ctx.moveTo(cx + r * 0.4, cy)
      ctx.arc(cx, cy, r * 0.4, 0, 2 * Math.PI, true)
      break
    case 'square':
      ctx.rect(cx - r * 0.8, cy - r * 0.8, r * 1.6, r * 1.6)
      break
    case 'triangle':
      polygon(3, -Math.PI / 2, r * 1.1)
      break
    case 'diamond':
      polygon(4, -Math.PI / 2, r * 1.05)
      break
    case 'pentagon':
      polygon(5, -Math.PI / 2)
      break
    case 'hexagon':
      polygon(6, 0)
      break
    case 'star':
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + (k * Math.PI) / 5
        const rr = k % 2 ? r * 0.5 : r * 1.1
        if (k) ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a))
        else ctx.moveTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a))
      }
      ctx.closePath()
      break
    case 'cross': {
      const a = r * 0.35
      const b = r * 0.95
      ctx.moveTo(cx - a, cy - b)
      for (const [x, y] of [[a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]]) ctx.lineTo(cx + x, cy + y)
      ctx.closePath()
      break
    }
  }
}

/** The symbol as image data for map.addImage (drawn at 2× for sharp icons). */
export function symbolImage(sym: DomainSymbol, variant: SymbolVariant, cssSize = 22): ImageData {
  const px = cssSize * 2
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = px
  const ctx = canvas.getContext('2d')!
  drawSymbol(ctx, sym, variant, px)
  return ctx.getImageData(0, 0, px, px)
}

/** A small canvas showing the symbol (legend, lists). */
export function symbolCanvas(sym: DomainSymbol, variant: SymbolVariant, cssSize = 16): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = cssSize * 2
  canvas.style.width = canvas.style.height = `${cssSize}px`
  canvas.className = 'symbol'
  drawSymbol(canvas.getContext('2d')!, sym, variant, cssSize * 2)
  return canvas
}
