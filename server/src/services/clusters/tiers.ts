import { badRequest } from '../../errors'
import { modeTravelKey, resolveTravel, TravelSettingsError } from '../../engine'
import { readRuralTiers } from '../../db/clusters'
import type { RuralTier } from '../../contract/catalogue'
import type { Analysis } from '../analysis'

export interface ModeTravel {
  mode: string
  profile: string
  speedKmh: number
}

/** The catalogue's rural tiers (village, cluster, town), as installed. */
export function ruralTiers(a: Analysis): Promise<RuralTier[]> {
  return readRuralTiers(a.db())
}

/** The cluster-hub tier (code `cluster`), or the first tier when the catalogue has none of that code. */
export function hubTier(tiers: RuralTier[]): RuralTier | undefined {
  return tiers.find((t) => t.code === 'cluster') ?? tiers[0]
}

/** A mode code (and speed override) resolved against the catalogue; a 400 names the field. */
export async function resolveMode(a: Analysis, mode: string, speedKmh?: number, field = 'mode'): Promise<ModeTravel> {
  const cat = await a.inputs.catalogue()
  try {
    const t = resolveTravel(cat.modes, 15, { mode, speedKmh })
    // The mode's travel key: its road-speed network and access leg (analysis/networks.ts).
    return { mode: t.mode, profile: modeTravelKey(t.travel), speedKmh: t.speedKmh }
  } catch (e) {
    if (!(e instanceof TravelSettingsError)) throw e
    throw badRequest('invalid travel settings', e.problems.map((p) => ({ ...p, field: p.field === 'mode' ? field : p.field })), 'invalid_request')
  }
}
