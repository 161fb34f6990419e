import type { ErrorDetail } from '../../errors'
import { badRequest } from '../../errors'
import type { Queryable } from '../../db/database'
import { countAreas, distancesToStoredOutline, pointsInsideAnyArea } from '../../db/areas'
import { geometryToWgs84 } from '../../formats/crs'

/**
 * Chinese web maps (AMap, Tencent: GCJ-02; Baidu: BD-09) shift coordinates by ~300–700 m. A file
 * of such coordinates declared as WGS84 looks valid but puts every point a block off. These checks
 * compare the file with what is already loaded: if the data fit the loaded areas clearly better
 * after a GCJ-02 → WGS84 conversion, the import is refused with a hint to say `crs=gcj02`.
 */
const SAMPLE = 2000

/** Points (lng, lat) declared WGS84: are clearly more of them inside the loaded areas once converted? */
export async function checkPointsNotGcj02(q: Queryable, points: { record: number; id?: string; lng: number; lat: number }[]): Promise<void> {
  if (!points.length) return
  if (!(await countAreas(q))) return
  const step = Math.max(1, Math.floor(points.length / SAMPLE))
  const sample = points.filter((_, i) => i % step === 0)
  const converted = sample.map((p) => (geometryToWgs84({ type: 'Point', coordinates: [p.lng, p.lat] }, 'gcj02') as GeoJSON.Point).coordinates)
  // One query for both: the points as declared, then converted.
  const inside = await pointsInsideAnyArea(q, [...sample.map((p): [number, number] => [p.lng, p.lat]), ...converted.map((c): [number, number] => [c[0], c[1]])])
  const rows = sample.map((_, i) => ({ i, inside: inside[i], inside_converted: inside[sample.length + i] }))
  const outside = rows.filter((r) => !r.inside).length
  const outsideConverted = rows.filter((r) => !r.inside_converted).length
  const gained = rows.filter((r) => !r.inside && r.inside_converted)
  // Clear evidence only: several points move inside, and conversion at least halves the misfits.
  if (gained.length >= Math.max(3, Math.ceil(0.01 * rows.length)) && outsideConverted * 2 <= outside) {
    const details: ErrorDetail[] = gained.slice(0, 20).map((r) => ({
      record: sample[r.i].record,
      id: sample[r.i].id,
      field: 'geometry',
      message: 'outside every loaded area as WGS84, inside one after GCJ-02 → WGS84 conversion',
    }))
    throw suspectedGcj02(`${outside} of ${rows.length} sampled points lie outside every loaded area, but only ${outsideConverted} after a GCJ-02 → WGS84 conversion`, details)
  }
}

/**
 * Areas declared WGS84 whose code is already loaded: is the new outline offset from the stored one
 * by the GCJ-02 shift (it matches far better once converted)?
 */
export async function checkAreasNotGcj02(q: Queryable, areas: { record: number; code: string; geometry: GeoJSON.Geometry }[]): Promise<void> {
  const details: ErrorDetail[] = []
  let compared = 0
  for (const a of areas.slice(0, 50)) {
    const converted = geometryToWgs84(a.geometry, 'gcj02')
    const d = await distancesToStoredOutline(q, a.code, [a.geometry, converted])
    if (!d) continue
    const row = { d_as_is: d[0], d_converted: d[1] }
    compared++
    // In degrees: the GCJ-02 offset near Ningbo is ~0.005°; a 3× better fit after conversion is no accident.
    if (row.d_converted * 3 < row.d_as_is && row.d_as_is > 0.002) {
      details.push({ record: a.record, id: a.code, field: 'geometry', message: `outline is offset from the stored area ${a.code} by the GCJ-02 shift` })
    }
  }
  if (compared && details.length * 2 > compared) {
    throw suspectedGcj02(`${details.length} of ${compared} areas match their stored outline only after a GCJ-02 → WGS84 conversion`, details)
  }
}

function suspectedGcj02(summary: string, details: ErrorDetail[]) {
  return badRequest(
    `the coordinates look like GCJ-02 (Chinese web-map) data declared as WGS84: ${summary}. Re-import with crs=gcj02 (or crs=bd09 for Baidu data); if the file really is WGS84, add checkCrs=0.`,
    details,
    'suspected_gcj02',
  )
}
