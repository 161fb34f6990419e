/**
 * The street readers on the real networks in ../shared/data/osm (see the README there for the
 * reference numbers). Highway-way counts must match the README exactly; segment counts are this
 * reader's unfiltered ones (every highway value), so they exceed the README's walk edges.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectFormat } from './detect'
import { parseStreets } from './osm'
import { HAS_SHARED_DATA, SHARED_DATA, SHARED_MISSING_NOTE } from './test-support'

interface Expected {
  file: string
  highwayWays: number
  /** README "walk edges": segments after a walking filter; ours are unfiltered, so ≥ this. */
  walkEdges: number
  /** Segments measured with this reader (regression value). */
  segments: number
  /** Centre of the README's extent; the median vertex must lie within 0.1° of it. */
  centre: [number, number]
}

const FILES: Expected[] = [
  { file: 'beijing-haidian.osm.gz', highwayWays: 684, walkEdges: 1170, segments: 1446, centre: [116.33, 40.0] },
  { file: 'shanghai-centre.osm.gz', highwayWays: 4701, walkEdges: 6873, segments: 7077, centre: [121.48, 31.23] },
  { file: 'chengdu-2nd-ring.osm.gz', highwayWays: 2278, walkEdges: 4989, segments: 5181, centre: [104.07, 30.69] },
  { file: 'heidelberg.osm.pbf', highwayWays: 25359, walkEdges: 39551, segments: 44697, centre: [8.69, 49.4] },
  { file: 'porto.osm.pbf', highwayWays: 51349, walkEdges: 93232, segments: 106263, centre: [-8.6, 41.16] },
]

function read(file: string) {
  const bytes = readFileSync(join(SHARED_DATA, 'osm', file))
  const started = performance.now()
  const detected = detectFormat(bytes, { fileName: file })
  const built = parseStreets(detected.bytes, detected.format as 'osm-xml' | 'osm-pbf')
  return { detected, built, ms: performance.now() - started }
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]

describe.skipIf(!HAS_SHARED_DATA)(`street readers on real OSM extracts ${HAS_SHARED_DATA ? '' : SHARED_MISSING_NOTE}`, () => {
  for (const x of FILES) {
    it(`${x.file}: ${x.highwayWays} highway ways → ${x.segments} segments`, () => {
      const { detected, built, ms } = read(x.file)
      expect(detected.format).toBe(x.file.endsWith('.pbf') ? 'osm-pbf' : 'osm-xml')
      const ways = new Set(built.segments.map((s) => s.wayId)).size
      expect(ways + built.droppedWays).toBe(x.highwayWays)
      expect(built.segments.length).toBe(x.segments)
      expect(built.segments.length).toBeGreaterThan(x.walkEdges)
      expect(built.segments.every((s) => s.coords.length >= 2 && s.lengthM >= 0 && s.tags.highway !== undefined)).toBe(true)
      const lng = median(built.segments.map((s) => s.coords[0][0]))
      const lat = median(built.segments.map((s) => s.coords[0][1]))
      expect(Math.abs(lng - x.centre[0])).toBeLessThan(0.1)
      expect(Math.abs(lat - x.centre[1])).toBeLessThan(0.1)
      console.info(`${x.file}: ${ways} ways, ${built.segments.length} segments, ${ms.toFixed(0)} ms`)
    })
  }

  it('shanghai-centre: walkable length matches the README (914 km) once motorways, foot=no and private access are removed', () => {
    const { built } = read('shanghai-centre.osm.gz')
    const walkable = built.segments.filter((s) =>
      !['motorway', 'motorway_link', 'construction', 'platform'].includes(s.tags.highway) && s.tags.foot !== 'no' && s.tags.access !== 'private')
    const km = walkable.reduce((sum, s) => sum + s.lengthM, 0) / 1000
    expect(km).toBeGreaterThan(913.5)
    expect(km).toBeLessThan(914.5)
  })

  it('porto.osm.pbf (326k raw segments) parses in a few seconds', () => {
    const { ms } = read('porto.osm.pbf')
    expect(ms).toBeLessThan(10_000)
  })
})
