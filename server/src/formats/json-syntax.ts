/**
 * JSON.parse with an error a planner can act on: line and column of the first syntax error.
 * V8's own messages give a character position only for some errors (and none for a truncated
 * file), so on failure the text is rescanned by a small JSON syntax checker to find the spot.
 */
import { fileFault } from './issues'
import { lineColumn } from './text'

/**
 * Parses JSON text; throws a 400 "invalid JSON at line L, column C: …" when it is not JSON.
 *
 * @example parseJson('{"a": [1,') // throws: invalid JSON at line 1, column 10: unexpected end of file
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    const found = locateJsonError(text)
    if (!found) throw fileFault(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`)
    const { line, column } = lineColumn(text, found.offset)
    throw fileFault(`invalid JSON at line ${line}, column ${column}: ${found.message}`)
  }
}

export interface JsonSyntaxError {
  /** Character offset of the fault in the text. */
  offset: number
  message: string
}

const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y

/** Offset and description of the first JSON syntax error in `text`, or null when it is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | null {
  const n = text.length
  const stack: string[] = [] // '}' or ']': the closer each open container waits for
  let i = 0
  let state: 'value' | 'firstValue' | 'key' | 'firstKey' | 'after' = 'value'
  const fail = (expected: string): JsonSyntaxError => ({
    offset: i,
    message: i >= n ? `unexpected end of file (${expected})` : `${expected}, found ${JSON.stringify(text[i])}`,
  })
  const scanString = (): JsonSyntaxError | null => {
    i++ // opening quote
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 34) {
        i++
        return null
      }
      if (c < 0x20) return fail('unescaped control character in string')
      if (c === 92) {
        const esc = text[i + 1]
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('invalid \\u escape')
          i += 6
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2
        else return fail('invalid escape in string')
      } else i++
    }
    return fail('unterminated string')
  }

  for (;;) {
    while (i < n && ' \t\n\r'.includes(text[i])) i++
    if (state === 'value' || state === 'firstValue') {
      if (i >= n) return fail('expected a value')
      const c = text[i]
      if (state === 'firstValue' && c === ']') {
        i++
        stack.pop()
        state = 'after'
      } else if (c === '{' || c === '[') {
        stack.push(c === '{' ? '}' : ']')
        i++
        state = c === '{' ? 'firstKey' : 'firstValue'
      } else if (c === '"') {
        const err = scanString()
        if (err) return err
        state = 'after'
      } else {
        NUMBER_OR_LITERAL.lastIndex = i
        const m = NUMBER_OR_LITERAL.exec(text)
        if (!m) return fail('expected a value')
        i += m[0].length
        state = 'after'
      }
    } else if (state === 'key' || state === 'firstKey') {
      if (state === 'firstKey' && text[i] === '}') {
        i++
        stack.pop()
        state = 'after'
        continue
      }
      if (text[i] !== '"') return fail('expected a double-quoted property name')
      const err = scanString()
      if (err) return err
      while (i < n && ' \t\n\r'.includes(text[i])) i++
      if (text[i] !== ':') return fail("expected ':' after property name")
      i++
      state = 'value'
    } else {
      const closer = stack[stack.length - 1]
      if (closer === undefined) return i >= n ? null : fail('unexpected text after the end of the JSON value')
      if (text[i] === ',') {
        i++
        state = closer === '}' ? 'key' : 'value'
      } else if (text[i] === closer) {
        i++
        stack.pop()
      } else return fail(`expected ',' or '${closer}'`)
    }
  }
}
