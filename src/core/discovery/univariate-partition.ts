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
 * Each term's designs on (bin, outcome) patterns for every fold and for all `rows`: a fold's
 * training rows are the other folds' held-out rows, so its patterns' weights are the others'
 * counts summed (whole numbers: exact) and its patterns come in the order of their first row
 * among them, as `prepareCounted` finds them on the fold's rows. Each row's fold, outcome and
 * place among its fold's held-out rows are found once for all the terms; each term then counts
 * in one tight pass over the rows. Undefined unless `folds` and `rows` are a remembered partition.
 */
export function countedTerms(
  terms: readonly Term[],
  y: Uint8Array,
  folds: readonly InnerFold[],
  rows: Int32Array,
): CountedFolds[] | undefined {
  const known = partitions.get(folds);
  if (!known || known.rows !== rows) return undefined;
  // The folds' held-out keys lie one fold after another in one buffer per term.
  const offset = new Int32Array(folds.length + 1);
  folds.forEach((f, g) => {
    offset[g + 1] = (offset[g] as number) + f.test.length;
  });
  const at = offset.slice(0, folds.length);
  const shared: RowsOfFolds = {
    rows,
    offset,
    fold: new Int32Array(rows.length),
    outcome: new Uint8Array(rows.length),
    place: new Int32Array(rows.length),
  };
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const f = known.fold[i] as number;
    shared.fold[r] = f;
    shared.outcome[r] = y[i] as number;
    shared.place[r] = at[f] as number;
    at[f] = (at[f] as number) + 1;
  }
  return terms.map((term) => countTerm(term, shared));
}

/** The rows of a partition with each one's fold, outcome and place in a keys buffer (`offset`: each fold's start). */
interface RowsOfFolds {
  readonly rows: Int32Array;
  readonly offset: Int32Array;
  readonly fold: Int32Array;
  readonly outcome: Uint8Array;
  readonly place: Int32Array;
}

/** One term's counts per (fold, key), the first row of each, and each fold's held-out keys. */
function countTerm(term: Term, shared: RowsOfFolds): CountedFolds {
  const { rows, fold, outcome, place, offset } = shared;
  const k = offset.length - 1;
  const slots = 2 * term.columns + 2;
  const count = new Float64Array(k * slots);
  const first = new Int32Array(k * slots).fill(-1);
  // The narrowest array that holds a key: a million keys per attribute.
  const Keys = slots <= 256 ? Uint8Array : slots <= 65_536 ? Uint16Array : Int32Array;
  const keys = new Keys(rows.length);
  const codes = term.codes;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const key = 2 * ((codes[i] as number) + 1) + (outcome[r] as number);
    const s = (fold[r] as number) * slots + key;
    count[s] = (count[s] as number) + 1;
    if (first[s] === -1) first[s] = i;
    keys[place[r] as number] = key;
  }
  const tally = { slots, count, first };
  return {
    train: Array.from({ length: k }, (_, f) => foldDesign(term, tally, k, f)),
    all: foldDesign(term, tally, k, -1),
    heldOut: Array.from({ length: k }, (_, f) =>
      keys.subarray(offset[f] as number, offset[f + 1] as number),
    ),
  };
}

/** The design of every fold but `skip` together (-1: all the folds). */
function foldDesign(
  term: Term,
  c: { readonly slots: number; readonly count: Float64Array; readonly first: Int32Array },
  k: number,
  skip: number,
): PreparedRows {
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
