import { z } from 'zod'
import { bilingual, lngLat } from './responses/common'

/** Response schemas of the cluster routes (API.md "Clusters"); checked against live answers in test/api/clusters.test.ts. */
const minutes = z.number().nullable() // null = unreachable

export const ClusterPlan = z.object({
  id: z.number().int(),
  name: z.string(),
  area: z.string(),
  unitLevel: z.string(),
  description: z.string().nullable(),
  source: z.string(),
  actor: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  clusters: z.number().int().optional(),
  members: z.number().int().optional(),
})
export type ClusterPlan = z.infer<typeof ClusterPlan>

export const SuggestResponse = z.object({
  area: z.string(),
  unitLevel: z.string(),
  mode: z.string(),
  speedKmh: z.number(),
  minutes: z.number(),
  method: z.enum(['exact', 'heuristic']),
  travelMethod: z.string(),
  crossTownships: z.boolean(),
  feasible: z.boolean(),
  clusters: z.array(z.object({
    code: z.string(),
    name: z.string(),
    hub: z.object({
      code: z.string(), name: z.string(), why: bilingual, facilities: z.number().int(),
      runnerUp: z.object({ code: z.string(), name: z.string(), extraPersonMinutes: z.number() }).nullable(),
    }),
    members: z.array(z.object({ code: z.string(), name: z.string(), population: z.number(), minutesToHub: minutes, withinMinutes: z.boolean() })),
    population: z.number(),
    personMinutes: z.number(),
    meanMinutes: z.number(),
  })),
  /** Σ population × minutes to the hub over all members. */
  objective: z.number(),
  lowerBound: z.number(),
  gap: z.number(),
  elapsedMs: z.number(),
  solveMs: z.number(),
})
export type SuggestResponse = z.infer<typeof SuggestResponse>

export const ClustersResponse = z.object({
  type: z.literal('FeatureCollection'),
  plan: z.object({ id: z.number().int(), name: z.string(), area: z.string(), unitLevel: z.string(), source: z.string(), updatedAt: z.string() }),
  features: z.array(z.object({
    type: z.literal('Feature'),
    id: z.string(),
    properties: z.object({
      code: z.string(),
      name: z.string(),
      plan: z.string(),
      hub: z.object({ kind: z.enum(['unit', 'facility']), code: z.string(), name: z.string().nullable(), lng: z.number().optional(), lat: z.number().optional() }),
      members: z.array(z.string()),
      memberPoints: z.array(lngLat.nullable()),
      population: z.number(),
    }),
    geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) }).nullable(),
  })),
})
export type ClustersResponse = z.infer<typeof ClustersResponse>

const TierShare = z.object({ tier: z.string(), inside: z.number(), anywhere: z.number(), missingInside: z.array(z.string()), missingAnywhere: z.array(z.string()) })
const Summary = z.object({
  clusters: z.number().int(),
  population: z.number(),
  tiers: z.array(z.object({ tier: z.string(), inside: z.number(), anywhere: z.number() })),
  meanMinutesToHub: z.number().nullable(),
  p90MinutesToHub: z.number().nullable(),
  unreachablePopulation: z.number(),
  sitesNeeded: z.number().int(),
  sitesNeededCapped: z.boolean(),
})

export const ClusterAnalysisResponse = z.object({
  area: z.string(),
  plan: z.object({ id: z.number().int(), name: z.string(), unitLevel: z.string() }),
  mode: z.string(),
  speedKmh: z.number(),
  reachMinutes: z.number(),
  travelMethod: z.string(),
  metShare: z.number(),
  tiers: z.array(z.object({ code: z.string(), name: bilingual, mode: z.string(), minutes: z.number(), types: z.array(z.string()), verify: z.boolean() })),
  clusters: z.array(z.object({
    code: z.string(),
    name: z.string(),
    hub: z.object({ kind: z.enum(['unit', 'facility']), code: z.string(), name: z.string() }),
    population: z.number(),
    tiers: z.array(TierShare),
    hubFacilities: z.array(z.object({
      id: z.string(), name: z.string().nullable(), type: z.string(), villagesServed: z.number().int(), targetPopulation: z.number(),
      capacity: z.number().nullable(), utilisation: z.number().nullable(), flag: z.enum(['over', 'under', 'ok', 'unknown']),
    })),
    sitesNeeded: z.array(z.object({ type: z.string(), tier: z.string(), sites: z.number().int(), capped: z.boolean() })),
    members: z.array(z.object({ code: z.string(), name: z.string(), township: z.string().nullable(), population: z.number(), minutesToHub: minutes, tiers: z.array(TierShare) })),
    mobileCandidates: z.array(z.object({ code: z.string(), name: z.string(), population: z.number(), minutesToNearestHub: minutes, missing: z.array(z.string()), services: z.array(bilingual) })),
    visitRoute: z.object({ order: z.array(z.string()), minutes: minutes }).nullable(),
  })),
  unassigned: z.array(z.string()),
  comparison: z.object({ plan: Summary, statusQuo: Summary.extend({ description: bilingual }) }),
})
export type ClusterAnalysisResponse = z.infer<typeof ClusterAnalysisResponse>

export const ClusterChangeResponse = z.object({ plan: ClusterPlan, clusters: z.array(z.string()) })
export type ClusterChangeResponse = z.infer<typeof ClusterChangeResponse>

/** `POST /api/import/clusters`: the stored plan and what the file held. */
export const ClusterImportResponse = z.object({ plan: ClusterPlan, format: z.string(), clusters: z.number().int(), members: z.number().int(), warnings: z.array(z.string()) })
export type ClusterImportResponse = z.infer<typeof ClusterImportResponse>
