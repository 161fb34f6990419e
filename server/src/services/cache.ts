import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { LRUCache } from 'lru-cache'
import type { DataKind } from '../db/versions'
import type { CacheStats } from '../contract/meta'

/** An answer as it goes over the wire: serialised once, sent as bytes to every reader. */
export interface CachedAnswer {
  body: Buffer
  contentType: string
  /** Strong validator of `body` (a quoted hash): a client that holds it gets a 304. */
  etag: string
  /** The body gzip-compressed (answers of 1 KB or more), sent to clients that accept it. */
  gzip?: Buffer
  headers: Record<string, string>
}

/** The counters (contract/meta.ts, published with `GET /api/health`). */
export type { CacheStats }

/**
 * Answers kept in memory under a byte budget (least recently used go first), with single flight:
 * concurrent requests for an answer not yet in memory wait for one computation instead of each
 * running its own. A failed computation is not kept: the next request tries again. Answers larger
 * than an eighth of the budget are computed and shared with the requests waiting for them, but
 * not kept.
 */
export class ResultCache {
  private readonly lru: LRUCache<string, CachedAnswer>
  private readonly inflight = new Map<string, Promise<CachedAnswer>>()
  private readonly counts = { hits: 0, computed: 0, joined: 0, evicted: 0 }

  constructor(readonly maxBytes: number) {
    this.lru = new LRUCache<string, CachedAnswer>({
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
      sizeCalculation: (a, key) => a.body.byteLength + (a.gzip?.byteLength ?? 0) + key.length * 2 + 256,
      dispose: (_v, _k, reason) => {
        if (reason === 'evict') this.counts.evicted++
      },
    })
  }

  /** The answer under `key`: from memory, from a computation already running, or computed now. */
  get(key: string, compute: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    const hit = this.lru.get(key)
    if (hit) {
      this.counts.hits++
      return Promise.resolve(hit)
    }
    const running = this.inflight.get(key)
    if (running) {
      this.counts.joined++
      return running
    }
    this.counts.computed++
    const value = compute().then(
      (answer) => {
        this.inflight.delete(key)
        this.lru.set(key, answer)
        return answer
      },
      (e) => {
        this.inflight.delete(key)
        throw e
      },
    )
    this.inflight.set(key, value)
    return value
  }

  clear() {
    this.lru.clear()
  }

  stats(): CacheStats {
    return { ...this.counts, entries: this.lru.size, bytes: this.lru.calculatedSize, maxBytes: this.maxBytes }
  }
}

/** Serialises a JSON answer once: bytes, content type and validator. */
export function jsonAnswer(value: unknown, headers: Record<string, string> = {}): CachedAnswer {
  return encodedAnswer(Buffer.from(JSON.stringify(value)), 'application/json; charset=utf-8', headers)
}

/** Bytes, content type, validator and (from 1 KB on) the gzip-compressed body, made once per answer. */
export function encodedAnswer(body: Buffer, contentType: string, headers: Record<string, string> = {}): CachedAnswer {
  const hash = crypto.createHash('sha1').update(body).digest('base64url').slice(0, 27)
  const gzip = body.byteLength >= 1024 ? zlib.gzipSync(body, { level: 6 }) : undefined
  return { body, contentType, etag: `"${body.byteLength.toString(16)}-${hash}"`, gzip, headers }
}

/** Order-independent, spelling-independent text of a parsed query (keys sorted, undefined dropped). */
export function canonicalQuery(q: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(q).filter((k) => q[k] !== undefined).sort().map((k) => [k, q[k]]))
}

const KINDS: DataKind[] = ['catalogue', 'areas', 'facilities', 'population', 'roads', 'projects']

/**
 * The analysis answers of the API, cached per (route, parsed query, data versions, scenario
 * state). The data versions move with every import (`data_versions`); a scenario's revision moves
 * with every change, undo or deletion in this process, before the edit answers, so the next read
 * after an edit never gets an answer from before it.
 */
export class AnalysisResults {
  constructor(
    readonly cache: ResultCache,
    private readonly versions: () => Promise<Record<DataKind, number>>,
    private readonly scenarioRevision: (id: number) => number,
  ) {}

  async key(route: string, q: Record<string, unknown>, scenario?: number): Promise<string> {
    const v = await this.versions()
    const state = KINDS.map((k) => v[k] ?? 0).join('.')
    const s = scenario ? `s${scenario}.${this.scenarioRevision(scenario)}` : 's0'
    return `${route}|${state}|${s}|${canonicalQuery(q)}`
  }

  /** A JSON answer of `route` for the parsed query `q` (`scenario` names the scenario it reads). */
  async json<T>(route: string, q: Record<string, unknown>, scenario: number | undefined, compute: () => Promise<T>): Promise<CachedAnswer> {
    return this.cache.get(await this.key(route, q, scenario), async () => jsonAnswer(await compute()))
  }

  /** Any answer (CSV, JSON with headers…) of `route`, encoded by `compute`. */
  async answer(route: string, q: Record<string, unknown>, scenario: number | undefined, compute: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    return this.cache.get(await this.key(route, q, scenario), compute)
  }
}
