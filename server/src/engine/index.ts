/**
 * The accessibility engine: pure functions over typed arrays and plain data (no I/O, no global
 * state). See README.md for the life of a computation and the conventions (units, unreachable).
 */
export { BIKE_PROFILE, CAR_PROFILE, STREET_PROFILES, WALK_PROFILE, segmentDirections, type StreetProfile } from './street-profile'
export { buildStreetNetwork, graphBytes, nodeOfKey, reverseGraph, type BuildNetworkOptions, type StreetGraph, type StreetNetwork } from './graph'
export { DEFAULT_MAX_SNAP_DISTANCE_M, snapPoint, snapPoints, type PointSnap } from './snap'
export { DEFAULT_DETOUR_FACTOR, createTravelContext, type CellSites, type TravelContext, type TravelContextInput } from './travel-context'
export { appendFacility, createFacilitySet, deactivateFacility, type FacilitySet } from './facility-set'
export { travelMethod, travelTimeToNearest, type NearestFacilityField, type NearestOptions, type TravelMethod } from './travel-time'
export { addFacility, coveredPopulationChange, moveFacility, removeFacility, type FieldChange } from './what-if'
export { facilityCatchments, type CatchmentOptions, type Catchments } from './catchments'
export { gaussianWeight, stepWeight } from './decay'
export { twoStepFca, type TwoStepFcaOptions, type TwoStepFcaResult } from './two-step-fca'
export { DEFAULT_COVERAGE_BANDS, coverageByArea, type AreaCoverage, type CoverageInput } from './coverage'
export { populationWeightedGini, type GiniResult } from './gini'
export { theilDecomposition, type TheilGroup, type TheilResult } from './theil'
export { LIFE_CIRCLE_TIERS, lifeCircleCompliance, type LifeCircleTier, type LifeCircleType, type TierCompliance } from './compliance'
export { CELL_RESOLUTION, isochroneBands, type IsochroneBand, type IsochroneOptions } from './isochrone'
export { findGapClusters, type GapCluster, type GapInput } from './gaps'
export { greedyMaximalCover, suggestSites, type CoverageSets, type GreedyCoverOptions, type GreedyCoverResult, type SuggestSitesInput, type SuggestedSites } from './siting'
export { cellCentroids, cellsAreaKm2, indexCells } from './cells'
export { DEFAULT_TRAVEL_MODES, TravelSettingsError, resolveTravel, type ResolvedTravel, type TravelMode, type TravelRequest } from './travel-settings'
export { distanceM, metresToMinutes, minutesToMetres } from './geo'
