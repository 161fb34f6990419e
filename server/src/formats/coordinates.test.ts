import { describe, expect, it } from 'vitest'
import { checkGeometryCoordinates, findCoordinateProblem, lngLatProblem } from './coordinates'
import { parseGeoJson } from './geojson'
import { fixture } from './test-support'

describe('lngLatProblem', () => {
  it('accepts valid WGS84 positions, including the extremes', () => {
    expect(lngLatProblem(121.55, 29.87)).toBeNull()
    expect(lngLatProblem(-180, -90)).toBeNull()
    expect(lngLatProblem(180, 90)).toBeNull()
  })

  it('names non-finite values', () => {
    expect(lngLatProblem(Number.NaN, 29.9)).toBe('longitude NaN is not a finite number')
    expect(lngLatProblem(121.5, Number.POSITIVE_INFINITY)).toBe('latitude Infinity is not a finite number')
    expect(lngLatProblem('121.5', 29.9)).toBe('longitude "121.5" is not a finite number')
  })

  it('names out-of-range values and says when lng/lat look swapped', () => {
    expect(lngLatProblem(30.1, 121.5)).toBe('latitude 121.5 is out of range [-90, 90]; lng/lat look swapped')
    expect(lngLatProblem(200, 30)).toBe('longitude 200 is out of range [-180, 180]')
    expect(lngLatProblem(121.5, 95)).toBe('latitude 95 is out of range [-90, 90]')
  })

  it('for data in China, catches swaps that stay in range and points outside China', () => {
    expect(lngLatProblem(30.5, 85)).toBeNull() // a valid place in the Arabian Sea…
    expect(lngLatProblem(30.5, 85, { china: true })).toBe('point (30.5, 85) has a latitude-like x and a longitude-like y; lng/lat look swapped') // …but Tibet, swapped
    expect(lngLatProblem(0, 0, { china: true })).toBe('point (0, 0) is outside China (lng 73–136, lat 3–54)')
    expect(lngLatProblem(121.55, 29.87, { china: true })).toBeNull()
  })
})

describe('findCoordinateProblem / checkGeometryCoordinates', () => {
  it('returns null when every position is valid', () => {
    expect(findCoordinateProblem({ type: 'MultiPolygon', coordinates: [[[[121, 29], [122, 29], [122, 30], [121, 29]]]] })).toBeNull()
  })

  it('returns the first bad position with its path', () => {
    const ring = [[121, 29], [122, 29], [29.5, 122], [121, 29]]
    expect(findCoordinateProblem({ type: 'Polygon', coordinates: [ring] })).toEqual({
      path: [0, 2],
      position: [29.5, 122],
      message: 'latitude 122 is out of range [-90, 90]; lng/lat look swapped',
    })
    const collection = { type: 'GeometryCollection' as const, geometries: [{ type: 'Point' as const, coordinates: [121, 29] }, { type: 'LineString' as const, coordinates: [[121, 29], [181, 29]] }] }
    expect(findCoordinateProblem(collection)?.path).toEqual([1, 1])
  })

  it('formats the problem with its position for the importer', () => {
    expect(checkGeometryCoordinates({ type: 'Point', coordinates: [30.1, 121.5] })).toBe('coordinates (30.1, 121.5): latitude 121.5 is out of range [-90, 90]; lng/lat look swapped')
    expect(checkGeometryCoordinates({ type: 'LineString', coordinates: [[121, 29], [121]] })).toBe('coordinates[1] (121): position has fewer than 2 numbers')
  })

  it('finds the swapped point of test/fixtures/invalid/facilities-swapped.geojson in record 2 only', () => {
    const problems = parseGeoJson(fixture('invalid', 'facilities-swapped.geojson')).records.map((r) => [r.index, checkGeometryCoordinates(r.geometry!)])
    expect(problems).toEqual([
      [1, null],
      [2, 'coordinates (29.8712, 121.5437): latitude 121.5437 is out of range [-90, 90]; lng/lat look swapped'],
      [3, null],
    ])
  })
})
