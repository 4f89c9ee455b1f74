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
  const id = new Int32Array(n);
  let count = 1;
  // The pattern of a row is refined one block at a time: (pattern so far, this block's column).
  // `width` counts -1 (none) too: codes run from -1 to width - 2.
  const refine = (codes: ArrayLike<number>, width: number) => {
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
  };
  for (const block of design.blocks) refine(block, design.columns + 1);
  refine(y, 3);
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
