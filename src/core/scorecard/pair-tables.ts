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
      count[x] = (count[x] as number) + (weights ? (weights[i] as number) : 1);
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
