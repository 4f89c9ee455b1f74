import { groupedFolds } from '../stats/folds.js';
import { type FoldRule, foldsBy } from '../stats/rank-folds.js';
import type { Term } from './additive-fit.js';
import { gather } from './fit-space.js';
import type { InteractionStep } from './interactions.js';
import type { InnerFold } from './tune-penalty.js';

/** Rows the inner cross-validation uses at most: settings chosen on 50,000 rows hold for more. */
export const TUNING_ROWS = 50_000;

/** `rows`, or an even sample of them (positives and negatives alike) when there are more than TUNING_ROWS. */
export function tuningRows(y: Uint8Array, rows: Int32Array): Int32Array {
  const every = Math.ceil(rows.length / TUNING_ROWS);
  if (every <= 1) return rows;
  // Plain loops, not `filter` with a callback: this runs on every training row of each fold.
  const seen = [0, 0];
  const keep = new Uint8Array(rows.length);
  let count = 0;
  for (let r = 0; r < rows.length; r++) {
    const cls = y[rows[r] as number] as number;
    seen[cls] = (seen[cls] as number) + 1;
    if ((seen[cls] as number) % every === 0) {
      keep[r] = 1;
      count++;
    }
  }
  const out = new Int32Array(count);
  for (let r = 0, m = 0; r < rows.length; r++) if (keep[r] === 1) out[m++] = rows[r] as number;
  return out;
}

/** Inner folds over `rows`: stratified, or by group when rows share an account. */
export function innerSplit(
  y: Uint8Array,
  rows: Int32Array,
  k: number,
  seed: number,
  groups: Int32Array | undefined,
  rule?: FoldRule,
): InnerFold[] {
  const include = new Uint8Array(y.length);
  for (const i of rows) include[i] = 1;
  const fold = groups
    ? groupedFolds(groups, y, k, seed, include)
    : foldsBy(rule, y, k, seed, include);
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((i) => fold[i] !== f),
    test: rows.filter((i) => fold[i] === f),
  }));
}

/** The tuning rows as data of their own, and the inner folds over them. */
export interface TuningSpace {
  readonly terms: readonly Term[];
  readonly y: Uint8Array;
  readonly folds: readonly InnerFold[];
  /** The tuning rows (indexes into the data), in order: the row of the data each row stands for. */
  readonly source: Int32Array;
}

/**
 * The inner folds over the tuning rows of `rows` (3, or 2 from 20,000 tuning rows on, unless
 * `innerFolds` says), with the tuning rows renumbered in their order as data of their own: the
 * inner fits and searches then cost the tuning rows rather than every row of the data, and add
 * the same numbers in the same order (the same results).
 */
export function tuningSpace(
  terms: readonly Term[],
  y: Uint8Array,
  rows: Int32Array,
  settings: {
    readonly innerFolds?: number;
    readonly seed: number;
    readonly groups?: Int32Array;
    readonly foldRule?: FoldRule;
  },
): TuningSpace {
  const tuning = tuningRows(y, rows);
  const k = settings.innerFolds ?? (tuning.length >= 20_000 ? 2 : 3);
  const pick = (codes: Int32Array) => gather(codes, tuning);
  const yTuning = new Uint8Array(tuning.length);
  for (let r = 0; r < tuning.length; r++) yTuning[r] = y[tuning[r] as number] as number;
  return {
    terms: terms.map((t) => ({ ...t, codes: pick(t.codes) })),
    y: yTuning,
    folds: localFolds(y, yTuning, tuning, k, settings),
    source: tuning,
  };
}

/**
 * `innerSplit` of the tuning rows, each fold's rows as places among them. Without groups and
 * with the tuning rows in increasing order, the folds are dealt on the tuning rows' own
 * outcomes: shuffled or ranked, a class's rows are dealt in their order, which is their order
 * among all the rows, so each row gets the fold it gets among all the rows (the same draws),
 * without passes and arrays over every row of the data.
 */
function localFolds(
  y: Uint8Array,
  yTuning: Uint8Array,
  tuning: Int32Array,
  k: number,
  settings: { readonly seed: number; readonly groups?: Int32Array; readonly foldRule?: FoldRule },
): InnerFold[] {
  let increasing = true;
  for (let r = 1; r < tuning.length && increasing; r++)
    increasing = (tuning[r] as number) > (tuning[r - 1] as number);
  if (settings.groups || !increasing) {
    const folds = innerSplit(y, tuning, k, settings.seed, settings.groups, settings.foldRule);
    const index = new Int32Array(y.length).fill(-1);
    for (let r = 0; r < tuning.length; r++) index[tuning[r] as number] = r;
    return folds.map((f) => ({ train: gather(index, f.train), test: gather(index, f.test) }));
  }
  const fold = foldsBy(settings.foldRule, yTuning, k, settings.seed);
  const held = new Int32Array(k);
  for (let r = 0; r < fold.length; r++)
    held[fold[r] as number] = (held[fold[r] as number] as number) + 1;
  const folds = Array.from(held, (h) => ({
    train: new Int32Array(fold.length - h),
    test: new Int32Array(h),
  }));
  const at = Array.from({ length: k }, () => ({ train: 0, test: 0 }));
  for (let r = 0; r < fold.length; r++) {
    const f = fold[r] as number;
    for (let g = 0; g < k; g++) {
      const into = folds[g] as InnerFold;
      const next = at[g] as { train: number; test: number };
      if (g === f) into.test[next.test++] = r;
      else into.train[next.train++] = r;
    }
  }
  return folds;
}

/**
 * How many interactions to keep: each inner fold runs the forward search from its own
 * main-effects fit, all in step, recording every held-out row's deviance after each step
 * (stopping three steps after the last improvement). The fewest steps whose mean held-out
 * deviance is within one standard error of the best win, the error taken over the rows'
 * paired differences: an interaction stays only when it helps beyond noise.
 */
export function chooseInteractions(
  inner: readonly {
    fold: InnerFold;
    eta: Float64Array;
    search: { step(): InteractionStep | undefined };
  }[],
  y: Uint8Array,
  maxInteractions: number,
): { count: number; without: number; with: number } {
  const rows = inner.reduce((s, x) => s + x.fold.test.length, 0);
  // Each step's held-out deviances and their mean, summed once in row order when it is taken.
  const steps: Float64Array[] = [];
  const means: number[] = [];
  const snapshot = () => {
    const deviances = heldOutDeviances(inner, y);
    let sum = 0;
    for (let i = 0; i < deviances.length; i++) sum += deviances[i] as number;
    steps.push(deviances);
    means.push(sum / rows);
  };
  const mean = (m: number) => means[m] as number;
  snapshot();
  let best = 0;
  for (let m = 1; m <= maxInteractions && m - best <= 3; m++) {
    if (inner.some((x) => x.search.step() === undefined)) break;
    snapshot();
    if (mean(m) < mean(best)) best = m;
  }
  let count = best;
  for (let m = 0; m < best; m++) {
    const { mean: avg, se } = pairedDifference(
      steps[m] as Float64Array,
      steps[best] as Float64Array,
    );
    if (avg <= se) {
      count = m;
      break;
    }
  }
  return { count, without: mean(0), with: mean(count) };
}

/** The deviance of every held-out row under its fold's logits, all folds' rows in turn. */
export function heldOutDeviances(
  inner: readonly { readonly fold: InnerFold; readonly eta: Float64Array }[],
  y: Uint8Array,
): Float64Array {
  const out = new Float64Array(inner.reduce((s, x) => s + x.fold.test.length, 0));
  let k = 0;
  for (const { fold, eta } of inner) {
    for (const i of fold.test) {
      const e = eta[i] as number;
      const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
      out[k++] = 2 * (softplus - (y[i] as number) * e);
    }
  }
  return out;
}

/** The mean of the rows' paired differences a − b and its standard error. */
export function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const rows = a.length;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < rows; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d;
    squares += d * d;
  }
  const mean = sum / rows;
  return { mean, se: Math.sqrt(Math.max(squares / rows - mean * mean, 0) / Math.max(rows - 1, 1)) };
}
