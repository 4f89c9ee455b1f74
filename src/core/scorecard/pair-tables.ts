import { patternIds } from './distinct-patterns.js';
import type { BinnedAttribute } from '../binning/types.js';

/** Cell indexes kept in memory at most, over all pairs of one search. */
const CACHED_CELLS = 40_000_000;

/** The cells of one pair of attributes: each scanned row's cell, and the rows per cell as 2-D prefix sums. */
export interface PairCells {
  readonly cells: Int32Array;
  readonly count: Float64Array;
}

/**
 * Per pair of attributes, the cell of each scanned row in their 2-D table (kept while memory
 * allows: the rows do not change during a search) and the prefix sums of rows per cell (of
 * their weights, when rows stand for several: distinct patterns).
 */
export function pairCells(
  attrs: readonly BinnedAttribute[],
  rows: Int32Array,
  pairs: number,
  weights?: Float64Array,
): (a: number, b: number) => PairCells {
  return cellsAt(
    attrs,
    rows,
    pairs,
    weights && ((r: number) => weights[rows[r] as number] as number),
  );
}

/**
 * The scanned rows grouped by their bins of the searched attributes (a row stands for its
 * group in every pair table of them): the group of each scanned row, each group's first row
 * and its rows (weighted).
 */
export interface ScanGroups {
  readonly of: Int32Array;
  readonly first: Int32Array;
  readonly weights: Float64Array;
}

/** `rows` grouped (`ScanGroups`); undefined when the groups are more than half the rows, where grouping would save nothing. */
export function scanGroups(
  attrs: readonly BinnedAttribute[],
  among: readonly number[],
  rows: Int32Array,
  weights?: Float64Array,
): ScanGroups | undefined {
  const parts = among.map((j) => {
    const a = attrs[j] as BinnedAttribute;
    const codes = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) codes[r] = a.codes[rows[r] as number] as number;
    return { codes, width: a.bins.length + 1 };
  });
  const { id, count } = patternIds(rows.length, parts);
  if (count > rows.length / 2) return undefined;
  const first = new Int32Array(count).fill(-1);
  const sums = new Float64Array(count);
  for (let r = 0; r < rows.length; r++) {
    const g = id[r] as number;
    const i = rows[r] as number;
    if (first[g] === -1) first[g] = i;
    sums[g] = (sums[g] as number) + (weights ? (weights[i] as number) : 1);
  }
  return { of: id, first, weights: sums };
}

/** The pair cells of the groups: each group's first row stands for it, weighted by its rows. */
export function groupCells(
  attrs: readonly BinnedAttribute[],
  groups: ScanGroups,
  pairs: number,
): (a: number, b: number) => PairCells {
  return cellsAt(attrs, groups.first, pairs, (r) => groups.weights[r] as number);
}

/** Residuals and variances of the scanned rows added up per group (into `residual`, `variance`). */
export function sumByGroup(
  groups: ScanGroups,
  rowResidual: Float64Array,
  rowVariance: Float64Array,
  residual: Float64Array,
  variance: Float64Array,
): void {
  residual.fill(0);
  variance.fill(0);
  const of = groups.of;
  for (let r = 0; r < of.length; r++) {
    const g = of[r] as number;
    residual[g] = (residual[g] as number) + (rowResidual[r] as number);
    variance[g] = (variance[g] as number) + (rowVariance[r] as number);
  }
}

/** `pairCells` with the weight of the r-th of `rows` given by `weightAt` (1 each when omitted). */
function cellsAt(
  attrs: readonly BinnedAttribute[],
  rows: Int32Array,
  pairs: number,
  weightAt: ((r: number) => number) | undefined,
): (a: number, b: number) => PairCells {
  const cache = new Map<number, PairCells>();
  const cacheable = pairs * rows.length <= CACHED_CELLS;
  return (a: number, b: number) => {
    const key = a * attrs.length + b;
    const hit = cache.get(key);
    if (hit) return hit;
    const ca = (attrs[a] as BinnedAttribute).codes;
    const cb = (attrs[b] as BinnedAttribute).codes;
    const w = (attrs[b] as BinnedAttribute).bins.length + 1;
    const cells = new Int32Array(rows.length);
    const count = new Float64Array(((attrs[a] as BinnedAttribute).bins.length + 1) * w);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r] as number;
      const x = ((ca[i] as number) + 1) * w + (cb[i] as number) + 1;
      cells[r] = x;
      count[x] = (count[x] as number) + (weightAt ? weightAt(r) : 1);
    }
    prefixSums(count, w);
    const entry = { cells, count };
    if (cacheable) cache.set(key, entry);
    return entry;
  };
}

/** Sums of residuals, variances and rows over the bins of two attributes, as 2-D prefix sums. */
export function pairTable(
  pair: PairCells,
  kb: number,
  residual: Float64Array,
  variance: Float64Array,
) {
  const w = kb + 1;
  const R = new Float64Array(pair.count.length);
  const V = new Float64Array(pair.count.length);
  const cells = pair.cells;
  for (let r = 0; r < cells.length; r++) {
    const x = cells[r] as number;
    R[x] = (R[x] as number) + (residual[r] as number);
    V[x] = (V[x] as number) + (variance[r] as number);
  }
  prefixSums(R, w);
  prefixSums(V, w);
  const sum = (M: Float64Array, a0: number, a1: number, b0: number, b1: number) =>
    (M[(a1 + 1) * w + b1 + 1] as number) -
    (M[a0 * w + b1 + 1] as number) -
    (M[(a1 + 1) * w + b0] as number) +
    (M[a0 * w + b0] as number);
  return { residual: R, variance: V, count: pair.count, sum };
}

/** In place: each cell becomes the sum of the cells above and to its left (row width w). */
function prefixSums(M: Float64Array, w: number): void {
  const rows = M.length / w;
  for (let x = 1; x < rows; x++)
    for (let z = 1; z < w; z++)
      M[x * w + z] =
        (M[x * w + z] as number) +
        (M[(x - 1) * w + z] as number) +
        (M[x * w + z - 1] as number) -
        (M[(x - 1) * w + z - 1] as number);
}

/**
 * The candidates of one pair of attributes whose rows lie between `minCount` and `total -
 * minCount` (the rows per cell do not change during a search, so neither does this list): per
 * candidate, the four corners of its rectangle in the prefix sums (as `pairTable`'s `sum` reads
 * them) and the index of each attribute's span, six numbers in the spans' order.
 */
export function pairCandidates(
  count: Float64Array,
  kb: number,
  spansA: readonly (readonly [number, number])[],
  spansB: readonly (readonly [number, number])[],
  minCount: number,
  total: number,
): Int32Array {
  const w = kb + 1;
  const out: number[] = [];
  spansA.forEach(([a0, a1], sa) => {
    spansB.forEach(([b0, b1], sb) => {
      const corners = [(a1 + 1) * w + b1 + 1, a0 * w + b1 + 1, (a1 + 1) * w + b0, a0 * w + b0];
      const [c11, c01, c10, c00] = corners as [number, number, number, number];
      const rows =
        (count[c11] as number) -
        (count[c01] as number) -
        (count[c10] as number) +
        (count[c00] as number);
      if (rows < minCount || rows > total - minCount) return;
      out.push(c11, c01, c10, c00, sa, sb);
    });
  });
  return Int32Array.from(out);
}
