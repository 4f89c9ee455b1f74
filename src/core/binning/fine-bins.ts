import { formatNumber, rangeLabel, yearLike } from './bin-numeric.js';
import { binCountedCategories } from './bin-categorical.js';
import { type NumericCounts, numericCounts, type TextCounts, textCounts } from './column-counts.js';
import { findSpecialValues } from './special-values.js';
import type { Bin, BinnedAttribute } from './types.js';

/**
 * An attribute cut into many small bins before any outcome is looked at: the scorecard learns
 * a points value per fine bin (neighbours smoothed towards each other) and then merges
 * neighbours whose points hardly differ into the bins a person reads.
 */
export interface FineAttribute extends BinnedAttribute {
  /** Bins whose points are smoothed towards their neighbours', in order: ordinary numeric ranges. */
  readonly chain: readonly number[];
  /** Special values (sentinels, spikes) that have a bin of their own, by bin index. */
  readonly special: ReadonlyMap<number, number>;
}

export interface FineNumericOptions {
  /** Fine bins of ordinary values (special values and missing not counted). */
  readonly maxBins?: number;
  /** Fewest rows in a fine bin of ordinary values. */
  readonly minCount?: number;
  /** Fewest rows for a special value to get its own bin. */
  readonly minSpecial?: number;
}

/**
 * Fine bins of a numeric column, cut on the values alone (no outcome), so they may be cut once
 * on every row without leaking anything: a bin per value when there are at most `maxBins`
 * distinct values, else equal-frequency bins of at least `minCount` rows; special values
 * (see `findSpecialValues`) in bins of their own; missing values last.
 *
 * @example fineNumeric('age', Float64Array.from([21, 35, 35, 62, Number.NaN]), { maxBins: 2, minCount: 1 }).bins.length // => 3
 */
export function fineNumeric(
  name: string,
  values: Float64Array,
  options: FineNumericOptions = {},
  counted: NumericCounts = numericCounts(values),
): FineAttribute {
  const { maxBins = 40, minCount = 10, minSpecial = 20 } = options;
  const { distinct, counts } = counted;
  const specials = new Set(
    findSpecialValues(distinct, counts, { minCount: minSpecial, fineBins: maxBins }),
  );
  const pieces = cutPieces(
    distinct,
    counts,
    specials,
    distinct.length <= maxBins,
    maxBins,
    minCount,
  );
  const bins: Bin[] = [];
  const chain: number[] = [];
  const special = new Map<number, number>();
  const years = yearLike(pieces.slice(1).map((p) => p.start));
  pieces.forEach((piece, j) => {
    const lo = j === 0 ? Number.NEGATIVE_INFINITY : piece.start;
    const next = pieces[j + 1];
    const hi = next ? next.start : Number.POSITIVE_INFINITY;
    if (piece.special) {
      special.set(j, piece.start);
      bins.push({
        kind: 'range',
        lo,
        hi,
        label: years ? String(piece.start) : formatNumber(piece.start),
      });
    } else {
      chain.push(j);
      bins.push({ kind: 'range', lo, hi, label: rangeLabel(lo, hi, years) });
    }
  });
  if (bins.length === 0) bins.push({ kind: 'range', lo: -Infinity, hi: Infinity, label: 'any' });
  bins.push({ kind: 'missing', label: 'missing' });
  const edges = pieces.slice(1).map((p) => p.start);
  // A plain loop: a typed array's `from` with a callback is slow on a million rows.
  const codes = new Int32Array(values.length);
  const missing = bins.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    codes[i] = Number.isNaN(v) ? missing : upperBound(edges, v);
  }
  return { name, kind: 'numeric', bins, codes, chain, special };
}

export interface FineCategoricalOptions {
  /** Levels with fewer rows go to "other". */
  readonly minCount?: number;
  /** At most this many levels keep a bin of their own (the most frequent). */
  readonly maxLevels?: number;
  readonly aliases?: ReadonlyMap<string, string>;
}

/**
 * Fine bins of a categorical column: spellings of one level merged, each level with at least
 * `minCount` rows a bin of its own, the rest in "other" (which also takes levels never seen),
 * missing last. Levels are grouped later, by the points they earn, not by their frequency.
 */
export function fineCategorical(
  name: string,
  values: readonly (string | null)[],
  options: FineCategoricalOptions = {},
  counted: TextCounts = textCounts(values),
): FineAttribute {
  const { minCount = 5, maxLevels = 100, aliases } = options;
  // The same levels as the readable categorical bins, with the fine bins' smaller floors.
  const binned = binCountedCategories(name, counted, {
    minCount,
    maxLevels,
    ...(aliases ? { aliases } : {}),
  });
  return { ...binned, chain: [], special: new Map() };
}

interface Piece {
  start: number;
  rows: number;
  special: boolean;
}

/**
 * The runs of sorted distinct values that make the fine bins: one run per value when `each`,
 * else runs of about (ordinary rows / maxBins) rows; a special value is always a run alone,
 * and an ordinary run under `minCount` rows joins the ordinary run before it (or after it).
 */
function cutPieces(
  distinct: readonly number[],
  counts: readonly number[],
  specials: ReadonlySet<number>,
  each: boolean,
  maxBins: number,
  minCount: number,
): Piece[] {
  let ordinary = 0;
  distinct.forEach((v, j) => {
    if (!specials.has(v)) ordinary += counts[j] as number;
  });
  const target = Math.max(minCount, ordinary / maxBins);
  const pieces: Piece[] = [];
  let open: Piece | undefined;
  distinct.forEach((v, j) => {
    const c = counts[j] as number;
    if (specials.has(v)) {
      pieces.push({ start: v, rows: c, special: true });
      open = undefined;
      return;
    }
    if (!open || each || open.rows >= target) {
      open = { start: v, rows: 0, special: false };
      pieces.push(open);
    }
    open.rows += c;
  });
  if (each) return pieces;
  // Small ordinary runs join an ordinary neighbour; never across a special value.
  for (let j = 0; j < pieces.length; j++) {
    const p = pieces[j] as Piece;
    if (p.special || p.rows >= minCount) continue;
    const before = pieces[j - 1];
    const after = pieces[j + 1];
    if (before && !before.special) {
      before.rows += p.rows;
      pieces.splice(j--, 1);
    } else if (after && !after.special) {
      after.rows += p.rows;
      after.start = p.start;
      pieces.splice(j--, 1);
    }
  }
  return pieces;
}

/** The number of edges at or below x: the index of x's range bin. */
function upperBound(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x >= (edges[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
