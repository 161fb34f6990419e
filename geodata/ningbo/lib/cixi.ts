/**
 * Cixi's rural layer (issue 11), all SYNTHETIC / MODELLED: village-level facilities at the
 * modelled villages, and the "status quo by township" cluster plan (one cluster per township,
 * its hub the unit nearest the township seat) as the CSV a planner would import.
 */
import type { LngLat } from './geometry'
import type { Cell } from './population'
import { makeRng } from './prng'
import type { Township } from './townships'
import type { Village } from './villages'

export interface RuralFacility { id: string; name: string; type: string; capacity: number; lng: number; lat: number; village: string; township: string }

/** Village-level facilities: share of villages (村, not 社区) that get one, name suffix, capacity range. */
export const RURAL_SPECS = [
  { type: 'health_station', share: 0.65, label: '村卫生室', capacity: [20, 60] },
  { type: 'meal_point', share: 0.45, label: '村老年助餐点', capacity: [20, 80] },
  { type: 'sports', share: 0.55, label: '村级健身场地', capacity: [300, 1500] },
  { type: 'elderly_daycare', share: 0.3, label: '居家养老服务站', capacity: [10, 30] },
  { type: 'kindergarten', share: 0.08, label: '村幼儿园', capacity: [60, 180] },
] as const

/** At the village's most populous cell (inside its polygon), in code order. */
export function buildRuralFacilities(villages: Village[], cells: Cell[]): RuralFacility[] {
  const out: RuralFacility[] = []
  for (const spec of RURAL_SPECS) {
    const rng = makeRng(`cixi-rural:${spec.type}`)
    let n = 0
    for (const v of villages) {
      if (v.kind !== 'village' || rng.next() >= spec.share) continue
      const best = v.cells.reduce((b, i) => (cells[i].population > cells[b].population ? i : b), v.cells[0])
      const [lo, hi] = spec.capacity
      out.push({
        id: `demo-cixi-${spec.type}-${String(++n).padStart(3, '0')}`,
        name: `${v.name}${spec.label}（示例）`,
        type: spec.type,
        capacity: Math.round(lo + rng.next() * (hi - lo)),
        lng: cells[best].lng, lat: cells[best].lat, village: v.code, township: v.township,
      })
    }
  }
  return out
}

/** The status-quo plan: `cluster,name,member_code,hub` rows, one cluster per township. */
export function townshipPlanCsv(villages: Village[], townships: Township[]): string {
  const rows = ['cluster,name,member_code,hub']
  const d2 = (a: LngLat, b: LngLat) => (a[0] - b[0]) ** 2 + ((a[1] - b[1]) * 1.15) ** 2
  for (const t of townships) {
    const members = villages.filter((v) => v.township === t.code)
    if (!members.length) continue
    const hub = members.reduce((b, v) => (d2(v.point, t.seat) < d2(b.point, t.seat) ? v : b), members[0])
    for (const v of members) rows.push(`T${t.code},${t.name},${v.code},${hub.code}`)
  }
  return rows.join('\n') + '\n'
}
