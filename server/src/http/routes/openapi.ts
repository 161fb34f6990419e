import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Router } from 'express'
import { openApiDocument, type MountedRoute } from '../openapi'

const PACKAGE_JSON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../package.json')

/** `GET /api/openapi.json`: the OpenAPI document of every mounted route, built once on first request. */
export function openapiRouter(mounted: () => MountedRoute[]): Router {
  const r = Router()
  let doc: string | undefined
  r.get('/openapi.json', (_req, res) => {
    doc ??= JSON.stringify(openApiDocument(mounted(), { version: JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).version }))
    res.type('application/json').send(doc)
  })
  return r
}
