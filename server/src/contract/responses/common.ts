import { z } from 'zod'

/** Building blocks of the response schemas. */

/** A name in both interface languages. */
export const bilingual = z.strictObject({ zh: z.string(), en: z.string() })
export const optionalBilingual = z.strictObject({ zh: z.string().nullable(), en: z.string().nullable() })
/** A share or rate, 0…1. */
export const share = z.number().min(0).max(1)
/** A point [lng, lat] in WGS84 degrees. */
export const lng = z.number().min(-180).max(180)
export const lat = z.number().min(-90).max(90)
export const lngLat = z.tuple([lng, lat])
/** The district or township a result lies in (null: outside every loaded area). */
export const areaRef = z.strictObject({ code: z.string(), name: z.string() }).nullable()
/** A GeoJSON position: [lng, lat] (an altitude may follow). */
export const position = z.array(z.number()).min(2).max(3)
export const ring = z.array(position).min(4)
/** A timestamp, ISO 8601 with offset (how a database timestamp arrives in JSON). */
export const isoTime = z.iso.datetime({ offset: true })
/** [west, south, east, north] in degrees. */
export const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()])
export const multiPolygon = z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)) })
/** How travel times were obtained (API.md conventions). */
export const travelMethod = z.enum(['network', 'straight-line', 'mixed'])
