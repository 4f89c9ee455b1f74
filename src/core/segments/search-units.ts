import type { BinnedAttribute } from '../binning/types.js';
import { patternIds } from '../scorecard/distinct-patterns.js';
import { rowBits } from './row-bits.js';

/**
 * What the segment search counts: rows, or the rows' distinct patterns (the bin of every
 * attribute, the target and the group) each weighted by its rows. A segment's rows are whole
 * patterns, so its counts are sums of integer weights and come out exactly as counted row by
 * row; on a million rows with a few thousand patterns the bitsets are a few hundred times shorter.
 */
export interface SearchUnits {
  /** Rows, or patterns in the order of their first row. */
  readonly size: number;
  /** Rows of each pattern; undefined when the units are the rows. */
  readonly weights: Int32Array | undefined;
  /** The units with target 1. */
  readonly yBits: Uint32Array;
  /** The group of each unit (every row of a pattern is in one group). */
  readonly groups: Int32Array | undefined;
  /** The bins of each attribute's units: `codes[a][u]` is attribute a's bin of unit u. */
  readonly codes: readonly ArrayLike<number>[];
}

/**
 * Patterns pay when they are few against the rows: the weighted count visits each covered
 * pattern, where a popcount does 32 rows at once.
 */
const ROWS_PER_PATTERN = 8;

/**
 * The units of a search over `attrs` and `target`: patterns when there are at most an eighth as
 * many as rows (or when `collapse` says so), else the rows themselves.
 */
export function searchUnits(
  attrs: readonly BinnedAttribute[],
  target: Uint8Array,
  groups: Int32Array | undefined,
  collapse?: boolean,
): SearchUnits {
  const n = target.length;
  const rows = (): SearchUnits => ({
    size: n,
    weights: undefined,
    yBits: rowBits(n, (i) => target[i] === 1),
    groups,
    codes: attrs.map((a) => a.codes),
  });
  if (collapse === false || n === 0) return rows();
  const parts: { codes: ArrayLike<number>; width: number }[] = attrs.map((a) => ({
    codes: a.codes,
    width: a.bins.length + 1,
  }));
  // The outcome as the search reads it (1 or not), so any other value cannot break the key.
  parts.push({ codes: target.map((v) => (v === 1 ? 1 : 0)), width: 3 });
  if (groups) {
    // Group numbers count from 0; anything else is searched on rows.
    const range = rangeOf(groups);
    if (range.min < 0) return rows();
    parts.push({ codes: groups, width: range.max + 2 });
  }
  if (collapse === undefined) {
    // The patterns of the first quarter of the rows are some of all the patterns: past an
    // eighth of the rows already, the rest need not be numbered to choose the rows.
    const head = Math.ceil(n / 4);
    if (head < n && patternIds(head, parts).count * ROWS_PER_PATTERN > n) return rows();
  }
  const { id, count } = patternIds(n, parts);
  if (collapse === undefined && count * ROWS_PER_PATTERN > n) return rows();
  const first = new Int32Array(count).fill(-1);
  const weights = new Int32Array(count);
  for (let r = 0; r < n; r++) {
    const p = id[r] as number;
    if (first[p] === -1) first[p] = r;
    weights[p] = (weights[p] as number) + 1;
  }
  const codes = attrs.map((a) => first.map((r) => a.codes[r] as number));
  return {
    size: count,
    weights,
    yBits: rowBits(count, (p) => target[first[p] as number] === 1),
    groups: groups ? first.map((r) => groups[r] as number) : undefined,
    codes,
  };
}

function rangeOf(values: Int32Array): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
