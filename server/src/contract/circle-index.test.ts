import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { IndexConfigSchema } from './circle-index'
import { INDEX_FILE } from '../services/analysis/circle-index'

describe('the index weights file (geodata/index.json)', () => {
  const shipped = JSON.parse(fs.readFileSync(INDEX_FILE, 'utf8'))

  it('is valid', () => {
    expect(IndexConfigSchema.safeParse(shipped).error).toBeUndefined()
  })

  it('refuses negative or all-zero weights, an unknown measure and a non-positive reference, naming each', () => {
    const bad = structuredClone(shipped)
    bad.weights = { accessible: -1, balanced: 1, quality: 1 }
    bad.balanced = 'atkinson'
    bad.quality.references.kindergarten.perTargetResident = 0
    const issues = IndexConfigSchema.safeParse(bad).error!.issues.map((i) => i.path.join('.')).sort()
    expect(issues).toEqual(['balanced', 'quality.references.kindergarten.perTargetResident', 'weights.accessible'])
    const zero = { ...structuredClone(shipped), weights: { accessible: 0, balanced: 0, quality: 0 } }
    expect(IndexConfigSchema.safeParse(zero).error!.issues[0].message).toMatch(/positive/)
  })
})
