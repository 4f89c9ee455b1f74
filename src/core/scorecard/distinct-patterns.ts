import type { SparseDesign } from '../stats/penalized-logistic.js';

/**
 * Training rows from which a fit runs on distinct patterns rather than on rows. Below it the
 * fit is cheap on rows, and stays exactly as it always was (a weighted sum adds the same
 * numbers in another order, so the last digit of a coefficient could move).
 */
export const COLLAPSE_ROWS = 50_000;

/**
 * The rows of a one-hot design collapsed to its distinct patterns (the active column of every
 * block, and the outcome), each weighted by its rows: a logistic fit on them has the same
 * likelihood, at the cost of patterns instead of rows. Patterns come in the order of their
 * first row, so the result is deterministic.
 */
export function distinctPatterns(
  design: SparseDesign,
  y: Uint8Array,
): { design: SparseDesign; y: Uint8Array } {
  const n = design.rows;
  // `width` counts -1 (none) too: codes run from -1 to width - 2.
  const { id, count } = patternIds(n, [
    ...design.blocks.map((codes) => ({ codes, width: design.columns + 1 })),
    { codes: y, width: 3 },
  ]);
  const first = new Int32Array(count).fill(-1);
  const weights = new Float64Array(count);
  for (let r = 0; r < n; r++) {
    const p = id[r] as number;
    if (first[p] === -1) first[p] = r;
    weights[p] = (weights[p] as number) + (design.weights ? (design.weights[r] as number) : 1);
  }
  const blocks = design.blocks.map((block) => first.map((r) => block[r] as number));
  return {
    design: { rows: count, columns: design.columns, blocks, weights },
    y: first.reduce((out, r, p) => {
      out[p] = y[r] as number;
      return out;
    }, new Uint8Array(count)),
  };
}

/** Every row's pattern: rows with the same code in every part share an id; ids count from 0 in the order of first rows. */
export interface RowPatterns {
  readonly id: Int32Array;
  readonly count: number;
}

/**
 * The patterns of `n` rows over some parts (codes -1 to width - 2). The pattern of a row is
 * refined one part at a time: (pattern so far, this part's code).
 */
export function patternIds(
  n: number,
  parts: readonly { readonly codes: ArrayLike<number>; readonly width: number }[],
): RowPatterns {
  const id = new Int32Array(n);
  let count = 1;
  for (const { codes, width } of parts) {
    const lookup = pairLookup(count * width, n);
    let next = 0;
    for (let r = 0; r < n; r++) {
      const key = (id[r] as number) * width + (codes[r] as number) + 1;
      let t = lookup.get(key);
      if (t < 0) {
        t = next++;
        lookup.set(key, t);
      }
      id[r] = t;
    }
    count = next;
  }
  return { id, count };
}

/**
 * The distinct patterns among some rows (indexes into the data), in the order of their first
 * row, each with its representative (that first row) and weight (its rows): what
 * `distinctPatterns` finds on the design of these rows, from patterns found once for all rows.
 */
export function patternsOf(
  patterns: RowPatterns,
  rows: Int32Array,
): { first: Int32Array; weights: Float64Array } {
  const local = new Int32Array(patterns.count).fill(-1);
  const first = new Int32Array(Math.min(patterns.count, rows.length));
  const weights = new Float64Array(first.length);
  let next = 0;
  for (const i of rows) {
    const p = patterns.id[i] as number;
    let l = local[p] as number;
    if (l < 0) {
      l = next++;
      local[p] = l;
      first[l] = i;
    }
    weights[l] = (weights[l] as number) + 1;
  }
  return { first: first.subarray(0, next), weights: weights.subarray(0, next) };
}

/**
 * A map from keys 0 to `cells` - 1 to ids (-1 when absent), for at most `n` keys: a dense array
 * when the keys are few against the rows, else a hash table with open addressing (typed arrays,
 * no allocation per key, unlike a Map).
 */
function pairLookup(
  cells: number,
  n: number,
): { get(key: number): number; set(key: number, value: number): void } {
  if (cells <= 4 * n + 1024) {
    const table = new Int32Array(cells).fill(-1);
    return {
      get: (key) => table[key] as number,
      set: (key, value) => {
        table[key] = value;
      },
    };
  }
  let capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity).fill(-1);
  const values = new Int32Array(capacity);
  const slot = (key: number) => {
    let h = Math.imul((key % 0x100000000) | 0, 0x9e3779b1) ^ Math.floor(key / 0x100000000);
    h = (h ^ (h >>> 15)) & mask;
    while (keys[h] !== -1 && keys[h] !== key) h = (h + 1) & mask;
    return h;
  };
  return {
    get(key) {
      const h = slot(key);
      return keys[h] === key ? (values[h] as number) : -1;
    },
    set(key, value) {
      const h = slot(key);
      keys[h] = key;
      values[h] = value;
    },
  };
}
