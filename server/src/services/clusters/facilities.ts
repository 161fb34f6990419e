import { assignPointsToAreas } from '../../engine'
import { areaGeometries } from '../../db/areas'
import type { Analysis } from '../analysis'
import type { Units } from './units'

const memo = new WeakMap<object, Map<string, Promise<Int32Array>>>()

/**
 * Per facility (FacilityTable order), the index of the unit of `units.level` containing it, or
 * −1 (kept per facilities × areas version and level).
 */
export async function facilityUnit(a: Analysis, units: Units): Promise<Int32Array> {
  const [facilities, areas] = await Promise.all([a.inputs.facilities(), a.inputs.areas()])
  let byKey = memo.get(facilities)
  if (!byKey) memo.set(facilities, (byKey = new Map()))
  const key = `${areas.key}|${units.level}`
  let levelUnit = byKey.get(key)
  if (!levelUnit) {
    levelUnit = (async () => {
      const geoms = await areaGeometries(a.db(), units.level)
      const at = assignPointsToAreas(facilities.rows.lng, facilities.rows.lat, geoms.map((g) => g.geometry))
      // store the area code's position in the level list; mapped to the units below
      const codes = geoms.map((g) => g.code)
      const out = new Int32Array(at.length)
      const levelIndex = new Map(areas.atLevel(units.level).map((x, i) => [x.code, i]))
      for (let f = 0; f < at.length; f++) out[f] = at[f] < 0 ? -1 : levelIndex.get(codes[at[f]]) ?? -1
      return out
    })()
    byKey.set(key, levelUnit)
  }
  const level = await levelUnit
  const list = areas.atLevel(units.level)
  const out = new Int32Array(level.length)
  for (let f = 0; f < level.length; f++) out[f] = level[f] < 0 ? -1 : units.index.get(list[level[f]].code) ?? -1
  return out
}

/** Number of existing facilities (any type) inside each unit. */
export async function listFacilitiesIn(a: Analysis, units: Units): Promise<number[]> {
  const [facilities, at] = await Promise.all([a.inputs.facilities(), facilityUnit(a, units)])
  const counts = new Array<number>(units.list.length).fill(0)
  for (let f = 0; f < at.length; f++) if (at[f] >= 0 && facilities.rows.status[f] === 'existing') counts[at[f]]++
  return counts
}
