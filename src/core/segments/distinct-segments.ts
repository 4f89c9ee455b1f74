import { clusterRateIn } from '../stats/cluster-rate.js';
import { ClusterSums } from '../stats/cluster-sums.js';
import type { Segment, SegmentCondition } from './segment.js';
import { and, hasRow, jaccard, sameBits, within } from './row-bits.js';

/** One condition and the rows it covers. */
export interface ConditionRows {
  readonly condition: SegmentCondition;
  readonly bits: Uint32Array;
}

export interface DistinctOptions {
  readonly direction: 'high' | 'low';
  readonly topK: number;
  /** The group of each row: a kept segment's interval then counts groups as the units. */
  readonly groups: Int32Array | undefined;
  /** When the bits stand for patterns: the rows of each (see search-units.ts). */
  readonly weights?: Int32Array | undefined;
}

/**
 * The best `topK` of the ranked segments that each say something new: a refinement of a kept
 * segment must beat it beyond its interval, a near-copy of a kept segment over the same
 * attributes is dropped, so is a narrower range inside one that does not beat it beyond its
 * interval, and one set of rows is one segment however it is worded.
 */
export function keepDistinct(
  ranked: readonly Segment[],
  single: readonly ConditionRows[],
  yBits: Uint32Array,
  options: DistinctOptions,
): Segment[] {
  const { direction, topK, groups, weights } = options;
  const kept: Segment[] = [];
  const keptBits: Uint32Array[] = [];
  let sums: ClusterSums | undefined;
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
    const bits = coverOf(s.conditions, single);
    const nearCopy = kept.some(
      (k, i) => sameAttributes(k, s) && jaccard(bits, keptBits[i] as Uint32Array, weights) >= 0.5,
    );
    if (nearCopy) continue;
    // A narrower range inside a kept segment over the same attributes ("Seats 41-67" inside
    // "Seats >= 28") says nothing new unless it beats that segment beyond its interval.
    const inner = kept.some(
      (k, i) =>
        sameAttributes(k, s) &&
        within(bits, keptBits[i] as Uint32Array) &&
        (direction === 'high' ? s.rate <= k.interval.hi : s.rate >= k.interval.lo),
    );
    if (inner) continue;
    // The same rows under other words ("Contract = month-to-month" and "Tenure < 2 and ..."
    // covering one set) are one segment: the first, best one stands for it. (Patterns are
    // disjoint and never empty, so the same patterns are the same rows.)
    if (keptBits.some((b) => sameBits(b, bits))) continue;
    if (groups) sums ??= new ClusterSums(groups);
    kept.push(sums ? { ...s, interval: groupedInterval(bits, yBits, sums, weights) } : s);
    keptBits.push(bits);
    if (kept.length >= topK) break;
  }
  return kept;
}

/** The rows a segment covers: the AND of its conditions' rows. */
function coverOf(
  conditions: readonly SegmentCondition[],
  single: readonly ConditionRows[],
): Uint32Array {
  let bits: Uint32Array | null = null;
  for (const c of conditions) {
    const s = single.find(
      (x) =>
        x.condition.attribute === c.attribute &&
        x.condition.from === c.from &&
        x.condition.to === c.to,
    )!;
    bits = bits ? and(bits, s.bits) : s.bits;
  }
  return bits as Uint32Array;
}

function sameAttributes(a: Segment, b: Segment): boolean {
  return (
    a.conditions.length === b.conditions.length &&
    a.conditions.every((c, i) => c.attribute === b.conditions[i]?.attribute)
  );
}

/**
 * The 95% interval of the rate over the rows in `bits`, with the groups as the independent units.
 * Patterns come in the order of their first rows, so the groups meet here in the order of their
 * first rows as well, and the sums come out as they would row by row.
 */
function groupedInterval(
  bits: Uint32Array,
  yBits: Uint32Array,
  sums: ClusterSums,
  weights: Int32Array | undefined,
): { lo: number; hi: number } {
  sums.start();
  for (let word = 0; word < bits.length; word++) {
    // The set bits of each word, lowest first: the rows in order.
    for (let m = bits[word] as number; m !== 0; m &= m - 1) {
      const i = (word << 5) + 31 - Math.clz32(m & -m);
      const w = weights ? (weights[i] as number) : 1;
      sums.add(i, hasRow(yBits, i) ? w : 0, w);
    }
  }
  const r = clusterRateIn(sums);
  return r ? { lo: r.lo, hi: r.hi } : { lo: 0, hi: 1 };
}
