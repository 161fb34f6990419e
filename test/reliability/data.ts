import * as h3 from 'h3-js'

/**
 * A small made-up town for the fault tests: `rings` rings of res-10 cells around a centre in
 * Ningbo, 40 residents each (10 aged 3–5), and kindergartens at a few cells. Enough for every
 * analysis route to do real work; nothing here is checked against figures.
 */
export function townPopulationCsv(rings = 12): string {
  const cells = h3.gridDisk(h3.latLngToCell(29.87, 121.55, 10), rings)
  return 'h3,population,age_0_2,age_3_5,age_6_11,age_12_14,age_15_59,age_60_plus\n' + cells.map((c) => `${c},40,2,10,4,2,16,6`).join('\n') + '\n'
}

export function townFacilitiesCsv(n = 4, prefix = 'k'): string {
  const lines = ['id,name,type,lng,lat']
  for (let k = 0; k < n; k++) lines.push(`${prefix}${k},幼儿园 ${k},kindergarten,${(121.55 + (k - n / 2) * 0.004).toFixed(6)},${(29.87 + (k % 2) * 0.003).toFixed(6)}`)
  return lines.join('\n') + '\n'
}

/** Fetch that never throws: a connection error is status 0. */
export async function probe(url: string, init?: RequestInit): Promise<{ status: number; retryAfter: string | null; body: string }> {
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
    return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() }
  } catch (e) {
    return { status: 0, retryAfter: null, body: String(e) }
  }
}

/** One district around the whole town (so per-district answers have something to count). */
export function townDistrictGeojson(): string {
  const ring = [[121.50, 29.82], [121.60, 29.82], [121.60, 29.92], [121.50, 29.92], [121.50, 29.82]]
  return JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '330299', name: '示例区', level: 'district' }, geometry: { type: 'Polygon', coordinates: [ring] } }] })
}

/** A new embedded data directory holding the migrated, empty template (fast: no PostGIS unpacking). */
export async function freshDataDir(): Promise<{ dataDir: string; dispose(): void }> {
  const { buildTemplate } = await import('../support/pglite-template')
  const { restoreEmbedded } = await import('../../server/src/db/backup')
  const fs = await import('node:fs')
  const os = await import('node:os')
  const path = await import('node:path')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle15-data-'))
  const dataDir = path.join(dir, 'data')
  await restoreEmbedded(await buildTemplate(), dataDir)
  return { dataDir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) }
}
