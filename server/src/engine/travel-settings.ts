/**
 * Travel modes and thresholds as data (catalogue `modes` and `types[].thresholdMinutes`), and the
 * per-request resolution of speed and threshold with overrides. Fail fast: every bad value is
 * reported at once.
 */

/**
 * Travel time by road class (catalogue `modes[].roads`; road-speeds.ts interprets it). Speeds in
 * km/h; 0 bars a class for the mode.
 */
export interface RoadSpeeds {
  /** Per OSM `highway` value; unlisted classes run at the mode's speedKmh. */
  speedKmh?: Readonly<Record<string, number>>
  /** A way's `maxspeed` tag × this factor replaces its class speed (not a barred class's 0). */
  maxspeedFactor?: number
  /** No segment faster than this. */
  capKmh?: number
}

export interface TravelMode {
  /** `walk`, `bike`, `ebike`, `car`, … */
  code: string
  /**
   * Nominal speed, km/h: network costs are millimetres at this speed (road-speeds.ts), straight-line
   * fallbacks run at it, and a request's speedKmh scales the whole mode.
   */
  speedKmh: number
  /** Street profile the mode travels on (`walk`, `bike`, `car`): see street-profile.ts. */
  network: string
  /** Speed of the straight legs (cell centroid or facility → street), km/h; default speedKmh. */
  accessSpeedKmh?: number
  /** Speeds by road class; absent = speedKmh on every open segment. */
  roads?: RoadSpeeds
}

/** The catalogue defaults: walking 4 km/h, bicycle 12, e-bike 18 (bike network), car 30. */
export const DEFAULT_TRAVEL_MODES: readonly TravelMode[] = [
  { code: 'walk', speedKmh: 4, network: 'walk' },
  { code: 'bike', speedKmh: 12, network: 'bike' },
  { code: 'ebike', speedKmh: 18, network: 'bike' },
  { code: 'car', speedKmh: 30, network: 'car' },
]

export interface TravelRequest {
  /** Mode code; default `walk`. */
  mode?: string
  /** Overrides the mode's speed, km/h. */
  speedKmh?: number
  /** Overrides the facility type's threshold, minutes. */
  minutes?: number
}

export interface ResolvedTravel {
  mode: string
  network: string
  /** The mode as in the catalogue (its road speeds and access speed). */
  travel: TravelMode
  speedKmh: number
  thresholdMinutes: number
}

/** Thrown with every problem of a travel request at once. */
export class TravelSettingsError extends RangeError {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '))
    this.name = 'TravelSettingsError'
  }
}

/**
 * Speed and threshold of one request: the mode's defaults unless overridden.
 * @example resolveTravel(DEFAULT_TRAVEL_MODES, 15, { mode: 'ebike' }) // { mode: 'ebike', network: 'bike', travel: {…}, speedKmh: 18, thresholdMinutes: 15 }
 * Contract: speed in km/h within (0, 200]; minutes within (0, 180]; throws TravelSettingsError
 * listing every invalid field (unknown mode, speed, minutes).
 */
export function resolveTravel(modes: readonly TravelMode[], typeThresholdMinutes: number, request: TravelRequest = {}): ResolvedTravel {
  const problems: { field: string; message: string }[] = []
  const code = request.mode ?? 'walk'
  const mode = modes.find((m) => m.code === code)
  if (!mode) problems.push({ field: 'mode', message: `unknown mode "${code}" (known: ${modes.map((m) => m.code).join(', ')})` })
  const speedKmh = request.speedKmh ?? mode?.speedKmh ?? NaN
  if (request.speedKmh !== undefined && !(speedKmh > 0 && speedKmh <= 200)) problems.push({ field: 'speedKmh', message: `must be a number in (0, 200], got ${request.speedKmh}` })
  const thresholdMinutes = request.minutes ?? typeThresholdMinutes
  if (!(thresholdMinutes > 0 && thresholdMinutes <= 180)) problems.push({ field: 'minutes', message: `must be a number in (0, 180], got ${thresholdMinutes}` })
  if (problems.length > 0) throw new TravelSettingsError(problems)
  return { mode: code, network: mode!.network, travel: mode!, speedKmh, thresholdMinutes }
}
