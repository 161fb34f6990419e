/**
 * Bytes → text for the text formats (CSV, GeoJSON). Chinese Excel saves "CSV" in GBK unless told
 * otherwise, and "Unicode text" in UTF-16; both are common in planners' files, so each is
 * recognised rather than turned into mojibake.
 */
import { fileFault } from './issues'

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

export interface DecodedText {
  text: string
  encoding: TextEncodingName
}

/**
 * Decodes a text file: a UTF-8 or UTF-16 byte-order mark decides; without one, strict UTF-8 is
 * tried first and GB18030 (a superset of GBK/GB2312) second. The BOM is never part of `text`.
 * Throws a 400 when the bytes are neither.
 *
 * @example decodeText(new Uint8Array([0xc4, 0xfe, 0xb2, 0xa8])) // { text: '宁波', encoding: 'gb18030' }
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict(bytes, 'utf-16le')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict(bytes, 'utf-16be')
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict(bytes, 'utf-8')
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' }
    } catch {
      throw fileFault('file is not text in a supported encoding (UTF-8, UTF-16 with BOM, GBK/GB18030)')
    }
  }
}

function strict(bytes: Uint8Array, encoding: TextEncodingName): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding }
  } catch {
    throw fileFault(`file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}`)
  }
}

/** Line and column (both 1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}
