import type { BinnedAttribute } from '../binning/types.js';
import { benjaminiHochberg, binomialTest } from '../stats/multiple-testing.js';
import { wilsonInterval } from '../stats/wilson.js';
import { conditionSpans } from './condition-spans.js';
import { type ConditionRows, keepDistinct } from './distinct-segments.js';
import { and, binBits, spanBits } from './row-bits.js';
import { type SearchUnits, searchUnits } from './search-units.js';
import { CandidateCounts } from './span-counts.js';
import { byQualityThenKey, conditionsKey, type Segment, type SegmentCondition } from './segment.js';

export type { Segment, SegmentCondition } from './segment.js';

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
  /**
   * Count on the rows' distinct patterns (true) or on the rows (false); by default patterns
   * when they are few against the rows. Either way gives the same segments, to the last digit.
   */
  readonly collapse?: boolean;
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
  const units = searchUnits(attrs, target, groups, options.collapse);
  let positives = 0;
  for (let i = 0; i < n; i++) if (target[i] === 1) positives++;
  const base = n > 0 ? positives / n : 0;
  const single = conditionRows(attrs, units, useMissing);
  const counts = new CandidateCounts(
    single,
    units,
    attrs.map((a) => a.bins.length),
  );
  const evaluated = searchCandidates(single, units, counts, {
    n,
    base,
    minRows: Math.max(minCount, Math.ceil(minSupport * n)),
    maxDepth,
    beamWidth,
    sign: direction === 'high' ? 1 : -1,
    dispersion,
  });
  const ranked = testedSegments(evaluated, n, base, alpha)
    .filter((s) => s.significant)
    .sort(byQualityThenKey);
  return keepDistinct(ranked, single, units.yBits, {
    direction,
    topK,
    groups: units.groups,
    weights: units.weights,
  });
}

/** Every condition the search may use, with the units (rows or patterns) it covers. */
function conditionRows(
  attrs: readonly BinnedAttribute[],
  units: SearchUnits,
  useMissing: boolean,
): ConditionRows[] {
  const single: ConditionRows[] = [];
  attrs.forEach((a, ai) => {
    // One pass over the units for each bin's bits; a range of bins is an OR of those.
    const cover = spanBits(
      binBits(units.codes[ai] as ArrayLike<number>, units.size, a.bins.length),
    );
    for (const [from, to] of conditionSpans(a, useMissing))
      single.push({ condition: { attribute: ai, from, to }, bits: cover(from, to) });
  });
  return single;
}

/** A candidate the search evaluated: its rows counted and its rate tested. */
interface Candidate {
  readonly conditions: SegmentCondition[];
  readonly count: number;
  readonly positives: number;
  readonly quality: number;
  readonly p: number;
}

interface SearchSettings {
  readonly n: number;
  readonly base: number;
  /** Fewer rows than this and a candidate is neither tested nor extended. */
  readonly minRows: number;
  readonly maxDepth: number;
  readonly beamWidth: number;
  /** 1 for direction high, -1 for low: quality is positive in the wanted direction. */
  readonly sign: number;
  readonly dispersion: number;
}

/** A candidate worth extending: its rows are its parent's AND one condition's, built only if it joins the beam. */
interface Extension {
  readonly conditions: SegmentCondition[];
  /** `conditionsKey(conditions)`, built once for the sort. */
  readonly key: string;
  readonly parent: Uint32Array | null;
  readonly bits: Uint32Array;
  readonly quality: number;
}

/**
 * The beam search: each level extends the best `beamWidth` segments of the level before by one
 * condition on another attribute. Every distinct candidate with enough rows is tested, so the
 * false discovery rate is controlled over all that was looked at, not only over what was kept.
 * A candidate's rows are counted without building them: on the beam segment's counts by bin, or
 * its bits AND the condition's in one pass (`CandidateCounts`).
 */
function searchCandidates(
  single: readonly ConditionRows[],
  units: SearchUnits,
  counts: CandidateCounts,
  settings: SearchSettings,
): Candidate[] {
  const { n, base, minRows, maxDepth, beamWidth, sign, dispersion } = settings;
  const evaluated: Candidate[] = [];
  const seen = new Set<string>();
  let beam: { conditions: SegmentCondition[]; bits: Uint32Array | null }[] = [
    { conditions: [], bits: null },
  ];
  for (let depth = 1; depth <= maxDepth; depth++) {
    const next: Extension[] = [];
    for (const parent of beam) {
      const free = units.codes.map((_, a) => parent.conditions.every((c) => c.attribute !== a));
      counts.start(parent.bits, free);
      for (const s of single) {
        if (!free[s.condition.attribute]) continue;
        const conditions = [...parent.conditions, s.condition].sort(
          (a, b) => a.attribute - b.attribute || a.from - b.from || a.to - b.to,
        );
        const key = conditionsKey(conditions);
        if (seen.has(key)) continue;
        seen.add(key);
        const { count, positives } = counts.count(s);
        if (count < minRows) continue;
        const quality = sign * (count / n) * (positives / count - base);
        evaluated.push({
          conditions,
          count,
          positives,
          quality,
          p: pValue(positives, count, base, dispersion),
        });
        if (quality > 0) next.push({ conditions, key, parent: parent.bits, bits: s.bits, quality });
      }
    }
    // byQualityThenKey, with each key built once rather than at every comparison.
    next.sort((a, b) => b.quality - a.quality || a.key.localeCompare(b.key));
    beam = next.slice(0, beamWidth).map((e) => ({
      conditions: e.conditions,
      bits: e.parent ? and(e.parent, e.bits) : e.bits,
    }));
    if (beam.length === 0) break;
  }
  return evaluated;
}

/** The exact binomial p-value of a candidate's rate against the base rate. */
function pValue(positives: number, count: number, base: number, dispersion: number): number {
  // Clustered rows (deals of one account) count for their effective sample size.
  return dispersion > 1
    ? binomialTest(Math.round(positives / dispersion), Math.round(count / dispersion), base)
    : binomialTest(positives, count, base);
}

/** Every candidate as a segment, with its q-value over all candidates and its verdict. */
function testedSegments(
  evaluated: readonly Candidate[],
  n: number,
  base: number,
  alpha: number,
): Segment[] {
  const q = benjaminiHochberg(evaluated.map((e) => e.p));
  return evaluated.map((e, i): Segment => {
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
}
