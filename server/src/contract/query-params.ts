import { z } from 'zod'

/**
 * Query-string values: what a URL can carry is a string (or an array when a parameter repeats),
 * so a number is read from a plain decimal (`10`, `2.5`, `-0.3`, `1e3`) and nothing else.
 * `z.coerce.number()` took `0x10` for 16, `''` for 0 and `' '` for 0; these say what is wrong.
 * String-first, so the contract's JSON Schema shows the parameter as a string with a pattern.
 */
export const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

const oneString = z.string({
  error: (iss) => (iss.input === undefined ? 'required: give a number' : 'give the parameter once, as one number'),
})

/**
 * A query parameter holding one number, checked by `schema` after parsing.
 * @example queryNumber(z.number().positive().max(180)).optional().parse('0x10') // throws: not a decimal number
 */
export function queryNumber<T extends z.ZodType<number, number>>(schema: T) {
  // The published contract (OpenAPI) shows what the parameter means: the number with its bounds.
  const { $schema: _, ...asNumber } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>
  return oneString
    .superRefine((s, ctx) => {
      if (s.trim() === '') ctx.addIssue({ code: 'custom', message: 'is empty: give a number, or leave the parameter out' })
      else if (!DECIMAL_PATTERN.test(s.trim())) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s.slice(0, 40))} is not a decimal number (like 10 or 2.5)` })
      else if (!Number.isFinite(Number(s))) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s.slice(0, 40))} is too large` })
    })
    .transform((s) => Number(s.trim()))
    .pipe(schema)
    .meta(asNumber)
}

/** A positive integer id in a query or path (`scenario=3`, `/scenarios/3`). */
export const queryId = () => queryNumber(z.number().int().positive().max(2_147_483_647))
