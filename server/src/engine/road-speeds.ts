/**
 * Travel time by road class: a mode's road speeds (catalogue `modes[].roads`) turned into the
 * integer arc costs of its network, and the keys that say which modes can share a network.
 *
 * Cost units are **millimetres at the mode's nominal speed**: a segment of length L metres ridden
 * at v km/h costs round(L · 1000 · speedKmh / v). For a uniform-speed mode (walking by default)
 * the cost is exactly the length in millimetres, as before. A request's speedKmh scales the whole
 * mode: minutes = cost / (speedKmh_request · 1000 / 60) — the same conversion as for metres.
 */
import type { RoadSpeeds, TravelMode } from './travel-settings'

/** The part of a mode that decides its costs. */
export type ModeSpeeds = Pick<TravelMode, 'speedKmh' | 'roads' | 'accessSpeedKmh'>

const MPH_KMH = 1.609344
const KNOT_KMH = 1.852

/**
 * Speed limit of an OSM `maxspeed` value in km/h, or null when it is not a number (zone codes
 * like `CN:urban`, `none`, `walk`, `signals`).
 * @example parseMaxspeedKmh('50') // 50
 * @example parseMaxspeedKmh('30 mph') // 48.28032
 * Contract: the first of several values (`60;40`) decides; returns a number > 0 or null.
 */
export function parseMaxspeedKmh(value: string | undefined): number | null {
  if (value === undefined) return null
  const m = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?\s*$/i.exec(value.split(';')[0])
  if (!m) return null
  const n = Number(m[1])
  if (!(n > 0)) return null
  const unit = (m[2] ?? '').toLowerCase()
  return unit === 'mph' ? n * MPH_KMH : unit === 'knots' ? n * KNOT_KMH : n
}

/**
 * Speed of one segment for a mode, km/h; 0 = barred.
 * @example segmentSpeedKmh({ highway: 'service' }, { speedKmh: 30, roads: { speedKmh: { service: 10 } } }) // 10
 * @example segmentSpeedKmh({ highway: 'primary', maxspeed: '60' }, { speedKmh: 30, roads: { maxspeedFactor: 0.8 } }) // 48
 * Contract: class speed (roads.speedKmh[highway], else the mode's speedKmh); a barred class
 * stays barred; with maxspeedFactor a parsable maxspeed × factor replaces the class speed; then
 * min(·, capKmh). Returns a finite number ≥ 0.
 */
export function segmentSpeedKmh(tags: Readonly<Record<string, string>>, mode: ModeSpeeds): number {
  const roads = mode.roads
  if (!roads) return mode.speedKmh
  const highway = tags.highway
  let speed = highway !== undefined && roads.speedKmh && Object.hasOwn(roads.speedKmh, highway) ? roads.speedKmh[highway] : mode.speedKmh
  if (!(speed > 0)) return 0
  if (roads.maxspeedFactor !== undefined) {
    const limit = parseMaxspeedKmh(tags.maxspeed)
    if (limit !== null) speed = limit * roads.maxspeedFactor
  }
  if (roads.capKmh !== undefined && speed > roads.capKmh) speed = roads.capKmh
  return speed
}

/**
 * Cost of a segment in cost units (millimetres at the mode's nominal speed), or −1 when barred.
 * @example segmentCost(100, { highway: 'service' }, { speedKmh: 30, roads: { speedKmh: { service: 10 } } }) // 300_000
 * Contract: lengthM ≥ 0 metres; an integer ≥ 0 (Math.round), capped at 2^31 − 1; equal to
 * Math.round(lengthM · 1000) exactly when the segment runs at the nominal speed.
 */
export function segmentCost(lengthM: number, tags: Readonly<Record<string, string>>, mode: ModeSpeeds): number {
  const speed = segmentSpeedKmh(tags, mode)
  if (!(speed > 0)) return -1
  const ratio = speed === mode.speedKmh ? 1 : mode.speedKmh / speed
  return Math.min(0x7fffffff, Math.round(lengthM * 1000 * ratio))
}

/**
 * Cost units per millimetre of straight leg: the mode's speed over its access speed.
 * @example legCostFactor({ speedKmh: 18, accessSpeedKmh: 4 }) // 4.5
 * Contract: > 0; 1 when accessSpeedKmh is absent or equal to speedKmh.
 */
export function legCostFactor(mode: ModeSpeeds): number {
  const access = mode.accessSpeedKmh
  return access === undefined || access === mode.speedKmh ? 1 : mode.speedKmh / access
}

/** Whether every open segment runs at the nominal speed. */
function isUniform(speedKmh: number, roads: RoadSpeeds | undefined): boolean {
  if (!roads) return true
  if (roads.maxspeedFactor !== undefined) return false
  if (roads.capKmh !== undefined && roads.capKmh < speedKmh) return false
  return Object.values(roads.speedKmh ?? {}).every((v) => v === speedKmh)
}

/**
 * Key of the weighted network a mode travels on: modes with equal keys get equal arc costs (same
 * street profile, same speeds relative to their nominal speed) and may share one network.
 * @example modeNetworkKey({ code: 'walk', speedKmh: 4, network: 'walk' }) // 'walk'
 * @example modeNetworkKey(ebike) // 'bike~9c0e51d2'
 * Contract: the profile code alone for a uniform-speed mode; else `<profile>~<8 hex digits>`, a
 * hash of the canonical speed data (order of classes irrelevant). Deterministic across processes.
 */
export function modeNetworkKey(mode: Pick<TravelMode, 'network' | 'speedKmh' | 'roads'>): string {
  if (isUniform(mode.speedKmh, mode.roads)) return mode.network
  const roads = mode.roads!
  const classes = Object.keys(roads.speedKmh ?? {}).sort().map((k) => [k, roads.speedKmh![k]])
  const canonical = JSON.stringify([mode.speedKmh, classes, roads.maxspeedFactor ?? null, roads.capKmh ?? null])
  return `${mode.network}~${fnv1a(canonical).toString(16).padStart(8, '0')}`
}

/**
 * Key of everything a travel context depends on besides the cells: the network key, and the
 * access-leg factor when it is not 1.
 * @example modeTravelKey({ code: 'walk', speedKmh: 4, network: 'walk' }) // 'walk'
 * @example modeTravelKey({ code: 'rural', speedKmh: 18, network: 'bike', accessSpeedKmh: 4 }) // 'bike@leg4.5'
 * Contract: equal keys ⇒ equal costs for every pair of points.
 */
export function modeTravelKey(mode: Pick<TravelMode, 'network' | 'speedKmh' | 'roads' | 'accessSpeedKmh'>): string {
  const f = legCostFactor(mode)
  return f === 1 ? modeNetworkKey(mode) : `${modeNetworkKey(mode)}@leg${f}`
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
