import {
  type AdditiveFit,
  fitPrepared,
  type Penalty,
  type PreparedRows,
  prepareRows,
  type Term,
} from '../scorecard/additive-fit.js';
import { COLLAPSE_ROWS } from '../scorecard/distinct-patterns.js';
import { type InnerFold, PENALTY_GRID, walkGrid } from '../scorecard/tune-penalty.js';
import { type CountedFolds, countedTerms, type KeyArray } from './univariate-partition.js';

/**
 * One attribute's fit on its own, as `tunePenalty` then `fitAdditive` find it, from counts: a
 * single term's rows differ only by (fine bin, outcome), so from COLLAPSE_ROWS rows on each fit
 * runs on those patterns weighted by their rows (in the order of their first row, as
 * `distinctPatterns` puts them) and each held-out deviance sums a value per pattern over the
 * held-out rows, in their order: the same numbers added in the same order, without a design
 * or a logit per row. Below COLLAPSE_ROWS (or `collapseFrom`) the fits run on rows, as they
 * always did.
 */
export function fitUnivariate(
  term: Term,
  y: Uint8Array,
  folds: readonly InnerFold[],
  rows: Int32Array,
  collapseFrom = COLLAPSE_ROWS,
  counted = countedFor([term], y, folds, rows, collapseFrom)?.[0],
): AdditiveFit {
  const grid = PENALTY_GRID;
  const prepared =
    counted?.train ?? folds.map((fold) => prepareCounted(term, y, fold.train, collapseFrom));
  const heldOut = folds.reduce((s, f) => s + f.test.length, 0);
  const fits: (AdditiveFit[] | undefined)[] = grid.map(() => undefined);
  const evaluate = (g: number, from: number | undefined): number => {
    const warm = from === undefined ? undefined : fits[from];
    const atPenalty = prepared.map((p, f) => fitPrepared(p, grid[g] as Penalty, warm?.[f]));
    fits[g] = atPenalty;
    const values = atPenalty.map((fit) => devianceValues(term, fit));
    const keyed = counted && keyedDeviances(values, counted.heldOut);
    let total = 0;
    folds.forEach((fold, f) => {
      total += keyed?.[f] ?? heldOutDeviance(values[f] as Float64Array, term, y, fold.test);
    });
    return total / Math.max(heldOut, 1);
  };
  // The walk of `tunePenalty` from the middle of the grid, without a start.
  const best = walkGrid(grid.length, Math.floor(grid.length / 2), evaluate);
  const inner = (fits[best] as AdditiveFit[])[0];
  const all = counted?.all ?? prepareCounted(term, y, rows, collapseFrom);
  return fitPrepared(all, grid[best] as Penalty, inner);
}

/**
 * Every fold's design and held-out keys of each term from one pass over the rows
 * (`countedTerms`), when the folds partition the rows and the smallest fold's training rows
 * reach `collapseFrom`; otherwise undefined, and `fitUnivariate` counts fold by fold.
 */
export function countedFor(
  terms: readonly Term[],
  y: Uint8Array,
  folds: readonly InnerFold[],
  rows: Int32Array,
  collapseFrom = COLLAPSE_ROWS,
): CountedFolds[] | undefined {
  const smallest = Math.min(rows.length, ...folds.map((f) => f.train.length));
  return smallest >= collapseFrom ? countedTerms(terms, y, folds, rows) : undefined;
}

/**
 * The design of one term's rows: from COLLAPSE_ROWS rows on, its distinct (bin, outcome)
 * patterns in the order of their first row, weighted by their rows (what `prepareRows` builds
 * by collapsing the rows' design, found here in one pass over the codes).
 */
export function prepareCounted(
  term: Term,
  y: Uint8Array,
  rows: Int32Array,
  collapseFrom = COLLAPSE_ROWS,
): PreparedRows {
  if (rows.length < collapseFrom) return prepareRows([term], y, rows);
  const slot = new Int32Array(2 * term.columns + 2).fill(-1);
  const codes: number[] = [];
  const outcomes: number[] = [];
  const weights: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const key = 2 * ((term.codes[i] as number) + 1) + (y[i] as number);
    let p = slot[key] as number;
    if (p < 0) {
      p = codes.length;
      slot[key] = p;
      codes.push(term.codes[i] as number);
      outcomes.push(y[i] as number);
      weights.push(0);
    }
    weights[p] = (weights[p] as number) + 1;
  }
  const patterns = { ...term, codes: Int32Array.from(codes) };
  const all = Int32Array.from(codes, (_, p) => p);
  return prepareRows([patterns], Uint8Array.from(outcomes), all, Float64Array.from(weights));
}

/**
 * -2 log-likelihood of the held-out rows under a one-term fit, as `rowsDeviance` adds it over
 * `additiveLogit`: each (bin, outcome)'s value computed once (`devianceValues`), added row by
 * row in order.
 */
function heldOutDeviance(
  values: Float64Array,
  term: Term,
  y: Uint8Array,
  rows: Int32Array,
): number {
  let dev = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    dev += values[2 * ((term.codes[i] as number) + 1) + (y[i] as number)] as number;
  }
  return dev;
}

/** `heldOutDeviance` from the rows' (bin, outcome) keys: the same values added in the same order. */
function keyedDeviance(values: Float64Array, keys: KeyArray): number {
  let dev = 0;
  for (let r = 0; r < keys.length; r++) dev += values[keys[r] as number] as number;
  return dev;
}

/**
 * `keyedDeviance` of each fold (its values, its held-out keys). Two folds (the univariate
 * folds from 20,000 rows on) are summed in one loop: each sum still adds its own rows in
 * order, but the two chains of additions run side by side instead of one waiting on each
 * addition before the next (about a third of the time on 400,000 held-out rows a fold).
 */
export function keyedDeviances(
  values: readonly Float64Array[],
  keys: readonly KeyArray[],
): number[] {
  const [v0, v1] = values;
  const [k0, k1] = keys;
  if (values.length !== 2 || keys.length !== 2 || !v0 || !v1 || !k0 || !k1)
    return values.map((v, f) => keyedDeviance(v, keys[f] as KeyArray));
  let d0 = 0;
  let d1 = 0;
  const common = Math.min(k0.length, k1.length);
  for (let r = 0; r < common; r++) {
    d0 += v0[k0[r] as number] as number;
    d1 += v1[k1[r] as number] as number;
  }
  for (let r = common; r < k0.length; r++) d0 += v0[k0[r] as number] as number;
  for (let r = common; r < k1.length; r++) d1 += v1[k1[r] as number] as number;
  return [d0, d1];
}

/** -2 log-likelihood of one row of each (bin, outcome), at key 2 (bin + 1) + outcome. */
function devianceValues(term: Term, fit: AdditiveFit): Float64Array {
  const effects = fit.effects[0] as Float64Array;
  const value = new Float64Array(2 * term.columns + 2);
  for (let c = -1; c < term.columns; c++) {
    const e = c >= 0 ? fit.intercept + (effects[c] as number) : fit.intercept;
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    for (const outcome of [0, 1]) value[2 * (c + 1) + outcome] = 2 * (softplus - outcome * e);
  }
  return value;
}
