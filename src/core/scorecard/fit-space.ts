import type { FineAttribute } from '../binning/fine-bins.js';
import { type Term, termOf } from './additive-fit.js';
import { COLLAPSE_ROWS, patternIds, patternsOf, type RowPatterns } from './distinct-patterns.js';

/**
 * The rows a scorecard's main-effects fit, interaction search and joint fit run on: the
 * training rows themselves, or from COLLAPSE_ROWS rows on one row per distinct pattern (the
 * fine bin of every attribute and the outcome), weighted by its rows. A readable bin and an
 * interaction's match are functions of the fine bins, so every sum over rows those steps take
 * is a weighted sum over patterns: the same likelihood, at the cost of the patterns.
 */
export interface FitSpace {
  readonly terms: readonly Term[];
  readonly y: Uint8Array;
  /** The training rows (indexes into this space's columns). */
  readonly rows: Int32Array;
  /** Rows of the data each row of this space stands for; undefined on rows. */
  readonly weights: Float64Array | undefined;
  /** The training rows of the data. */
  readonly size: number;
  /** The row of the data each row of this space stands for; undefined on rows (the data's own). */
  readonly source: Int32Array | undefined;
}

/** Every row's pattern over the terms' codes and the outcome (found once, used by every fold). */
export function rowPatterns(terms: readonly Term[], y: Uint8Array): RowPatterns {
  return patternIds(y.length, [
    ...terms.map((t) => ({ codes: t.codes, width: t.columns + 1 })),
    { codes: y, width: 3 },
  ]);
}

/** The space of `rows`: themselves below COLLAPSE_ROWS, else their distinct patterns. */
export function fitSpace(
  terms: readonly Term[],
  y: Uint8Array,
  rows: Int32Array,
  patterns?: RowPatterns,
): FitSpace {
  if (rows.length < COLLAPSE_ROWS) return rowsSpace(terms, y, rows);
  const { first, weights } = patternsOf(patterns ?? rowPatterns(terms, y), rows);
  const pick = (codes: Int32Array) => gather(codes, first);
  return {
    terms: terms.map((t) => ({ ...t, codes: pick(t.codes) })),
    y: Uint8Array.from(first, (i) => y[i] as number),
    rows: Int32Array.from(first, (_, r) => r),
    weights,
    size: rows.length,
    source: first,
  };
}

/** The space of `rows` themselves, unweighted, at any size. */
export function rowsSpace(terms: readonly Term[], y: Uint8Array, rows: Int32Array): FitSpace {
  return { terms, y, rows, weights: undefined, size: rows.length, source: undefined };
}

/** `values` at the given rows, in their order (a plain loop: typed arrays' `from` with a callback is slow). */
export function gather(values: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k] as number] as number;
  return out;
}

/**
 * Every row's pattern over some of the attributes (indexes into `fine`) and the outcome, found
 * once per set of attributes and only from COLLAPSE_ROWS rows on (below, fits run on rows).
 */
export function patternCache(
  fine: readonly FineAttribute[],
  target: Uint8Array,
): (attributes: readonly number[]) => RowPatterns | undefined {
  const found = new Map<string, RowPatterns>();
  return (attributes) => {
    if (target.length < COLLAPSE_ROWS) return undefined;
    const key = attributes.join(',');
    let patterns = found.get(key);
    if (!patterns) {
      patterns = rowPatterns(
        attributes.map((j) => termOf(fine[j] as FineAttribute)),
        target,
      );
      found.set(key, patterns);
    }
    return patterns;
  };
}
