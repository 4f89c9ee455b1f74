import { type PreparedRows, prepareRows, type Term } from '../scorecard/additive-fit.js';
import type { InnerFold } from '../scorecard/tune-penalty.js';

/**
 * Folds known to partition their rows (made by `univariateFolds` over rows in increasing
 * order): each row's fold, and the rows they were dealt from once `heldOutRows` found them.
 * Only then may one pass over the rows stand for a pass over each fold's training and held-out
 * rows (`countedFolds`); other folds take the general path.
 */
const partitions = new WeakMap<readonly InnerFold[], { fold: Int32Array; rows?: Int32Array }>();

/** Records that `folds` partition the rows whose fold is not -1 in `fold`, in row order. */
export function rememberPartition(folds: readonly InnerFold[], fold: Int32Array): void {
  partitions.set(folds, { fold });
}

/** Records that `rows` are all the rows of `folds` (their held-out rows, in order). */
export function rememberRows(folds: readonly InnerFold[], rows: Int32Array): void {
  const known = partitions.get(folds);
  if (known) partitions.set(folds, { fold: known.fold, rows });
}

/** Keys of (bin, outcome), in the narrowest array that holds them. */
export type KeyArray = Uint8Array | Uint16Array | Int32Array;

/** Each fold's training design and held-out keys, and the design of all the rows. */
export interface CountedFolds {
  /** `prepareCounted(term, y, fold.train)` of each fold. */
  readonly train: readonly PreparedRows[];
  /** `prepareCounted(term, y, rows)`. */
  readonly all: PreparedRows;
  /** Each fold's held-out rows' (bin, outcome) key, 2 (code + 1) + y, in the rows' order. */
  readonly heldOut: readonly KeyArray[];
}

/**
 * One term's designs on (bin, outcome) patterns for every fold and for all `rows`, from one
 * pass over the rows (`countedTerms` with one term). Undefined unless `folds` and `rows` are a
 * remembered partition.
 */
export function countedFolds(
  term: Term,
  y: Uint8Array,
  folds: readonly InnerFold[],
  rows: Int32Array,
): CountedFolds | undefined {
  return countedTerms([term], y, folds, rows)?.[0];
}

/**
 * Each term's designs on (bin, outcome) patterns for every fold and for all `rows`, from one
 * pass over the rows for all the terms (the row's fold, outcome and place among its fold's
 * held-out rows found once per row, not once per term): a fold's training rows are the other
 * folds' held-out rows, so its patterns' weights are the others' counts summed (whole numbers:
 * exact) and its patterns come in the order of their first row among them, as `prepareCounted`
 * finds them on the fold's rows. Undefined unless `folds` and `rows` are a remembered partition.
 */
export function countedTerms(
  terms: readonly Term[],
  y: Uint8Array,
  folds: readonly InnerFold[],
  rows: Int32Array,
): CountedFolds[] | undefined {
  const known = partitions.get(folds);
  if (!known || known.rows !== rows) return undefined;
  const k = folds.length;
  const tallies = terms.map((term) => tally(term, folds));
  const codes = terms.map((term) => term.codes);
  const at = new Int32Array(k);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const f = known.fold[i] as number;
    const yi = y[i] as number;
    const place = at[f] as number;
    at[f] = place + 1;
    for (let t = 0; t < tallies.length; t++) {
      const c = tallies[t] as Tally;
      const key = 2 * (((codes[t] as Int32Array)[i] as number) + 1) + yi;
      const s = f * c.slots + key;
      c.count[s] = (c.count[s] as number) + 1;
      if (c.first[s] === -1) c.first[s] = i;
      (c.heldOut[f] as KeyArray)[place] = key;
    }
  }
  return terms.map((term, t) => {
    const c = tallies[t] as Tally;
    return {
      train: folds.map((_, f) => foldDesign(term, c, k, f)),
      all: foldDesign(term, c, k, -1),
      heldOut: c.heldOut,
    };
  });
}

/** One term's counts per (fold, key), the first row of each, and each fold's held-out keys. */
interface Tally {
  readonly slots: number;
  readonly count: Float64Array;
  readonly first: Int32Array;
  readonly heldOut: KeyArray[];
}

function tally(term: Term, folds: readonly InnerFold[]): Tally {
  const slots = 2 * term.columns + 2;
  // The narrowest array that holds a key: a million keys per attribute and fold.
  const Keys = slots <= 256 ? Uint8Array : slots <= 65_536 ? Uint16Array : Int32Array;
  return {
    slots,
    count: new Float64Array(folds.length * slots),
    first: new Int32Array(folds.length * slots).fill(-1),
    heldOut: folds.map((f) => new Keys(f.test.length)),
  };
}

/** The design of every fold but `skip` together (-1: all the folds). */
function foldDesign(term: Term, c: Tally, k: number, skip: number): PreparedRows {
  const { slots, count, first } = c;
  const weight = new Float64Array(slots);
  const from = new Int32Array(slots).fill(-1);
  for (let f = 0; f < k; f++) {
    if (f === skip) continue;
    for (let key = 0; key < slots; key++) {
      const s = f * slots + key;
      if (first[s] === -1) continue;
      weight[key] = (weight[key] as number) + (count[s] as number);
      const seen = from[key] as number;
      if (seen === -1 || (first[s] as number) < seen) from[key] = first[s] as number;
    }
  }
  return patternDesign(term, weight, from);
}

/** The patterns (keys with rows) in the order of their first row, weighted by their rows. */
function patternDesign(term: Term, weight: Float64Array, from: Int32Array): PreparedRows {
  const keys: number[] = [];
  for (let key = 0; key < weight.length; key++) if ((weight[key] as number) > 0) keys.push(key);
  keys.sort((a, b) => (from[a] as number) - (from[b] as number));
  const patterns = { ...term, codes: Int32Array.from(keys, (key) => (key >> 1) - 1) };
  const all = Int32Array.from(keys, (_, p) => p);
  return prepareRows(
    [patterns],
    Uint8Array.from(keys, (key) => key & 1),
    all,
    Float64Array.from(keys, (key) => weight[key] as number),
  );
}
