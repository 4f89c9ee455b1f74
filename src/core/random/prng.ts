/**
 * A small, fast, seedable pseudo-random generator (SplitMix32 seeding a xoshiro128**).
 * Deterministic across platforms: the same seed gives the same stream in Node and browsers,
 * which the byte-identical outputs promised by DESIGN.md depend on. Not for cryptography.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A standard normal variate (Box-Muller). */
  normal(): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** One element, chosen uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element chosen with the given non-negative weights. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Derives a 32-bit seed from a base seed and any number of integer keys, so that a stream
 * per entity (say, per account index) is independent of how many draws other entities made.
 *
 * @example
 * const r = createRandom(deriveSeed(7, accountIndex));
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let h = splitmix32(seed)();
  for (const k of keys) {
    h = splitmix32((h ^ Math.imul(k >>> 0, 0x27d4eb2d)) >>> 0)();
    h = (h ^ Math.floor(k / 0x100000000)) >>> 0;
  }
  return h >>> 0;
}

/** Creates a generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
  const sm = splitmix32(seed);
  let s0 = sm();
  let s1 = sm();
  let s2 = sm();
  let s3 = sm();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare: number | undefined;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => nextU32() / 0x100000000;

  return {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick: the array is empty');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(items, weights) {
      let total = 0;
      for (const w of weights) total += w;
      let u = next() * total;
      for (let i = 0; i < items.length; i++) {
        u -= weights[i] ?? 0;
        if (u < 0) return items[i] as (typeof items)[number];
      }
      return items[items.length - 1] as (typeof items)[number];
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
