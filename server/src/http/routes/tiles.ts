import zlib from 'node:zlib'
import { queryNumber } from '../../contract/query-params'
import { Router, type Request, type Response } from 'express'
import * as h3 from 'h3-js'
import { AreaShapesQuery, CellAt, CellTilesQuery, TileCoords } from '../../contract/tiles'
import { areasFeatureCollection } from '../../services/areas'
import { CellTiles } from '../../services/tiles'
import { storedStreetTiles } from '../../services/tiles/streets'
import type { AppContext } from '../context'
import { parseInput } from '../validate'

/**
 * Map data for the web app: the cell layer as vector tiles (`/tiles/cells/{z}/{x}/{y}.pbf`), its
 * TileJSON with the version token and legend facts (`/tiles/cells.json`), the loaded street
 * network (`/tiles/streets.json`, `/tiles/streets/{z}/{x}/{y}.pbf`), cached area boundaries
 * (`/tiles/areas.json?level=&simplify=`), and one clicked cell
 * (`/tiles/cell?h3=` or `?lng=&lat=&res=`).
 */
export function tilesRouter(ctx: AppContext): Router {
  const r = Router()
  const tiles = new CellTiles(ctx.analysis, async (scenario, id) => (await ctx.scenarios.get(scenario)).changes.find((c) => c.facilityId === id)?.name ?? null)

  r.get('/tiles/cells.json', async (req, res) => {
    res.setHeader('cache-control', 'no-cache')
    res.json(await tiles.tileJson(parseInput(CellTilesQuery, req.query)))
  })

  r.get('/tiles/cells/:z/:x/:file', async (req, res) => {
    const m = /^(\d+)\.pbf$/.exec(req.params.file)
    const { z, x, y } = parseInput(TileCoords, { z: req.params.z, x: req.params.x, y: m ? m[1] : 'not a tile' })
    const q = parseInput(CellTilesQuery, req.query)
    const { gzip, token } = await tiles.tile(q, z, x, y)
    sendTile(req, res, gzip, q.v === token, `"${token}-${z}-${x}-${y}-${q.value}"`)
  })

  const streets = storedStreetTiles(ctx.db, ctx.analysis.inputs)
  r.get('/tiles/streets.json', async (_req, res) => {
    res.setHeader('cache-control', 'no-cache')
    res.json(await streets.tileJson())
  })
  r.get('/tiles/streets/:z/:x/:file', async (req, res) => {
    const m = /^(\d+)\.pbf$/.exec(req.params.file)
    const { z, x, y } = parseInput(TileCoords, { z: req.params.z, x: req.params.x, y: m ? m[1] : 'not a tile' })
    const { gzip, key } = await streets.tile(z, x, y)
    sendTile(req, res, gzip, req.query.v === key, `"${key}-${z}-${x}-${y}"`)
  })

  // Area boundaries for the base map: the same GeoJSON as /api/areas, simplified, kept in memory
  // (gzipped) until the areas or the population change, so a page load costs no PostGIS query.
  const areaCache = new Map<string, Promise<Buffer>>()
  r.get('/tiles/areas.json', async (req, res) => {
    const q = parseInput(AreaShapesQuery, req.query)
    const key = `${(await ctx.analysis.inputs.areas()).key}|${q.level}|${q.simplify}`
    let gzip = areaCache.get(key)
    if (!gzip) {
      gzip = areasFeatureCollection(ctx.db, ctx.areaPopulation, { level: q.level, simplify: q.simplify / 111_320 }).then((fc) => zlib.gzipSync(JSON.stringify(fc)))
      gzip.catch(() => areaCache.delete(key))
      if (areaCache.size > 16) areaCache.clear()
      areaCache.set(key, gzip)
    }
    const bytes = await gzip
    res.setHeader('content-type', 'application/json; charset=utf-8')
    res.setHeader('cache-control', 'no-cache')
    res.setHeader('vary', 'accept-encoding')
    if (req.acceptsEncodings('gzip')) res.setHeader('content-encoding', 'gzip').end(bytes)
    else res.end(zlib.gunzipSync(bytes))
  })

  r.get('/tiles/cell', async (req, res) => {
    const { h3: cell, lng, lat, res: resolution, ...rest } = req.query as Record<string, unknown>
    const at = parseInput(CellAt, { h3: cell, lng, lat, res: resolution })
    const id = at.h3 ?? h3.latLngToCell(at.lat!, at.lng!, at.res)
    res.json(await tiles.cellInfo(id, parseInput(CellTilesQuery, rest)))
  })
  return r
}

/**
 * Sends a gzip-compressed tile (inflated for the rare client that does not accept gzip). A URL
 * carrying the current version token always names the same bytes: the browser may keep them.
 */
function sendTile(req: Request, res: Response, gzip: Buffer, current: boolean, etag: string) {
  res.setHeader('content-type', 'application/vnd.mapbox-vector-tile')
  res.setHeader('vary', 'accept-encoding')
  res.setHeader('cache-control', current ? 'private, max-age=86400, immutable' : 'no-cache')
  res.setHeader('etag', etag)
  if (req.acceptsEncodings('gzip')) res.setHeader('content-encoding', 'gzip').end(gzip)
  else res.end(zlib.gunzipSync(gzip))
}
