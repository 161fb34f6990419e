import { describe, expect, it } from 'vitest'
import { createDisjointSets, findSet, unionSets } from './union-find'

describe('disjoint sets', () => {
  it('merges sets and tracks their sizes', () => {
    const s = createDisjointSets(6)
    unionSets(s, 0, 1)
    unionSets(s, 2, 3)
    unionSets(s, 1, 3)
    expect(findSet(s, 0)).toBe(findSet(s, 2))
    expect(findSet(s, 4)).not.toBe(findSet(s, 0))
    expect(s.size[findSet(s, 3)]).toBe(4)
    expect(unionSets(s, 0, 2)).toBe(findSet(s, 1)) // already together: no change
    expect(s.size[findSet(s, 3)]).toBe(4)
  })
})
