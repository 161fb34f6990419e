/**
 * The plane the withPoints reference snaps in: a conformal projection of the sphere circle15 measures on.
 */

/** Mean Earth radius (IUGG), the sphere circle15 and PostGIS's geography (use_spheroid => false) measure on. */
const EARTH_RADIUS_M = 6_371_008.8

/**
 * A transverse Mercator on the sphere centred at (lng0, lat0) (Snyder 1987, eq. 8-1 and 8-3, k0 = 1):
 * conformal, so nearest points and distances in the plane are those on the sphere (scale
 * 1 + (d/R)²/2: within 2 ppm over 10 km). Not UTM: UTM is conformal on the WGS84 *ellipsoid*,
 * which at 30° N is 0.3 % shorter north–south than the sphere — enough to pick the other of two
 * segments 71 m away whose distances differ by 12 cm (seen in Chengdu). Computed here, not by
 * PROJ: a PROJ string per ST_Transform call costs ~0.7 ms.
 * @example sphereTransverseMercator(104, 30)(104, 30.001) // [0, ≈ 111.19]
 */
export function sphereTransverseMercator(lng0: number, lat0: number): (lng: number, lat: number) => [number, number] {
  const rad = Math.PI / 180
  return (lng, lat) => {
    const dl = (lng - lng0) * rad, phi = lat * rad
    const b = Math.cos(phi) * Math.sin(dl)
    return [EARTH_RADIUS_M * Math.atanh(b), EARTH_RADIUS_M * (Math.atan2(Math.tan(phi), Math.cos(dl)) - lat0 * rad)]
  }
}

/** EWKT of a polyline (a single point is doubled; `srid` '' for the plane). */
export const lineWkt = (coords: readonly (readonly [number, number])[], srid = 'SRID=4326;') =>
  `${srid}LINESTRING(${(coords.length === 1 ? [coords[0], coords[0]] : coords).map(([x, y]) => `${x} ${y}`).join(',')})`
