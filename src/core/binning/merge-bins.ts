import { rangeEdges, rangeLabel, yearLike } from './bin-numeric.js';
import type { FineAttribute } from './fine-bins.js';
import type { Bin, BinnedAttribute } from './types.js';

/**
 * Readable bins made from fine ones, and what each is worth, without each row's readable bin
 * (`withCodes` adds it): a fold's selection reads only the bins, the map and the effects.
 */
export interface MergedBins {
  readonly attribute: Omit<BinnedAttribute, 'codes'>;
  /** The readable bin of each fine bin. */
  readonly map: Int32Array;
  /**
   * The evidence group of each fine bin: the bins of one group share one effect. A group of
   * neighbouring numeric ranges is one readable bin; a group of categorical levels keeps one
   * bin per level, all with the group's points.
   */
  readonly pool: Int32Array;
  /**
   * Effect (logit) of each readable bin: the row-weighted mean of its fine bins' effects; a bin
   * without training rows (no missing value, no rare level seen) gets the attribute's average,
   * so a value never seen in training scores as "nothing known".
   */
  readonly effects: Float64Array;
}

/** Readable bins made from fine ones, what each is worth, and the readable bin of every row. */
export interface MergedAttribute extends MergedBins {
  readonly attribute: BinnedAttribute;
}

/** What the fit says about each fine bin. */
export interface FineEvidence {
  /** Effect (logit) of each fine bin. */
  readonly effects: Float64Array;
  /** Training rows in each fine bin. */
  readonly counts: Float64Array;
  /** Fisher information of each fine bin's effect (sum of p(1 - p) over its rows). */
  readonly information: Float64Array;
}

/**
 * When two neighbouring bins stay apart: their effects differ by more than `z` standard errors
 * and by more than `delta` (or, however small the difference, by more than `sure` standard
 * errors), and there are no more than `maxBins` (ranges, or groups of levels) without them.
 */
export interface MergeRule {
  readonly delta: number;
  readonly z: number;
  readonly sure: number;
  readonly maxBins: number;
}

/**
 * The rule for a category's levels in the scorecard (a number's readable bins there follow
 * `NUMERIC_MERGE`) and for every attribute's readable bins in the selection.
 * Neighbours stay apart when they differ by more than 0.1 on the logit scale (about 10% in
 * odds) and by half a standard error, or by three standard errors however small the difference;
 * ten bins at most. Generous, since an effect too small to be significant alone still adds to
 * the others' (merging harder cost 0.01 AUC on the German credit data), and a small effect the
 * data is sure of still ranks; yet noise among thin bins merges away.
 */
export const DEFAULT_MERGE: MergeRule = { delta: 0.1, z: 0.5, sure: 3, maxBins: 10 };

/**
 * A number's readable bins: its fitted fine effects, smooth along the ranges, are grouped into at
 * most ten runs (the least distinct neighbours merging first) without a test: the smoothing has
 * already judged the shape, and merging a trend's steps by a test at the penalty the inner folds
 * prefer flattened it (German credit, docs/discovery.md).
 */
export const NUMERIC_MERGE: MergeRule = {
  delta: -1,
  z: -1,
  sure: Number.POSITIVE_INFINITY,
  maxBins: 10,
};

/**
 * Merges fine bins the evidence does not tell apart, like ChiMerge on fitted effects: the two
 * neighbours least distinct (by z-statistic of their difference) merge first, until every pair
 * of neighbours is distinct by the rule. Numeric ranges
 * merge with the ranges beside them (a U shape the data supports keeps its turn; wiggles of
 * noise do not survive); categorical levels merge with the levels closest in effect, whatever
 * their frequency. "Other" and "missing" stay bins of their own.
 *
 * @example mergeFineBins(fine, { effects, counts, information }).attribute.bins.map((b) => b.label)
 */
export function mergeFineBins(
  fine: FineAttribute,
  evidence: FineEvidence,
  rule: MergeRule = DEFAULT_MERGE,
): MergedAttribute {
  return withCodes(fine, mergeBins(fine, evidence, rule));
}

/** `mergeFineBins` without the rows' codes: the readable bins, the maps and the effects. */
export function mergeBins(
  fine: FineAttribute,
  evidence: FineEvidence,
  rule: MergeRule = DEFAULT_MERGE,
): MergedBins {
  const { effects, counts } = evidence;
  const numeric = fine.kind === 'numeric';
  const sequence = numeric
    ? fine.bins.flatMap((bin, b) => (bin.kind === 'range' ? [b] : []))
    : fine.bins
        .map((bin, b) => ({ bin, b }))
        .filter(({ bin, b }) => bin.kind === 'categories' && (counts[b] as number) > 0)
        .map(({ b }) => b)
        .sort((a, b) => (effects[b] as number) - (effects[a] as number) || a - b);
  const groups = agglomerate(sequence, evidence, rule);
  const pool = new Int32Array(fine.bins.length).fill(-1);
  groups.forEach((members, g) => {
    for (const b of members) pool[b] = g;
  });
  let next = groups.length;
  fine.bins.forEach((bin, b) => {
    if (pool[b] === -1 && bin.kind !== 'categories') pool[b] = next++;
  });
  // Levels without training rows score as "other", like levels never seen.
  const other = fine.bins.findIndex((b) => b.kind === 'other');
  fine.bins.forEach((_, b) => {
    if (pool[b] === -1) pool[b] = pool[other] as number;
  });
  const bins: Bin[] = numeric
    ? [
        ...groups.map((members) => rangeOf(fine, members)),
        ...fine.bins.filter((bin) => bin.kind !== 'range'),
      ]
    : [...fine.bins];
  const map = numeric ? pool : Int32Array.from(fine.bins, (_, b) => b);
  const merged = { attribute: { name: fine.name, kind: fine.kind, bins }, map, pool };
  return { ...merged, effects: mergedEffects(merged, effects, counts) };
}

/** The readable bin of every row, from its fine bin. */
export function withCodes(fine: FineAttribute, merged: MergedBins): MergedAttribute {
  // A plain loop: this runs over every row for every attribute of every fit that needs codes.
  // A category's readable bins are its fine bins: its codes are the fine codes (never written).
  const { map } = merged;
  const numeric = fine.kind === 'numeric';
  const codes = numeric ? new Int32Array(fine.codes.length) : fine.codes;
  if (numeric)
    for (let i = 0; i < codes.length; i++) codes[i] = map[fine.codes[i] as number] as number;
  return { ...merged, attribute: { ...merged.attribute, codes } };
}

/** Neighbours in `sequence` merged, least distinct first, until all that remain are distinct. */
function agglomerate(
  sequence: readonly number[],
  evidence: FineEvidence,
  rule: MergeRule,
): number[][] {
  const groups = sequence.map((b) => ({
    members: [b],
    rows: evidence.counts[b] as number,
    sum: (evidence.counts[b] as number) * (evidence.effects[b] as number),
    info: evidence.information[b] as number,
  }));
  const effect = (g: (typeof groups)[number]) =>
    g.rows > 0 ? g.sum / g.rows : (evidence.effects[g.members[0] as number] as number);
  for (;;) {
    let merge = -1;
    let weakest = Number.POSITIVE_INFINITY;
    for (let k = 0; k + 1 < groups.length; k++) {
      const a = groups[k] as (typeof groups)[number];
      const b = groups[k + 1] as (typeof groups)[number];
      const diff = Math.abs(effect(a) - effect(b));
      const se = Math.sqrt(1 / Math.max(a.info, 1e-12) + 1 / Math.max(b.info, 1e-12));
      const z = diff / se;
      const distinct =
        z > rule.z && (diff > rule.delta || z > rule.sure) && groups.length <= rule.maxBins;
      if (distinct || z >= weakest) continue;
      merge = k;
      weakest = z;
    }
    if (merge < 0) return groups.map((g) => g.members);
    const a = groups[merge] as (typeof groups)[number];
    const b = groups[merge + 1] as (typeof groups)[number];
    groups.splice(merge, 2, {
      members: [...a.members, ...b.members],
      rows: a.rows + b.rows,
      sum: a.sum + b.sum,
      info: a.info + b.info,
    });
  }
}

/**
 * The effect of each readable bin from fine effects: each evidence group's row-weighted mean; a
 * group without training rows gets the attribute's row-weighted average.
 */
export function mergedEffects(
  merged: Pick<MergedBins, 'attribute' | 'map' | 'pool'>,
  effects: Float64Array,
  counts: Float64Array,
): Float64Array {
  const { map, pool } = merged;
  const groups = Math.max(...pool) + 1;
  const sums = new Float64Array(groups);
  const weight = new Float64Array(groups);
  let total = 0;
  let sum = 0;
  pool.forEach((g, b) => {
    const w = counts[b] as number;
    sums[g] = (sums[g] as number) + w * (effects[b] as number);
    weight[g] = (weight[g] as number) + w;
    total += w;
    sum += w * (effects[b] as number);
  });
  const average = total > 0 ? sum / total : 0;
  const out = new Float64Array(merged.attribute.bins.length);
  pool.forEach((g, b) => {
    out[map[b] as number] =
      (weight[g] as number) > 0 ? (sums[g] as number) / (weight[g] as number) : average;
  });
  return out;
}

/** The range covered by neighbouring range bins (itself when alone, so a special value keeps its label). */
function rangeOf(fine: FineAttribute, members: readonly number[]): Bin {
  const first = fine.bins[members[0] as number] as Extract<Bin, { kind: 'range' }>;
  if (members.length === 1) return first;
  const last = fine.bins[members[members.length - 1] as number] as Extract<Bin, { kind: 'range' }>;
  return {
    kind: 'range',
    lo: first.lo,
    hi: last.hi,
    label: rangeLabel(first.lo, last.hi, yearLike(rangeEdges(fine.bins))),
  };
}
