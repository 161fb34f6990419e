/**
 * Deterministic pseudo-random numbers for the demo build. Every stage derives its own generator
 * from a fixed seed and a stage name, so changing one stage never shifts the numbers of another.
 */

/** 32-bit FNV-1a hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [0, n). */
  int(n: number): number
  /** Standard normal (Box–Muller). */
  normal(): number
  /** Picks one element. */
  pick<T>(items: readonly T[]): T
}

/** sfc32 seeded from a name: small, fast, good enough for sampling. */
export function makeRng(seed: string): Rng {
  let a = hash32(`a:${seed}`)
  let b = hash32(`b:${seed}`)
  let c = hash32(`c:${seed}`)
  let d = hash32(`d:${seed}`) | 1
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 16; i++) next()
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = Math.max(next(), 1e-12)
      const v = next()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    pick: (items) => items[Math.floor(next() * items.length)],
  }
}

/** A standard normal value that depends only on (seed, key): a reproducible random field. */
export function hashedNormal(seed: string, key: string): number {
  const u = (hash32(`${seed}|u|${key}`) + 0.5) / 4294967296
  const v = (hash32(`${seed}|v|${key}`) + 0.5) / 4294967296
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}
