/**
 * GeoJSON writer (RFC 7946): one FeatureCollection per layer, WGS 84 longitude/latitude,
 * properties as the layer holds them (numbers as numbers). The layer's id and title travel as
 * the foreign members `name` and `title`. One layer → one `.geojson`; several → a zip of them.
 */
import type { ReportData, ReportLayer } from '../tables'
import { zipFiles } from './zip'

/** One layer as a FeatureCollection object. */
export function layerCollection(layer: ReportLayer) {
  return { type: 'FeatureCollection' as const, name: layer.id, title: layer.title, features: layer.features.map((f) => ({ type: 'Feature' as const, ...(f.id !== undefined ? { id: f.id } : {}), properties: f.properties ?? {}, geometry: f.geometry })) }
}

export const layerFileName = (l: ReportLayer) => `${l.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.geojson`

/**
 * A report's layers as GeoJSON.
 * @example JSON.parse((await writeGeojson(oneLayer)).toString()).features.length
 */
export async function writeGeojson(data: ReportData): Promise<Buffer> {
  if (data.layers.length === 1) return Buffer.from(JSON.stringify(layerCollection(data.layers[0])), 'utf8')
  return zipFiles(data.layers.map((l) => ({ name: layerFileName(l), content: JSON.stringify(layerCollection(l)) })))
}

/** Whether `writeGeojson` answers a zip (several layers, or none). */
export const geojsonIsZip = (data: ReportData) => data.layers.length !== 1
