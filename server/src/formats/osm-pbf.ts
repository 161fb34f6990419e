/**
 * OSM PBF (https://wiki.openstreetmap.org/wiki/PBF_Format) → street segments. The file is a
 * sequence of [4-byte length][BlobHeader][Blob]; each OSMData blob is a zlib-compressed
 * PrimitiveBlock of nodes (plain or dense) and ways. Decoded with the `pbf` protobuf reader; only
 * the tags of ways carrying `highway` are turned into strings.
 */
import { PbfReader } from 'pbf'
import { isAppError } from '../errors'
import { fileFault } from './issues'
import { DEFAULT_MAX_UNPACKED_BYTES, inflateBounded, unpackedTooLarge } from './unpack'
import { WayCollector, type SegmentBuild } from './street-segments'

const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes'])
const MAX_BLOB_HEADER = 64 * 1024
const HIGHWAY = new TextEncoder().encode('highway')
const utf8 = new TextDecoder('utf-8')

/**
 * Reads every node and every way tagged `highway` (any value). Throws a 400 for a truncated or
 * corrupt file, unsupported compression (lzma, lz4, zstd) or required features (history files).
 *
 * @example parseOsmPbf(bytes).segments.length // segments between junctions
 */
export function parseOsmPbf(bytes: Uint8Array, opts: { maxUnpackedBytes?: number } = {}): SegmentBuild {
  const collector = new WayCollector()
  // Every blob unpacks to at most 32 MiB (the format's own rule), all of them to the import's limit.
  const limit = opts.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES
  let unpacked = 0
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let pos = 0
  let blob = 0
  while (pos < bytes.length) {
    blob++
    if (pos + 4 > bytes.length) throw truncated(blob)
    const headerLength = view.getUint32(pos)
    pos += 4
    if (headerLength === 0 || headerLength > MAX_BLOB_HEADER) throw fileFault(`OSM PBF is corrupt: blob ${blob} has a header of ${headerLength} bytes`)
    if (pos + headerLength > bytes.length) throw truncated(blob)
    try {
      const header = new PbfReader(bytes.subarray(pos, pos + headerLength)).readFields(readBlobHeader, { type: '', size: 0 })
      pos += headerLength
      if (pos + header.size > bytes.length) throw truncated(blob)
      const data = blobData(bytes.subarray(pos, pos + header.size), blob, Math.min(MAX_BLOB_BYTES, limit - unpacked + 1))
      unpacked += data.length
      if (unpacked > limit) throw unpackedTooLarge('the OSM PBF file', limit)
      pos += header.size
      if (header.type === 'OSMHeader') checkHeader(data)
      else if (header.type === 'OSMData') readPrimitiveBlock(data, collector)
    } catch (e) {
      if (isAppError(e)) throw e
      throw fileFault(`OSM PBF is corrupt: blob ${blob} cannot be decoded (${e instanceof Error ? e.message : String(e)})`)
    }
  }
  return collector.build()
}

const truncated = (blob: number) => fileFault(`OSM PBF is truncated: blob ${blob} ends beyond the end of the file`)

function readBlobHeader(tag: number, h: { type: string; size: number }, pbf: PbfReader): void {
  if (tag === 1) h.type = pbf.readString()
  else if (tag === 3) h.size = pbf.readVarint()
}

/** Largest unpacked blob the OSM PBF format allows. */
const MAX_BLOB_BYTES = 32 * 1024 * 1024

function blobData(bytes: Uint8Array, blob: number, maxBytes: number): Uint8Array {
  const b = new PbfReader(bytes).readFields(
    (tag, r: { raw?: Uint8Array; zlib?: Uint8Array; other?: string }, pbf) => {
      if (tag === 1) r.raw = pbf.readBytes()
      else if (tag === 3) r.zlib = pbf.readBytes()
      else if (tag === 4) r.other = 'lzma'
      else if (tag === 6) r.other = 'lz4'
      else if (tag === 7) r.other = 'zstd'
    },
    {},
  )
  if (b.raw) return b.raw
  if (b.zlib) return inflateBounded(b.zlib, Math.max(1, maxBytes), `OSM PBF blob ${blob}`)
  throw fileFault(`OSM PBF blob ${blob} uses ${b.other ?? 'an unknown'} compression; only zlib or uncompressed blobs are supported`)
}

function checkHeader(data: Uint8Array): void {
  const required: string[] = []
  new PbfReader(data).readFields((tag, r: string[], pbf) => {
    if (tag === 4) r.push(pbf.readString())
  }, required)
  const unsupported = required.filter((f) => !SUPPORTED_FEATURES.has(f))
  if (unsupported.length) throw fileFault(`OSM PBF requires unsupported features: ${unsupported.join(', ')}`)
}

interface Block {
  strings: Uint8Array[]
  groups: [number, number][]
  granularity: number
  latOffset: number
  lonOffset: number
}

function readPrimitiveBlock(data: Uint8Array, collector: WayCollector): void {
  const pbf = new PbfReader(data)
  // Groups come before granularity and offsets in field order: note their ranges, decode after.
  const block = pbf.readFields(
    (tag, b: Block, p) => {
      if (tag === 1) p.readMessage((t, s: Uint8Array[], q) => t === 1 && s.push(q.readBytes()), b.strings)
      else if (tag === 2) {
        const end = p.readVarint() + p.pos
        b.groups.push([p.pos, end])
        p.pos = end
      } else if (tag === 17) b.granularity = p.readVarint()
      else if (tag === 19) b.latOffset = p.readVarint(true)
      else if (tag === 20) b.lonOffset = p.readVarint(true)
    },
    { strings: [], groups: [], granularity: 100, latOffset: 0, lonOffset: 0 },
  )
  const highway = block.strings.findIndex((s) => s.length === HIGHWAY.length && s.every((c, k) => c === HIGHWAY[k]))
  const text = new Map<number, string>()
  const str = (k: number) => {
    let s = text.get(k)
    if (s === undefined) text.set(k, (s = utf8.decode(block.strings[k])))
    return s
  }
  const lat = (v: number) => 1e-9 * (block.latOffset + block.granularity * v)
  const lng = (v: number) => 1e-9 * (block.lonOffset + block.granularity * v)

  for (const [start, end] of block.groups) {
    pbf.pos = start
    pbf._valueStart = -1 // nothing pending to skip at the new position
    pbf.readFields(
      (tag, _: null, p) => {
        if (tag === 1) {
          const n = p.readMessage(readNode, { id: 0, lat: 0, lon: 0 })
          collector.addNode(n.id, lng(n.lon), lat(n.lat))
        } else if (tag === 2) {
          const d = p.readMessage<DenseNodes>(readDenseNodes, { ids: [], lats: [], lons: [] })
          let id = 0
          let la = 0
          let lo = 0
          for (let k = 0; k < d.ids.length; k++) {
            id += d.ids[k]
            la += d.lats[k]
            lo += d.lons[k]
            collector.addNode(id, lng(lo), lat(la))
          }
        } else if (tag === 3 && highway >= 0) {
          const w = p.readMessage<RawWay>(readWay, { id: 0, keys: [], vals: [], refs: [], lats: [], lons: [], highway })
          if (!w.keys.includes(highway)) return
          const tags: Record<string, string> = {}
          for (let k = 0; k < w.keys.length; k++) tags[str(w.keys[k])] = str(w.vals[k])
          const refs = deltaDecode(w.refs)
          if (w.lats.length === refs.length && w.lons.length === refs.length) {
            // LocationsOnWays: coordinates travel with the way, nodes may be absent from the file.
            const las = deltaDecode(w.lats)
            const los = deltaDecode(w.lons)
            refs.forEach((ref, k) => collector.addNode(ref, lng(los[k]), lat(las[k])))
          }
          collector.addWay(String(w.id), refs, tags)
        }
      },
      null,
      end,
    )
  }
}

function readNode(tag: number, n: { id: number; lat: number; lon: number }, pbf: PbfReader): void {
  if (tag === 1) n.id = pbf.readSVarint()
  else if (tag === 8) n.lat = pbf.readSVarint()
  else if (tag === 9) n.lon = pbf.readSVarint()
}

interface DenseNodes {
  ids: number[]
  lats: number[]
  lons: number[]
}

function readDenseNodes(tag: number, d: DenseNodes, pbf: PbfReader): void {
  if (tag === 1) pbf.readPackedSVarint(d.ids)
  else if (tag === 8) pbf.readPackedSVarint(d.lats)
  else if (tag === 9) pbf.readPackedSVarint(d.lons)
}

interface RawWay {
  id: number
  keys: number[]
  vals: number[]
  refs: number[]
  lats: number[]
  lons: number[]
  highway: number
}

function readWay(tag: number, w: RawWay, pbf: PbfReader): void {
  if (tag === 1) w.id = pbf.readVarint()
  else if (tag === 2) pbf.readPackedVarint(w.keys)
  else if (tag === 3) pbf.readPackedVarint(w.vals)
  else if (!w.keys.includes(w.highway)) return // not a street: leave its refs undecoded
  else if (tag === 8) pbf.readPackedSVarint(w.refs)
  else if (tag === 9) pbf.readPackedSVarint(w.lats)
  else if (tag === 10) pbf.readPackedSVarint(w.lons)
}

function deltaDecode(deltas: number[]): number[] {
  const out = new Array<number>(deltas.length)
  let v = 0
  for (let k = 0; k < deltas.length; k++) out[k] = v += deltas[k]
  return out
}
