/**
 * Decompression with an output limit: a small file that unpacks to gigabytes (a "zip bomb" or
 * gzip bomb) stops at the limit with a 413 naming the setting, never in an out-of-memory crash.
 * zlib itself stops at `maxOutputLength`: no more than the limit is ever allocated.
 */
import { iter } from 'but-unzip'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { AppError } from '../errors'
import { fileFault } from './issues'

/** Default of IMPORT_MAX_UNZIPPED_MB: 512 MiB unpacked per import. */
export const DEFAULT_MAX_UNPACKED_BYTES = 512 * 1024 * 1024

const gunzipAsync = promisify(zlib.gunzip)

const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${bytes} bytes` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`)

/** The 413 of a file whose content unpacks to more than `limit` bytes. */
export function unpackedTooLarge(what: string, limit: number): AppError {
  return new AppError(413, 'payload_too_large', `${what} unpacks to more than ${mb(limit)} (the limit is the setting IMPORT_MAX_UNZIPPED_MB)`, [
    { field: 'file', message: `unpacks to more than ${mb(limit)}` },
  ])
}

const tooLarge = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError

/**
 * gunzip, bounded: at most `limit` bytes out. Runs on libuv's thread pool, so a large file does
 * not block the server while it unpacks. Concatenated gzip members are all read (as gzip(1) does).
 * @example await gunzipBounded(gz, 512 * 1024 * 1024)
 * Contract: resolves with the content (≤ limit bytes); 413 beyond the limit; 400 for a truncated or corrupt stream.
 */
export async function gunzipBounded(bytes: Uint8Array, limit = DEFAULT_MAX_UNPACKED_BYTES): Promise<Uint8Array> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: limit })
  } catch (e) {
    throw gzipError(e, limit)
  }
}

/** The same, synchronous (scripts and the sync `detectFormat`). */
export function gunzipBoundedSync(bytes: Uint8Array, limit = DEFAULT_MAX_UNPACKED_BYTES): Uint8Array {
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: limit })
  } catch (e) {
    throw gzipError(e, limit)
  }
}

function gzipError(e: unknown, limit: number): AppError {
  if (tooLarge(e)) return unpackedTooLarge('the gzip-compressed file', limit)
  const reason = e instanceof Error ? e.message : String(e)
  return fileFault(`gzip data is truncated or corrupt (${reason})`)
}

/**
 * A zlib stream inside a file (OSM PBF blobs), bounded per call.
 * Contract: at most `limit` bytes out; 413 beyond; zlib's own error when corrupt (the caller names the place).
 */
export function inflateBounded(bytes: Uint8Array, limit: number, what: string): Uint8Array {
  try {
    return zlib.inflateSync(bytes, { maxOutputLength: limit })
  } catch (e) {
    if (tooLarge(e)) throw unpackedTooLarge(what, limit)
    throw e
  }
}

/**
 * True when the archive ends with an end-of-central-directory record (signature PK\x05\x06 at
 * most 65,535 comment bytes before the end). but-unzip searches for it with `lastIndexOf`, whose
 * negative start wraps around to the end: on an archive without one — any truncated zip or XLSX
 * under 64 KB — that search never ends and hangs the server (found by the fuzz tests). Every
 * caller of `iter` checks this first.
 * Contract: O(min(n, 65,557)); false for fewer than 22 bytes.
 */
export function hasEndOfCentralDirectory(b: Uint8Array): boolean {
  const last = b.length - 22
  for (let i = last; i >= 0 && i >= last - 65_535; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 5 && b[i + 3] === 6) return true
  }
  return false
}

/**
 * Reads the entries of a zip archive that `want` accepts, all of them together unpacking to at
 * most `limit` bytes (a running budget: each entry may only use what the ones before left).
 * @example await readZipEntries(zip, (name) => /\.(shp|dbf)$/i.test(name), 512 << 20)
 * Contract: Map filename → content; 413 when the accepted entries unpack to more than `limit`;
 * 400 for a corrupt archive.
 */
export async function readZipEntries(
  bytes: Uint8Array, want: (filename: string) => boolean, limit = DEFAULT_MAX_UNPACKED_BYTES, opts: { keep?: boolean } = {},
): Promise<Map<string, Uint8Array>> {
  if (!hasEndOfCentralDirectory(bytes)) throw fileFault('the zip archive is truncated or corrupt (it has no end-of-central-directory record)')
  const files = new Map<string, Uint8Array>()
  let left = limit
  const inflate = (raw: Uint8Array) => {
    try {
      // maxOutputLength must be ≥ 1; an empty budget with more to come is over the limit too.
      return zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, left) })
    } catch (e) {
      if (tooLarge(e)) throw unpackedTooLarge('the zip archive', limit)
      throw e
    }
  }
  try {
    for (const e of iter(bytes, inflate)) {
      if (!want(e.filename)) continue
      const content = await e.read()
      left -= content.length
      if (left < 0) throw unpackedTooLarge('the zip archive', limit)
      if (opts.keep !== false) files.set(e.filename, content)
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw fileFault(`the zip archive is corrupt (${(e as Error).message})`)
  }
  return files
}

/**
 * Checks that the entries of a zip archive unpack to at most `limit` bytes in all, by unpacking
 * each one and discarding it (XLSX, which exceljs unpacks itself without a limit).
 * Contract: resolves when within the limit; 413 beyond it; 400 for a corrupt archive.
 */
export async function checkZipUnpackedSize(bytes: Uint8Array, limit = DEFAULT_MAX_UNPACKED_BYTES): Promise<void> {
  await readZipEntries(bytes, () => true, limit, { keep: false })
}
