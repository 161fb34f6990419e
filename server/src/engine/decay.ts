/**
 * Distance-decay weights of the 2SFCA family (API.md "Formulas"): each is a function G(t, d0) of
 * the travel time t and the catchment threshold d0, and `DECAY_WEIGHTS` names them, so the 2SFCA
 * solver calls the chosen function instead of branching on its name.
 */

const E_HALF = Math.exp(-0.5)

/**
 * Gaussian decay of Dai (2010): G(t) = (e^{−½(t/d0)²} − e^{−½}) / (1 − e^{−½}) for t ≤ d0, else 0.
 * @example gaussianWeight(0, 15) // 1
 * @example gaussianWeight(15, 15) // 0
 * Contract: t and d0 in the same unit (minutes), d0 > 0; returns [0, 1]; 1 at t = 0, exactly 0 at
 * and beyond d0; never increases with t.
 */
export function gaussianWeight(t: number, d0: number): number {
  if (!(t <= d0)) return 0
  const r = t / d0
  return Math.max(0, (Math.exp(-0.5 * r * r) - E_HALF) / (1 - E_HALF))
}

/**
 * Step (binary) weight of the classic 2SFCA: 1 within the threshold, 0 beyond.
 * @example stepWeight(15, 15) // 1
 * Contract: t and d0 in the same unit; returns 0 or 1; inclusive at d0.
 */
export function stepWeight(t: number, d0: number): number {
  return t <= d0 ? 1 : 0
}

/** A decay weight G(t, d0): [0, 1], 0 beyond d0, never increasing with t. */
export type DecayWeight = (t: number, d0: number) => number

/** The decay family by name: `step` = classic 2SFCA (Luo & Wang 2003), `gaussian` = Dai (2010). */
export const DECAY_WEIGHTS = { step: stepWeight, gaussian: gaussianWeight } as const satisfies Record<string, DecayWeight>

export type DecayName = keyof typeof DECAY_WEIGHTS
