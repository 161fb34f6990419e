/**
 * Disjoint sets over 0..n-1 on a typed array (path halving + union by size), used to find
 * connected street components and contiguous gap clusters.
 */

export interface DisjointSets {
  /** parent[i] = i for roots. */
  parent: Int32Array
  /** size[r] = members of the set rooted at r (valid for roots only). */
  size: Int32Array
}

/**
 * n singleton sets.
 * @example createDisjointSets(3).size // Int32Array [1, 1, 1]
 * Contract: n ≥ 0 integer.
 */
export function createDisjointSets(n: number): DisjointSets {
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  return { parent, size: new Int32Array(n).fill(1) }
}

/**
 * Representative of i's set.
 * @example findSet(createDisjointSets(2), 1) // 1
 * Contract: 0 ≤ i < n; returns a root r with parent[r] = r; equal for members of one set.
 */
export function findSet(sets: DisjointSets, i: number): number {
  const parent = sets.parent
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]]
    i = parent[i]
  }
  return i
}

/**
 * Merges the sets of a and b; returns the new root.
 * @example const s = createDisjointSets(3); unionSets(s, 0, 2); findSet(s, 2) === findSet(s, 0) // true
 * Contract: 0 ≤ a, b < n; afterwards findSet(a) = findSet(b); the root's size is the sum.
 */
export function unionSets(sets: DisjointSets, a: number, b: number): number {
  let ra = findSet(sets, a)
  let rb = findSet(sets, b)
  if (ra === rb) return ra
  if (sets.size[ra] < sets.size[rb] || (sets.size[ra] === sets.size[rb] && rb < ra)) {
    const t = ra
    ra = rb
    rb = t
  }
  sets.parent[rb] = ra
  sets.size[ra] += sets.size[rb]
  return ra
}
