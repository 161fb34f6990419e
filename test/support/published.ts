import { Ajv2020 } from 'ajv/dist/2020.js'
import { expect } from 'vitest'
import type { z } from 'zod'
import { jsonSchemaOf } from '../../server/src/http/openapi'

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })

/**
 * Checks an answer against the JSON Schema that `GET /api/openapi.json` publishes for its zod
 * schema. Stricter than `schema.parse` for `z.object` schemas: zod strips unknown keys, while the
 * published schema says `additionalProperties: false`, so a field the schema lacks fails here.
 */
export function expectPublished(schema: z.ZodType, body: unknown): void {
  const validate = ajv.compile(jsonSchemaOf(schema, 'output'))
  const ok = validate(body)
  expect(ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([])
}
