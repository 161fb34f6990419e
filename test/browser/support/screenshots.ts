import fs from 'node:fs'
import path from 'node:path'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { ROOT } from './demo-server'

export const EXPECTED_DIR = path.join(ROOT, 'test/browser/expected')
export const ACTUAL_DIR = path.join(ROOT, 'test/screenshots/actual')
/** Regenerate the expected images instead of comparing (`UPDATE=1 npx vitest run test/browser`). */
export const UPDATE = process.env.UPDATE === '1'

export interface Comparison {
  /** Share of pixels that differ beyond pixelmatch's per-pixel threshold. */
  diffRatio: number
  /** Where the actual (and, on failure, the diff) image was written. */
  actual: string
  diff?: string
  updated: boolean
}

/**
 * Takes a screenshot and compares it with test/browser/expected/<name>.png. Software rendering,
 * fonts and label placement vary a little from run to run, so a tolerance is used: pixels differ
 * when their colour distance (pixelmatch: OKLab HyAB) exceeds `threshold`; the caller decides
 * what share of differing pixels it accepts.
 */
export async function compareScreenshot(page: Page, name: string, opts: { threshold?: number } = {}): Promise<Comparison> {
  fs.mkdirSync(ACTUAL_DIR, { recursive: true })
  const actualPath = path.join(ACTUAL_DIR, `${name}.png`)
  const expectedPath = path.join(EXPECTED_DIR, `${name}.png`)
  const bytes = await page.screenshot({ path: actualPath, animations: 'disabled', caret: 'hide' })
  if (!UPDATE && !fs.existsSync(expectedPath)) {
    throw new Error(`no expected image test/browser/expected/${name}.png: run with UPDATE=1 to create it (and look at it)`)
  }
  if (UPDATE) {
    fs.mkdirSync(EXPECTED_DIR, { recursive: true })
    fs.writeFileSync(expectedPath, bytes)
    return { diffRatio: 0, actual: actualPath, updated: true }
  }
  const actual = PNG.sync.read(bytes)
  const expected = PNG.sync.read(fs.readFileSync(expectedPath))
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return { diffRatio: 1, actual: actualPath, updated: false }
  }
  const diff = new PNG({ width: actual.width, height: actual.height })
  const count = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: opts.threshold ?? 0.15, includeAA: false })
  const ratio = count / (actual.width * actual.height)
  let diffPath: string | undefined
  if (count > 0) {
    diffPath = path.join(ACTUAL_DIR, `${name}.diff.png`)
    fs.writeFileSync(diffPath, PNG.sync.write(diff))
  }
  return { diffRatio: ratio, actual: actualPath, diff: diffPath, updated: false }
}
