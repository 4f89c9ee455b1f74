import type { BinnedAttribute } from '../binning/types.js';
import { clusterRate } from '../stats/cluster-rate.js';
import { benjaminiHochberg, binomialTest } from '../stats/multiple-testing.js';
import { wilsonInterval } from '../stats/wilson.js';

/**
 * One condition of a segment: attribute `attribute` falls in one of its bins `from` to `to`
 * (inclusive). Categorical conditions are a single bin; numeric ones may also be an open range
 * of neighbouring bins ("Employees < 50", "Employees ≥ 200").
 */
export interface SegmentCondition {
  readonly attribute: number;
  readonly from: number;
  readonly to: number;
}

export interface Segment {
  readonly conditions: readonly SegmentCondition[];
  readonly count: number;
  readonly share: number;
  readonly positives: number;
  readonly rate: number;
  readonly interval: { lo: number; hi: number };
  readonly lift: number;
  /** Weighted relative accuracy: share x (rate - base rate); negated for direction "low". */
  readonly quality: number;
  readonly pValue: number;
  /** Benjamini-Hochberg adjusted over every candidate evaluated in the search. */
  readonly qValue: number;
  readonly significant: boolean;
}

export interface BeamSearchOptions {
  readonly maxDepth?: number;
  readonly beamWidth?: number;
  /** Smallest segment as a share of rows, and as a count. */
  readonly minSupport?: number;
  readonly minCount?: number;
  readonly topK?: number;
  /** high: segments where the target is frequent; low: where it is rare. */
  readonly direction?: 'high' | 'low';
  /** False discovery rate. */
  readonly alpha?: number;
  /** Allow conditions on the "missing" bin. */
  readonly useMissing?: boolean;
  /**
   * Variance inflation when rows are clustered (deals of one account): counts are divided by it
   * before testing, so the tests see the effective sample size. 1 for independent rows.
   */
  readonly dispersion?: number;
  /**
   * The group of each row (deals of one account share one): a kept segment's interval then
   * treats the groups as the independent units.
   */
  readonly groups?: Int32Array;
}

/**
 * Finds conjunctions of up to `maxDepth` conditions where the target rate departs from the
 * base rate, by beam search on weighted relative accuracy. Every evaluated candidate gets an
 * exact binomial p-value, and the q-values control the false discovery rate over all of them,
 * so on data without signal nothing is reported as significant.
 *
 * @example beamSearch([industry, size], target, { maxDepth: 2 }).filter((s) => s.significant)
 */
export function beamSearch(
  attrs: readonly BinnedAttribute[],
  target: Uint8Array,
  options: BeamSearchOptions = {},
): Segment[] {
  const {
    maxDepth = 3,
    beamWidth = 20,
    minSupport = 0.02,
    minCount = 30,
    topK = 20,
    direction = 'high',
    alpha = 0.05,
    useMissing = false,
    dispersion = 1,
    groups,
  } = options;
  const n = target.length;
  const words = Math.ceil(n / 32);
  const yBits = new Uint32Array(words);
  let totalPos = 0;
  for (let i = 0; i < n; i++) {
    if (target[i] === 1) {
      yBits[i >>> 5] = (yBits[i >>> 5] as number) | (1 << (i & 31));
      totalPos++;
    }
  }
  const base = n > 0 ? totalPos / n : 0;
  const minRows = Math.max(minCount, Math.ceil(minSupport * n));
  const single: { c: SegmentCondition; bits: Uint32Array }[] = [];
  attrs.forEach((a, ai) => {
    for (const [from, to] of spans(a, useMissing)) {
      const bits = new Uint32Array(words);
      for (let i = 0; i < n; i++) {
        const code = a.codes[i] as number;
        if (code >= from && code <= to) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
      }
      single.push({ c: { attribute: ai, from, to }, bits });
    }
  });
  const evaluated: {
    conditions: SegmentCondition[];
    count: number;
    positives: number;
    quality: number;
    p: number;
  }[] = [];
  const seen = new Set<string>();
  const sign = direction === 'high' ? 1 : -1;
  let beam: { conditions: SegmentCondition[]; bits: Uint32Array | null }[] = [
    { conditions: [], bits: null },
  ];
  for (let depth = 1; depth <= maxDepth; depth++) {
    const next: { conditions: SegmentCondition[]; bits: Uint32Array; quality: number }[] = [];
    for (const parent of beam) {
      for (const s of single) {
        if (parent.conditions.some((c) => c.attribute === s.c.attribute)) continue;
        const conditions = [...parent.conditions, s.c].sort(
          (a, b) => a.attribute - b.attribute || a.from - b.from || a.to - b.to,
        );
        const key = keyOf(conditions);
        if (seen.has(key)) continue;
        seen.add(key);
        const bits = parent.bits ? and(parent.bits, s.bits) : s.bits;
        const count = popcount(bits);
        if (count < minRows) continue;
        const positives = popcountAnd(bits, yBits);
        const quality = sign * (count / n) * (positives / count - base);
        evaluated.push({
          conditions,
          count,
          positives,
          quality,
          // Clustered rows (deals of one account) count for their effective sample size.
          p:
            dispersion > 1
              ? binomialTest(
                  Math.round(positives / dispersion),
                  Math.round(count / dispersion),
                  base,
                )
              : binomialTest(positives, count, base),
        });
        if (quality > 0) next.push({ conditions, bits, quality });
      }
    }
    next.sort(
      (a, b) => b.quality - a.quality || keyOf(a.conditions).localeCompare(keyOf(b.conditions)),
    );
    beam = next.slice(0, beamWidth);
    if (beam.length === 0) break;
  }
  const q = benjaminiHochberg(evaluated.map((e) => e.p));
  const all = evaluated.map((e, i): Segment => {
    const rate = e.positives / e.count;
    return {
      conditions: e.conditions,
      count: e.count,
      share: e.count / n,
      positives: e.positives,
      rate,
      interval: wilsonInterval(e.positives, e.count),
      lift: base > 0 ? rate / base : 0,
      quality: e.quality,
      pValue: e.p,
      qValue: q[i] as number,
      significant: (q[i] as number) <= alpha && e.quality > 0,
    };
  });
  const ranked = all
    .filter((s) => s.significant)
    .sort(
      (a, b) => b.quality - a.quality || keyOf(a.conditions).localeCompare(keyOf(b.conditions)),
    );
  const kept: Segment[] = [];
  const keptBits: Uint32Array[] = [];
  const coverOf = (conditions: readonly SegmentCondition[]) => {
    let bits: Uint32Array | null = null;
    for (const c of conditions) {
      const s = single.find(
        (x) => x.c.attribute === c.attribute && x.c.from === c.from && x.c.to === c.to,
      )!;
      bits = bits ? and(bits, s.bits) : s.bits;
    }
    return bits as Uint32Array;
  };
  const sameAttributes = (a: Segment, b: Segment) =>
    a.conditions.length === b.conditions.length &&
    a.conditions.every((c, i) => c.attribute === b.conditions[i]?.attribute);
  for (const s of ranked) {
    // A refinement must beat its more general kept segment beyond that one's interval.
    const refinement = kept.some(
      (k) =>
        k.conditions.every((c) =>
          s.conditions.some(
            (d) => d.attribute === c.attribute && d.from === c.from && d.to === c.to,
          ),
        ) && (direction === 'high' ? s.rate <= k.interval.hi : s.rate >= k.interval.lo),
    );
    if (refinement) continue;
    // Nested ranges of the same attributes ("Employees < 75", "< 121") mostly cover the same
    // rows: keep the best and drop near-copies (Jaccard of covered rows 0.5 or more).
    const bits = coverOf(s.conditions);
    const nearCopy = kept.some(
      (k, i) => sameAttributes(k, s) && jaccard(bits, keptBits[i] as Uint32Array) >= 0.5,
    );
    if (nearCopy) continue;
    // The same rows under other words ("Contract = month-to-month" and "Tenure < 2 and ..."
    // covering one set) are one segment: the first, best one stands for it.
    if (keptBits.some((b) => sameBits(b, bits))) continue;
    kept.push(groups ? { ...s, interval: groupedInterval(bits, yBits, groups) } : s);
    keptBits.push(bits);
    if (kept.length >= topK) break;
  }
  return kept;
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The 95% interval of the rate over the rows in `bits`, with the groups as the independent units. */
function groupedInterval(
  bits: Uint32Array,
  yBits: Uint32Array,
  groups: Int32Array,
): { lo: number; hi: number } {
  const byGroup = new Map<number, { positives: number; n: number }>();
  for (let i = 0; i < groups.length; i++) {
    if (((bits[i >>> 5] as number) & (1 << (i & 31))) === 0) continue;
    const c = byGroup.get(groups[i] as number) ?? { positives: 0, n: 0 };
    c.n += 1;
    if (((yBits[i >>> 5] as number) & (1 << (i & 31))) !== 0) c.positives += 1;
    byGroup.set(groups[i] as number, c);
  }
  const r = clusterRate([...byGroup.values()]);
  return r ? { lo: r.lo, hi: r.hi } : { lo: 0, hi: 1 };
}

function jaccard(a: Uint32Array, b: Uint32Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += bitCount((a[i] as number) & (b[i] as number));
    either += bitCount((a[i] as number) | (b[i] as number));
  }
  return either === 0 ? 0 : both / either;
}

function keyOf(conditions: readonly SegmentCondition[]): string {
  return conditions
    .map(
      (c) =>
        `${String(c.attribute).padStart(4, '0')}:${String(c.from).padStart(4, '0')}-${String(c.to).padStart(4, '0')}`,
    )
    .join('&');
}

/**
 * The bin spans a condition may take: every single bin, and for numeric attributes the open
 * ranges below and above each inner edge. The missing bin only when asked for.
 */
function spans(a: BinnedAttribute, useMissing: boolean): [number, number][] {
  const out: [number, number][] = [];
  const last = a.bins.length - 1;
  a.bins.forEach((bin, b) => {
    // A range over every number ("any") says only that the value is filled in: no condition.
    const everything =
      bin.kind === 'range' &&
      bin.lo === Number.NEGATIVE_INFINITY &&
      bin.hi === Number.POSITIVE_INFINITY;
    if ((bin.kind !== 'missing' || useMissing) && !everything) out.push([b, b]);
  });
  if (a.kind === 'numeric') {
    const ranges = last; // the bins before the missing one
    for (let k = 1; k < ranges - 1; k++) out.push([0, k]);
    for (let k = 1; k < ranges - 1; k++) out.push([k, ranges - 1]);
  }
  return out;
}

function and(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) & (b[i] as number);
  return out;
}

function popcount(a: Uint32Array): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) c += bitCount(a[i] as number);
  return c;
}

function popcountAnd(a: Uint32Array, b: Uint32Array): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) c += bitCount((a[i] as number) & (b[i] as number));
  return c;
}

function bitCount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
