/**
 * An indexed binary min-heap of graph nodes keyed by integer distance (millimetres), on typed
 * arrays: decrease-key in place, no allocation after creation, capacity = node count. Used by
 * the local searches (catchments, isochrones, what-if); city-wide multi-source runs use the
 * bucket queue of bucket-search.ts instead.
 */

export interface IndexedHeap {
  size: number
  /** Heap slots: node and its key. */
  node: Int32Array
  key: Int32Array
  /** Slot of each node in the heap, −1 when absent. */
  pos: Int32Array
}

/**
 * An empty heap able to hold nodes 0..capacity−1.
 * @example createIndexedHeap(1000).size // 0
 * Contract: capacity ≥ 0; 12 B per node.
 */
export function createIndexedHeap(capacity: number): IndexedHeap {
  return { size: 0, node: new Int32Array(capacity), key: new Int32Array(capacity), pos: new Int32Array(capacity).fill(-1) }
}

/**
 * Inserts node v with key, or moves it up if it is already queued.
 * @example heapPush(h, 7, 120_500)
 * Contract: key is an integer in [0, 2^31); when v is queued, key ≤ its current key; O(log size).
 */
export function heapPush(h: IndexedHeap, v: number, key: number): void {
  let i = h.pos[v]
  if (i < 0) i = h.size++
  const hn = h.node, hk = h.key, pos = h.pos
  while (i > 0) {
    const parent = (i - 1) >> 1
    const pk = hk[parent]
    if (pk <= key) break
    const pn = hn[parent]
    hn[i] = pn
    hk[i] = pk
    pos[pn] = i
    i = parent
  }
  hn[i] = v
  hk[i] = key
  pos[v] = i
}

/**
 * Removes and returns the node with the lowest key.
 * @example heapPop(h) // 7
 * Contract: size > 0; O(log size); the popped node's pos becomes −1.
 */
export function heapPop(h: IndexedHeap): number {
  const hn = h.node, hk = h.key, pos = h.pos
  const top = hn[0]
  pos[top] = -1
  const size = --h.size
  if (size === 0) return top
  const v = hn[size]
  const key = hk[size]
  let i = 0
  for (;;) {
    let c = 2 * i + 1
    if (c >= size) break
    if (c + 1 < size && hk[c + 1] < hk[c]) c++
    const ck = hk[c]
    if (key <= ck) break
    const cn = hn[c]
    hn[i] = cn
    hk[i] = ck
    pos[cn] = i
    i = c
  }
  hn[i] = v
  hk[i] = key
  pos[v] = i
  return top
}
