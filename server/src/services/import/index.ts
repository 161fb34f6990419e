import type { Database } from '../../db/database'
import { storeAreas, type StoreResult } from '../../db/areas'
import { createBatch, finishBatch } from '../../db/batches'
import { storeFacilities } from '../../db/facilities'
import { storePopulation } from '../../db/population'
import { storeProjects } from '../../db/projects'
import { storeStreets } from '../../db/streets'
import { bumpVersion } from '../../db/versions'
import { lockImportLayer } from '../../db/locks'
import { readCatalogue } from '../../db/catalogue'
import { badRequest } from '../../errors'
import type { CrsCode, ImportKind, ImportMode, ImportResult } from '../../contract/records'
import { parseFile } from '../../formats'
import { detectFile } from '../../formats/detect'
import { readPopulationSamples } from '../../formats/geotiff'
import { log } from '../../log'
import { normalizeAreas } from './areas'
import { checkAreasNotGcj02, checkPointsNotGcj02 } from './crs-check'
import { normalizeFacilities } from './facilities'
import { IssueList } from './fields'
import { toDetail } from '../../formats/issues'
import { normalizePopulation, populationFromSamples } from './population'
import { normalizeProjects } from './projects'
import { normalizeRoads } from './roads'
import { buildNetworks, networkSpecs, type LoadedNetwork } from '../analysis/networks'

export interface ImportRequest {
  kind: ImportKind
  bytes: Uint8Array
  fileName?: string
  contentType?: string
  crs?: CrsCode
  mode?: ImportMode
  /** Refuse WGS84-declared data that fits the loaded areas only after a GCJ-02 conversion. */
  checkCrs?: boolean
  actor?: string
  maxRecords: number
  /** Most bytes a compressed file may unpack to (IMPORT_MAX_UNZIPPED_MB; default 512 MiB). */
  maxUnzippedBytes?: number
  /** Facilities: the type of records that carry none. */
  defaultType?: string
}

/** What a caller in the same process may want to know about an import's side products. */
export interface ImportHooks {
  /** The street networks a roads import built and stored, one per network code. */
  networksBuilt?: (built: (LoadedNetwork & { code: string })[]) => void
}

const EXPECT = {
  areas: 'features',
  facilities: 'features',
  population: 'raster-or-features',
  roads: 'streets',
  projects: 'table',
} as const

/**
 * The one import path of circle15 (HTTP routes and CLI alike): parse → validate every record →
 * check the CRS → write everything in one transaction. Any invalid record aborts the whole import
 * with a 400 listing the records and fields at fault; nothing is stored.
 */
export async function runImport(db: Database, req: ImportRequest, hooks: ImportHooks = {}): Promise<ImportResult> {
  const crs = req.crs ?? 'wgs84'
  const mode = req.mode ?? 'append'
  const started = Date.now()
  // Unpacked once (bounded); parseFile reads the same bytes.
  const detected = await detectFile(req.bytes, { fileName: req.fileName, contentType: req.contentType, maxUnpackedBytes: req.maxUnzippedBytes })
  // Population rasters go straight from typed arrays into cells: a city-sized WorldPop raster
  // holds millions of sample points, too many to pass through one object per record.
  const raster = req.kind === 'population' && detected.format === 'geotiff'
    ? await readPopulationSamples(detected.bytes, { maxRecords: req.maxRecords * 9, maxUnpackedBytes: req.maxUnzippedBytes })
    : undefined
  const parsed = raster
    ? { format: detected.format, records: [], warnings: raster.warnings }
    : await parseFile(req.bytes, {
        fileName: req.fileName,
        contentType: req.contentType,
        expect: EXPECT[req.kind],
        maxRecords: req.maxRecords,
        maxUnpackedBytes: req.maxUnzippedBytes,
        detected,
      })
  const warnings = [...parsed.warnings]
  const issues = new IssueList()
  const catalogue = await readCatalogue(db)
  const records = parsed.records ?? []
  if (req.kind !== 'roads' && records.length === 0 && !raster?.population.length) throw badRequest('the file holds no records', [], 'empty_file')

  let write: (tx: Parameters<Parameters<Database['transaction']>[0]>[0], batchId: number) => Promise<StoreResult>
  let check: () => Promise<void> = async () => {}
  switch (req.kind) {
    case 'areas': {
      const rows = normalizeAreas(records, { crs, issues })
      if (crs === 'wgs84') check = () => checkAreasNotGcj02(db, rows)
      write = (tx, batchId) => storeAreas(tx, rows, { batchId, mode })
      break
    }
    case 'facilities': {
      const rows = normalizeFacilities(records, { crs, issues, types: new Set(catalogue.types.map((t) => t.code)), defaultType: req.defaultType })
      if (crs === 'wgs84') check = () => checkPointsNotGcj02(db, rows.map((r) => ({ record: r.record, id: r.id, lng: r.lng, lat: r.lat })))
      write = (tx, batchId) => storeFacilities(tx, rows, { batchId, mode })
      break
    }
    case 'population': {
      const cells = raster
        ? populationFromSamples(raster, { crs, issues, maxCells: req.maxRecords })
        : normalizePopulation(records, { crs, issues, maxCells: req.maxRecords })
      write = (tx, batchId) => storePopulation(tx, cells, { batchId, mode })
      break
    }
    case 'roads': {
      const segments = parsed.segments ?? []
      if (segments.length === 0) throw badRequest('the file holds no streets (no ways or lines with a highway tag)', [], 'empty_file')
      const rows = normalizeRoads(segments, { crs, issues, format: parsed.format })
      write = (tx, batchId) => storeStreets(tx, rows, { batchId, mode })
      break
    }
    case 'projects': {
      const rows = normalizeProjects(records, { crs, issues, domains: new Set(catalogue.domains.map((d) => d.code)) })
      write = (tx, batchId) => storeProjects(tx, rows, { batchId, mode })
      break
    }
  }
  if (issues.count > 0) {
    const first = issues.issues[0]
    const where = [first.record !== undefined && `record ${first.record}`, first.field].filter(Boolean).join(', ')
    throw badRequest(
      `${issues.count} problem${issues.count > 1 ? 's' : ''} in the file; nothing was imported. First: ${where ? `${where}: ` : ''}${first.message}` +
        (issues.count > issues.issues.length ? ` (first ${issues.issues.length} listed)` : ''),
      issues.issues.map(toDetail),
      'invalid_records',
    )
  }
  if (req.checkCrs !== false) await check()

  log.debug(`import ${req.kind}: records valid, writing them in one transaction`)
  const result = await db.transaction(async (tx) => {
    await lockImportLayer(tx, req.kind)
    const batchId = await createBatch(tx, {
      kind: req.kind,
      fileName: req.fileName ?? null,
      format: parsed.format,
      sourceCrs: crs,
      mode,
      actor: req.actor ?? 'system',
    })
    const stored = await write(tx, batchId)
    const all = [...warnings, ...stored.warnings]
    await finishBatch(tx, batchId, { imported: stored.imported, updated: stored.updated, skipped: 0, warnings: all })
    await bumpVersion(tx, req.kind)
    return { batchId, kind: req.kind, format: parsed.format, imported: stored.imported, updated: stored.updated, skipped: 0, warnings: all }
  })
  if (req.kind === 'roads') {
    // Every mode's network is built once, here, from the committed streets, and stored: no
    // request rebuilds it. Should this fail, the import stands and the next start builds them.
    try {
      hooks.networksBuilt?.(await buildNetworks(db, networkSpecs(catalogue.modes)))
    } catch (e) {
      log.error(`import roads: the street networks could not be built (${(e as Error).message}); they are built at the next start`)
    }
  }
  log.info(`import ${req.kind}: ${result.imported} new, ${result.updated} updated from ${req.fileName ?? 'upload'} in ${Date.now() - started} ms`, {
    batch: result.batchId,
  })
  return result
}
