import { describe, expect, it } from 'vitest'
import { warmUpEngine } from './warm-up'

describe('engine warm-up', () => {
  it('computes real fields: every cell of the connected 30 × 30 grid (29 × 29 cells between streets) is reached', () => {
    // Each cell centre lies inside a block ~100 m × 90 m, within the snap limit of its streets.
    expect(warmUpEngine()).toBe(29 * 29)
  })
})
