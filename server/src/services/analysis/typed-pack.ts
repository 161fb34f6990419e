/**
 * The engine's prepared state — street networks and travel contexts — is plain objects of typed
 * arrays, numbers and strings. Two generic operations over any such tree, so that new fields the
 * engine adds persist and travel to worker threads without changes here:
 *
 * - `packTree` / `unpackTree`: one contiguous binary (a JSON header describing the tree, then every
 *   typed array's bytes, 8-byte aligned) for PostGIS; unpacking makes one copy of the data region
 *   and views over it, with no per-element work.
 * - `shareTree`: the same tree with every typed array over SharedArrayBuffer memory, so
 *   `postMessage` hands it to a worker without copying (arrays already shared are kept).
 *
 * Both keep object identity: a sub-object or array referenced twice (a network whose `reversed` is
 * its `graph`, two graphs sharing `nodeLng`) comes back referenced twice. Views that merely share
 * one ArrayBuffer come back as separate arrays with the same contents. Anything else — Map, Set,
 * class instances, functions, bigint, ArrayBuffer, DataView — throws with its path, so a change to
 * the engine's state that this codec cannot carry fails loudly in the tests, not silently.
 */

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array

const CONSTRUCTORS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
} as const
type TypedName = keyof typeof CONSTRUCTORS

/** Header nodes: primitives as themselves, everything else a one-key object. */
type Node =
  | string | boolean | null | number
  | { o: Record<string, Node> } | { a: Node[] } | { t: TypedName; at: number; n: number } | { r: number } | { n: string } | { u: 1 }

const MAGIC = 0x50353143 // "C15P" little-endian
const FORMAT = 1
const PREFIX_BYTES = 16 // magic, format, header length, data length (u32 each)

const align8 = (n: number) => (n + 7) & ~7

function typedName(v: ArrayBufferView): TypedName {
  const name = v.constructor.name as TypedName
  if (!(name in CONSTRUCTORS) || !(v instanceof CONSTRUCTORS[name])) throw new TypeError(`unsupported view ${v.constructor.name}`)
  return name
}

function checkPlain(v: object, path: string): void {
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) throw new TypeError(`typed-pack: ${path} is a ${v.constructor?.name ?? 'non-plain object'}; only plain objects, arrays and typed arrays are supported`)
}

/**
 * Packs a tree of plain objects, arrays, typed arrays and primitives into one binary.
 * @example const bytes = packTree(network); const copy = unpackTree<StreetNetwork>(bytes)
 * Contract: `omit` names keys left out at every depth (per-computation buffers); identity of
 * shared sub-objects is kept; ±Infinity, NaN, −0 and undefined survive; throws on anything else.
 */
export function packTree(value: unknown, omit: ReadonlySet<string> = new Set()): Uint8Array {
  const ids = new Map<object, number>()
  const arrays: { view: TypedArray; at: number }[] = []
  let dataBytes = 0
  const encode = (v: unknown, path: string): Node => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
    if (v === undefined) return { u: 1 }
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { n: Object.is(v, -0) ? '-0' : String(v) }
    if (typeof v !== 'object') throw new TypeError(`typed-pack: ${path} is a ${typeof v}`)
    const seen = ids.get(v)
    if (seen !== undefined) return { r: seen }
    ids.set(v, ids.size)
    if (ArrayBuffer.isView(v)) {
      const view = v as TypedArray
      const t = typedName(view)
      const at = dataBytes
      dataBytes = align8(dataBytes + view.byteLength)
      arrays.push({ view, at })
      return { t, at, n: view.length }
    }
    if (Array.isArray(v)) return { a: v.map((x, i) => encode(x, `${path}[${i}]`)) }
    checkPlain(v, path)
    const o: Record<string, Node> = {}
    for (const [k, x] of Object.entries(v)) if (!omit.has(k)) o[k] = encode(x, `${path}.${k}`)
    return { o }
  }
  const header = Buffer.from(JSON.stringify(encode(value, '$')), 'utf8')
  const dataStart = align8(PREFIX_BYTES + header.byteLength)
  const out = new Uint8Array(dataStart + dataBytes)
  const prefix = new DataView(out.buffer)
  prefix.setUint32(0, MAGIC, true)
  prefix.setUint32(4, FORMAT, true)
  prefix.setUint32(8, header.byteLength, true)
  prefix.setUint32(12, dataBytes, true)
  out.set(header, PREFIX_BYTES)
  for (const { view, at } of arrays) out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), dataStart + at)
  return out
}

/**
 * The tree `packTree` packed. With `shared` (default) every typed array is a view over one
 * SharedArrayBuffer, ready to hand to worker threads without copying.
 * @example const net = unpackTree<StreetNetwork>(bytes)
 * Contract: throws on a truncated or foreign binary; one copy of the data region, O(header) work.
 */
export function unpackTree<T>(bytes: Uint8Array, opts: { shared?: boolean } = {}): T {
  if (bytes.byteLength < PREFIX_BYTES) throw new Error('typed-pack: truncated (no header)')
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES)
  if (prefix.getUint32(0, true) !== MAGIC) throw new Error('typed-pack: not a packed tree')
  if (prefix.getUint32(4, true) !== FORMAT) throw new Error(`typed-pack: format ${prefix.getUint32(4, true)}, expected ${FORMAT}`)
  const headerBytes = prefix.getUint32(8, true)
  const dataBytes = prefix.getUint32(12, true)
  const dataStart = align8(PREFIX_BYTES + headerBytes)
  if (bytes.byteLength !== dataStart + dataBytes) throw new Error(`typed-pack: ${bytes.byteLength} bytes, expected ${dataStart + dataBytes} (truncated?)`)
  const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX_BYTES, headerBytes).toString('utf8')) as Node
  const memory = (opts.shared === false ? new ArrayBuffer(dataBytes) : new SharedArrayBuffer(dataBytes)) as ArrayBuffer
  new Uint8Array(memory).set(bytes.subarray(dataStart))
  const byId: unknown[] = []
  const decode = (node: Node): unknown => {
    if (node === null || typeof node !== 'object') return node
    if ('r' in node) return byId[node.r]
    if ('u' in node) return undefined
    if ('t' in node) {
      const view = new CONSTRUCTORS[node.t](memory, node.at, node.n)
      byId.push(view)
      return view
    }
    if ('n' in node) return node.n === '-0' ? -0 : Number(node.n)
    if ('a' in node) {
      const out: unknown[] = []
      byId.push(out)
      for (const x of node.a) out.push(decode(x))
      return out
    }
    const out: Record<string, unknown> = {}
    byId.push(out)
    for (const [k, x] of Object.entries(node.o)) out[k] = decode(x)
    return out
  }
  return decode(header) as T
}

/**
 * The same tree with its typed arrays in shared memory: arrays already over a SharedArrayBuffer
 * are kept as they are, the others copied into one new SharedArrayBuffer.
 * @example worker.postMessage(shareTree(ctx)) // the worker sees the same memory, nothing copied
 * Contract: as `packTree` (identity kept, `omit` keys left out, same errors); the input is not changed.
 */
export function shareTree<T>(value: T, omit: ReadonlySet<string> = new Set()): T {
  const copies = new Map<object, unknown>()
  const toCopy: { view: TypedArray; at: number }[] = []
  let bytes = 0
  const collect = (v: unknown, path: string) => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') throw new TypeError(`typed-pack: ${path} is a ${typeof v}`)
      return
    }
    if (copies.has(v)) return
    copies.set(v, undefined)
    if (ArrayBuffer.isView(v)) {
      typedName(v)
      if (!(v.buffer instanceof SharedArrayBuffer)) {
        toCopy.push({ view: v as TypedArray, at: bytes })
        bytes = align8(bytes + v.byteLength)
      }
      return
    }
    if (Array.isArray(v)) return v.forEach((x, i) => collect(x, `${path}[${i}]`))
    checkPlain(v, path)
    for (const [k, x] of Object.entries(v)) if (!omit.has(k)) collect(x, `${path}.${k}`)
  }
  collect(value, '$')
  const memory = new SharedArrayBuffer(bytes)
  for (const { view, at } of toCopy) {
    const copy = new CONSTRUCTORS[typedName(view)](memory as unknown as ArrayBuffer, at, view.length) as TypedArray
    copy.set(view as never)
    copies.set(view, copy)
  }
  const rebuild = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v
    const done = copies.get(v)
    if (done !== undefined) return done
    if (ArrayBuffer.isView(v)) {
      copies.set(v, v) // already shared
      return v
    }
    if (Array.isArray(v)) {
      const out: unknown[] = []
      copies.set(v, out)
      for (const x of v) out.push(rebuild(x))
      return out
    }
    const out: Record<string, unknown> = {}
    copies.set(v, out)
    for (const [k, x] of Object.entries(v)) if (!omit.has(k)) out[k] = rebuild(x)
    return out
  }
  return rebuild(value) as T
}
