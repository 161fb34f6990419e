/**
 * Which street segments a travel mode may use, and in which directions: mode rules as data.
 *
 * A profile is plain data (editable like the catalogue): the `highway` values open to the mode,
 * the values open only when a mode tag explicitly allows them, the access-tag hierarchy (most
 * specific first) and the oneway policy. `segmentDirections` interprets it.
 *
 * Choices (see README): walking ignores oneway and keeps trunk roads (Chinese urban trunks carry
 * sidewalks; expressway-like ones are tagged `motorroad=yes`, which excludes them); cycling respects
 * oneway unless `oneway:bicycle=no` or a contraflow cycleway says otherwise; e-bikes share the bike
 * network; cars respect oneway, implied on motorways and roundabouts.
 */

/** Access values that open a way to the mode, and values that close it. */
const ALLOW = ['yes', 'designated', 'permissive', 'destination', 'customers', 'official', 'discouraged', 'permit']
const DENY = ['no', 'private', 'agricultural', 'forestry', 'emergency', 'military', 'use_sidepath', 'dismount', 'delivery']

export interface StreetProfile {
  /** Network code as in the catalogue's `modes[].network`: `walk`, `bike`, `car`. */
  code: string
  /** `highway` values open to the mode unless an access tag closes them. */
  highways: readonly string[]
  /** `highway` values open only when a mode tag in `accessKeys` explicitly allows them. */
  highwaysIfAllowed: readonly string[]
  /** Access keys from most to least specific (`foot`, then `access`); the first one set decides. */
  accessKeys: readonly string[]
  /** Whether the mode follows `oneway`; `onewayKey` (e.g. `oneway:bicycle`) overrides `oneway`. */
  respectOneway: boolean
  onewayKey?: string
  /** `highway` values that are one-way even without an `oneway` tag (motorway, roundabouts). */
  impliedOneway: readonly string[]
  /** `cycleway*` values that signal two-way travel for this mode on a one-way street. */
  contraflowValues: readonly string[]
  /** Lines with no `highway` tag (plain GeoJSON road files) count as ordinary streets. */
  untaggedIsStreet: boolean
  /** Exclude ways tagged `motorroad=yes` (expressway-like roads closed to pedestrians and bikes). */
  excludeMotorroad: boolean
}

const LOCAL_ROADS = [
  'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link',
  'unclassified', 'residential', 'living_street', 'service', 'road',
]

/** Walking: every street except motorways; footways, paths, steps, pedestrian zones; both directions. */
export const WALK_PROFILE: StreetProfile = {
  code: 'walk',
  highways: [...LOCAL_ROADS, 'footway', 'path', 'pedestrian', 'steps', 'track', 'cycleway', 'bridleway', 'corridor', 'elevator'],
  highwaysIfAllowed: ['motorway', 'motorway_link'],
  accessKeys: ['foot', 'access'],
  respectOneway: false,
  impliedOneway: [],
  contraflowValues: [],
  untaggedIsStreet: true,
  excludeMotorroad: true,
}

/** Cycling and e-bikes: roads, cycleways, paths and tracks; footways only with `bicycle=yes`. */
export const BIKE_PROFILE: StreetProfile = {
  code: 'bike',
  highways: [...LOCAL_ROADS, 'cycleway', 'path', 'track'],
  highwaysIfAllowed: ['footway', 'pedestrian', 'steps', 'bridleway', 'corridor', 'motorway', 'motorway_link'],
  accessKeys: ['bicycle', 'vehicle', 'access'],
  respectOneway: true,
  onewayKey: 'oneway:bicycle',
  impliedOneway: [],
  contraflowValues: ['opposite', 'opposite_lane', 'opposite_track'],
  untaggedIsStreet: true,
  excludeMotorroad: true,
}

/** Driving: roads open to cars, oneway respected (implied on motorways and roundabouts). */
export const CAR_PROFILE: StreetProfile = {
  code: 'car',
  highways: [...LOCAL_ROADS, 'motorway', 'motorway_link'],
  highwaysIfAllowed: ['track'],
  accessKeys: ['motorcar', 'motor_vehicle', 'vehicle', 'access'],
  respectOneway: true,
  impliedOneway: ['motorway'],
  contraflowValues: [],
  untaggedIsStreet: true,
  excludeMotorroad: false,
}

/** The built-in profiles by network code (`modes[].network` in the catalogue). */
export const STREET_PROFILES: Readonly<Record<string, StreetProfile>> = {
  walk: WALK_PROFILE,
  bike: BIKE_PROFILE,
  car: CAR_PROFILE,
}

/** Travel from `source` to `target` is allowed. */
export const FORWARD = 1
/** Travel from `target` to `source` is allowed. */
export const BACKWARD = 2

/** Never streets for anyone: planned, disused, under construction, platforms, race tracks. */
const NOT_A_STREET = new Set(['construction', 'proposed', 'planned', 'abandoned', 'disused', 'razed', 'platform', 'raceway', 'bus_guideway', 'escape', 'rest_area', 'services'])
/** Keys that mark a line as something other than a street when it has no `highway` tag. */
const NON_STREET_KEYS = ['railway', 'waterway', 'building', 'natural', 'landuse', 'power', 'boundary', 'aeroway', 'man_made', 'barrier', 'aerialway']

/** First access verdict along the hierarchy: true = allowed, false = denied, null = not tagged. */
function accessVerdict(tags: Record<string, string>, keys: readonly string[]): boolean | null {
  for (const key of keys) {
    const value = tags[key]
    if (value === undefined) continue
    // Multi-valued tags ("yes;no") and conditional forms are rare; the first value decides.
    const v = value.split(';')[0].trim().toLowerCase()
    if (ALLOW.includes(v)) return true
    if (DENY.includes(v)) return false
  }
  return null
}

function onewayDirection(value: string | undefined): number | null {
  if (value === undefined) return null
  const v = value.trim().toLowerCase()
  if (v === 'yes' || v === 'true' || v === '1') return FORWARD
  if (v === '-1' || v === 'reverse') return BACKWARD
  // `reversible`/`alternating` change with the hour: treated as two-way (optimistic).
  return FORWARD | BACKWARD
}

/**
 * Directions in which a mode may travel a segment.
 * @example segmentDirections({ highway: 'residential', oneway: 'yes' }, CAR_PROFILE) // 1 (FORWARD)
 * @example segmentDirections({ highway: 'motorway' }, WALK_PROFILE) // 0
 * Contract: tags are OSM tags of the way; returns a bit set of FORWARD (1) and BACKWARD (2):
 * 0 = closed to the mode, 3 = both ways. Walking always gets 0 or 3.
 */
export function segmentDirections(tags: Record<string, string>, profile: StreetProfile): number {
  const highway = tags.highway
  if (highway === undefined) {
    if (!profile.untaggedIsStreet || NON_STREET_KEYS.some((k) => tags[k] !== undefined)) return 0
  } else if (NOT_A_STREET.has(highway)) {
    return 0
  }
  if (tags.public_transport === 'platform' || tags.railway === 'platform') return 0
  if (tags.construction !== undefined && tags.construction !== 'no') return 0
  if (profile.excludeMotorroad && tags.motorroad === 'yes') return 0

  const verdict = accessVerdict(tags, profile.accessKeys)
  if (verdict === false) return 0
  if (highway !== undefined && !profile.highways.includes(highway)) {
    // A road class outside the profile opens only with an explicit mode-specific allowance
    // (`access=yes` alone does not make a footway rideable).
    const specific = accessVerdict(tags, profile.accessKeys.slice(0, -1))
    if (!(profile.highwaysIfAllowed.includes(highway) && specific === true)) return 0
  }

  if (!profile.respectOneway) return FORWARD | BACKWARD
  const specific = profile.onewayKey ? onewayDirection(tags[profile.onewayKey]) : null
  if (specific !== null) return specific
  const contraflow = ['cycleway', 'cycleway:left', 'cycleway:right', 'cycleway:both'].some((k) =>
    tags[k] !== undefined && profile.contraflowValues.includes(tags[k]))
  if (contraflow) return FORWARD | BACKWARD
  const general = onewayDirection(tags.oneway)
  if (general !== null) return general
  const junction = tags.junction
  if (junction === 'roundabout' || junction === 'circular') return FORWARD
  if (highway !== undefined && profile.impliedOneway.includes(highway)) return FORWARD
  return FORWARD | BACKWARD
}
