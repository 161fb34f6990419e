import { cellArea, cellsToMultiPolygon } from 'h3-js'
import { splitGap } from '../../engine'
import type { GapProperties } from '../../contract/responses'
import type { Analysis, ResolvedRequest } from '../analysis'
import type { CellTable } from '../analysis/inputs'

/** Pieces are worked out for the first this-many gaps of an answer (the ones a page lists). */
export const GAP_PIECES_MAX_GAPS = 20
/** At most this many pieces per gap, and candidate sites per gap (thinned beyond). */
export const GAP_PIECES_MAX_PIECES = 200
export const GAP_PIECES_MAX_CANDIDATES = 2000

const round6 = (v: number) => Math.round(v * 1e6) / 1e6

export type GapPiecesProperties = Pick<GapProperties, 'pieces' | 'piecesUncovered'>

/**
 * A function splitting one gap (its cell indexes) into facility-sized pieces (engine/gap-pieces.ts)
 * for the request's type, travel settings and facilities (the baseline or the scenario's): each
 * piece is the cells one new facility at the best site inside the gap would serve.
 */
export async function gapSplitter(a: Analysis, r: ResolvedRequest, cells: CellTable, opts: { scenario?: number; capacity?: number }) {
  const field = await a.field(r, { live: true, scenario: opts.scenario })
  const ctx = field.live!.ctx
  const target = cells.target(r.type.targetGroup)
  return (members: number[]): GapPiecesProperties => {
    const split = splitGap(ctx, {
      cells: members,
      targetPopulation: target,
      thresholdMinutes: r.thresholdMinutes,
      speedKmh: r.speedKmh,
      capacity: opts.capacity ?? null,
      maxPieces: GAP_PIECES_MAX_PIECES,
      maxCandidates: GAP_PIECES_MAX_CANDIDATES,
    })
    return {
      pieces: split.pieces.map((p, k) => {
        const h3 = p.cells.map((i) => cells.rows.h3[i])
        return {
          piece: k + 1,
          targetPopulation: p.targetPopulation,
          cells: h3.length,
          area: h3.reduce((s, h) => s + cellArea(h, 'km2'), 0),
          site: [round6(p.lng), round6(p.lat)] as [number, number],
          geometry: { type: 'MultiPolygon' as const, coordinates: h3.length ? cellsToMultiPolygon(h3, true).map((poly) => poly.map((ring) => ring.map(([lng, lat]) => [round6(lng), round6(lat)]))) : [] },
        }
      }),
      piecesUncovered: split.uncoveredPopulation,
    }
  }
}
