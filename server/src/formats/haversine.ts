/** Great-circle distances on the mean Earth sphere (IUGG mean radius, as OSRM and turf use). */

/** Mean Earth radius in metres (IUGG R1). */
export const EARTH_RADIUS_M = 6371008.8

const RAD = Math.PI / 180

/**
 * Haversine distance in metres between two WGS84 points given in degrees; ≥ 0, symmetric.
 *
 * @example haversineM(121.5, 29.9, 121.5, 30.0) // ≈ 11119.5 (0.1° of latitude)
 */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD
  const dLng = (lng2 - lng1) * RAD
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)))
}

/** Length in metres of a polyline of [lng, lat] vertices: the sum of its haversine legs (0 for < 2 vertices). */
export function lineLengthM(coords: readonly (readonly number[])[]): number {
  let sum = 0
  for (let k = 1; k < coords.length; k++) {
    const a = coords[k - 1]
    const b = coords[k]
    sum += haversineM(a[0], a[1], b[0], b[1])
  }
  return sum
}
