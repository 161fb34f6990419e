/**
 * Compares the committed district boundaries (areas.geojson) with the reference WGS84 districts in
 * ../shared/data/ningbo/districts.wgs84.geojson (AMap export at full precision, converted from GCJ-02
 * independently). Not part of the build: the build needs nothing outside the repository.
 *
 *   npx tsx geodata/ningbo/validate.ts
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compareDistricts } from './lib/compare'
import { geometryToMultiPoly } from './lib/geometry'

const HERE = dirname(fileURLToPath(import.meta.url))
const reference = join(HERE, '..', '..', '..', 'shared', 'data', 'ningbo', 'districts.wgs84.geojson')
if (!existsSync(reference)) {
  console.error(`reference file not found: ${reference} (it is part of the project's shared data, not of the repository)`)
  process.exit(1)
}
const areas = JSON.parse(readFileSync(join(HERE, 'areas.geojson'), 'utf8')) as {
  features: { properties: { code: string; name: string; level: string }; geometry: { type: string; coordinates: unknown } }[]
}
const ours = areas.features
  .filter((f) => f.properties.level === 'district')
  .map((f) => ({ code: f.properties.code, name: f.properties.name, geometry: geometryToMultiPoly(f.geometry) }))
const rows = compareDistricts(ours, JSON.parse(readFileSync(reference, 'utf8')))
console.log('code    name    area km² (ours / reference, diff)   IoU     offset m: reference→ours mean / p95; ours→reference mean / p95')
for (const r of rows) {
  console.log(
    `${r.code}  ${r.name}  ${r.areaKm2.toFixed(1).padStart(7)} / ${r.referenceAreaKm2.toFixed(1).padStart(7)} (${r.areaDiffPct >= 0 ? '+' : ''}${r.areaDiffPct.toFixed(2)} %)` +
      `   ${r.iou.toFixed(4)}   ${r.meanOffsetM.toFixed(0).padStart(4)} / ${r.p95OffsetM.toFixed(0).padStart(4)};  ${r.meanOffsetReverseM.toFixed(0).padStart(4)} / ${r.p95OffsetReverseM.toFixed(0).padStart(4)}`,
  )
}
const mean = (k: 'iou' | 'meanOffsetM' | 'meanOffsetReverseM') => rows.reduce((s, r) => s + r[k], 0) / rows.length
const total = rows.reduce((s, r) => s + r.areaKm2, 0), totalRef = rows.reduce((s, r) => s + r.referenceAreaKm2, 0)
console.log(
  `all: area ${total.toFixed(0)} / ${totalRef.toFixed(0)} km² (${((total / totalRef - 1) * 100).toFixed(2)} %), mean IoU ${mean('iou').toFixed(4)}, ` +
    `mean vertex offset ${mean('meanOffsetM').toFixed(0)} m (reference→ours), ${mean('meanOffsetReverseM').toFixed(0)} m (ours→reference)`,
)
