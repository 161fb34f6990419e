/**
 * Ground distances and speed conversions shared by the whole engine.
 *
 * Distances use an equirectangular projection at the two points' mean latitude
 * (cosine averaged, so d(a, b) === d(b, a) bit for bit). Below 50 km in Ningbo's latitudes this is
 * within 0.05 % of the geodesic distance, far below the uncertainty of a snapped centroid, and
 * costs one square root instead of four trigonometric calls.
 */

/** Mean Earth radius in metres (IUGG), the same value Turf uses. */
export const EARTH_RADIUS_M = 6_371_008.8

/** Metres per degree of latitude (and of longitude at the equator) on the mean sphere. */
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180

const RAD = Math.PI / 180

/**
 * Cosine of a latitude, the factor a grid stores per point so distances need no trigonometry.
 * @example cosLatitude(60) // ≈ 0.5
 * Contract: lat in degrees [-90, 90]; returns [0, 1].
 */
export function cosLatitude(latDeg: number): number {
  return Math.cos(latDeg * RAD)
}

/**
 * Ground distance between two points whose latitude cosines are already known.
 * @example distanceWithCosM(121.5, 29.8, cosLatitude(29.8), 121.5, 29.81, cosLatitude(29.81)) // ≈ 1112
 * Contract: lng/lat in degrees, cos = cosLatitude(lat); returns metres ≥ 0; symmetric; 0 iff equal.
 */
export function distanceWithCosM(
  lng1: number, lat1: number, cos1: number,
  lng2: number, lat2: number, cos2: number,
): number {
  const dx = (lng2 - lng1) * METRES_PER_DEGREE * 0.5 * (cos1 + cos2)
  const dy = (lat2 - lat1) * METRES_PER_DEGREE
  return Math.sqrt(dx * dx + dy * dy)
}

/**
 * Ground distance between two WGS84 points.
 * @example distanceM(121.55, 29.87, 121.56, 29.87) // ≈ 965
 * Contract: lng/lat in degrees; returns metres ≥ 0; symmetric; within 0.05 % of geodesic below 50 km.
 */
export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  return distanceWithCosM(lng1, lat1, cosLatitude(lat1), lng2, lat2, cosLatitude(lat2))
}

/**
 * Converts a travel distance to minutes at a constant speed.
 * @example metresToMinutes(700, 4) // 10.5
 * Contract: metres ≥ 0 (Infinity allowed), speedKmh > 0; returns minutes, Infinity stays Infinity.
 * Written as m·60/(v·1000) so round numbers stay exact (700 m at 4 km/h is exactly 10.5).
 */
export function metresToMinutes(metres: number, speedKmh: number): number {
  return (metres * 60) / (speedKmh * 1000)
}

/**
 * Converts minutes to the distance covered at a constant speed.
 * @example minutesToMetres(15, 4) // 1000
 * Contract: minutes ≥ 0 (Infinity allowed), speedKmh > 0; returns metres.
 */
export function minutesToMetres(minutes: number, speedKmh: number): number {
  return (minutes * speedKmh * 1000) / 60
}

/**
 * Moves a point by a metric offset (east, north); the inverse of `distanceM` for short offsets.
 * Used to build synthetic grids and candidate points.
 * @example offsetPoint(121.5, 29.8, 0, 100) // [121.5, 29.8008993…]
 * Contract: offsets in metres, |offset| ≪ 100 km; returns [lng, lat] in degrees.
 */
export function offsetPoint(lng: number, lat: number, eastM: number, northM: number): [number, number] {
  const lat2 = lat + northM / METRES_PER_DEGREE
  // Solve for the longitude step with the same averaged cosine distanceM uses.
  const cosMean = 0.5 * (cosLatitude(lat) + cosLatitude(lat2))
  return [lng + eastM / (METRES_PER_DEGREE * cosMean), lat2]
}

/** Largest distance the engine represents, in millimetres (Int32, ≈ 2,147 km). */
export const MAX_DISTANCE_MM = 0x7ffffffe

/**
 * A travel-time limit as a whole-millimetre distance limit (searches compare integers).
 * @example distanceLimitMm(15, 4) // 1_000_000
 * Contract: minutes ≥ 0 or Infinity, speedKmh > 0; returns an integer in [0, MAX_DISTANCE_MM];
 * a distance d (mm) is within the limit iff metresToMinutes(d / 1000) ≤ minutes, up to 1e-6 mm.
 */
export function distanceLimitMm(minutes: number, speedKmh: number): number {
  if (minutes === Infinity) return MAX_DISTANCE_MM
  return Math.min(MAX_DISTANCE_MM, Math.floor(minutesToMetres(minutes, speedKmh) * 1000 + 1e-6))
}
