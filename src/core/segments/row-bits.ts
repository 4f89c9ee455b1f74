/**
 * Sets of rows as bitsets (bit i of word i >>> 5 is row i): a segment's rows are the AND of its
 * conditions' rows, and counting them is a popcount, which keeps the beam search fast on
 * hundreds of thousands of rows.
 */

/** The rows for which `has(i)` holds, of `n` rows. */
export function rowBits(n: number, has: (i: number) => boolean): Uint32Array {
  const bits = new Uint32Array(Math.ceil(n / 32));
  for (let i = 0; i < n; i++)
    if (has(i)) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
  return bits;
}

/**
 * The units of each bin, of `n` units whose bins are `codes` among `width` bins, in one pass
 * (a code outside the bins is in none).
 */
export function binBits(codes: ArrayLike<number>, n: number, width: number): Uint32Array[] {
  const bins = Array.from({ length: width }, () => new Uint32Array(Math.ceil(n / 32)));
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    if (!(c >= 0 && c < width)) continue;
    const bits = bins[c] as Uint32Array;
    bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
  }
  return bins;
}

/**
 * The units in bins `from` to `to`, from the bits of each bin: a range is built on the range one
 * bin shorter (the ranges from the first bin on the one before, others on the one after), so the
 * open ranges of a number each cost one OR.
 */
export function spanBits(bins: readonly Uint32Array[]): (from: number, to: number) => Uint32Array {
  const built = new Map<number, Uint32Array>();
  const cover = (from: number, to: number): Uint32Array => {
    if (from === to) return bins[from] as Uint32Array;
    const key = from * bins.length + to;
    let bits = built.get(key);
    if (!bits) {
      bits =
        from === 0
          ? or(cover(from, to - 1), bins[to] as Uint32Array)
          : or(cover(from + 1, to), bins[from] as Uint32Array);
      built.set(key, bits);
    }
    return bits;
  };
  return cover;
}

function or(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) | (b[i] as number);
  return out;
}

export function hasRow(bits: Uint32Array, i: number): boolean {
  return ((bits[i >>> 5] as number) & (1 << (i & 31))) !== 0;
}

export function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) & (b[i] as number);
  return out;
}

export function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether every row of `a` is also in `b`. */
export function within(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (((a[i] as number) & ~(b[i] as number)) !== 0) return false;
  return true;
}

/**
 * Rows in both over rows in either; 0 when both are empty. With `weights`, bit i stands for
 * weights[i] rows.
 */
export function jaccard(a: Uint32Array, b: Uint32Array, weights?: Int32Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    both += weights ? weightOf(x & y, i, weights) : bitCount(x & y);
    either += weights ? weightOf(x | y, i, weights) : bitCount(x | y);
  }
  return either === 0 ? 0 : both / either;
}

/**
 * The rows in both `a` and `b`, and how many of them are also in `y`, counted in one pass
 * without building the intersection. With `weights`, bit i stands for weights[i] rows.
 */
export function countBoth(
  a: Uint32Array,
  b: Uint32Array,
  y: Uint32Array,
  weights: Int32Array | undefined,
): { count: number; positives: number } {
  let count = 0;
  let positives = 0;
  for (let i = 0; i < a.length; i++) {
    const m = (a[i] as number) & (b[i] as number);
    if (m === 0) continue;
    count += weights ? weightOf(m, i, weights) : bitCount(m);
    positives += weights
      ? weightOf(m & (y[i] as number), i, weights)
      : bitCount(m & (y[i] as number));
  }
  return { count, positives };
}

/** The rows of the set bits of word `i`, bit b standing for weights[32 i + b] rows. */
function weightOf(word: number, i: number, weights: Int32Array): number {
  let sum = 0;
  let m = word;
  while (m !== 0) {
    const low = m & -m;
    sum += weights[(i << 5) + 31 - Math.clz32(low)] as number;
    m ^= low;
  }
  return sum;
}

/** The set bits of one 32-bit word (the SWAR popcount). */
function bitCount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
