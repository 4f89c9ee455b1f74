import { groupedFolds, stratifiedFolds } from '../stats/folds.js';
import type { InteractionStep } from './interactions.js';
import { type InnerFold, rowsDeviance } from './tune-penalty.js';

/** Rows the inner cross-validation uses at most: settings chosen on 50,000 rows hold for more. */
export const TUNING_ROWS = 50_000;

/** `rows`, or an even sample of them (positives and negatives alike) when there are more than TUNING_ROWS. */
export function tuningRows(y: Uint8Array, rows: Int32Array): Int32Array {
  const every = Math.ceil(rows.length / TUNING_ROWS);
  if (every <= 1) return rows;
  const seen = [0, 0];
  return rows.filter((i) => {
    const cls = y[i] as number;
    seen[cls] = (seen[cls] as number) + 1;
    return (seen[cls] as number) % every === 0;
  });
}

/** Inner folds over `rows`: stratified, or by group when rows share an account. */
export function innerSplit(
  y: Uint8Array,
  rows: Int32Array,
  k: number,
  seed: number,
  groups: Int32Array | undefined,
): InnerFold[] {
  const include = new Uint8Array(y.length);
  for (const i of rows) include[i] = 1;
  const fold = groups
    ? groupedFolds(groups, y, k, seed, include)
    : stratifiedFolds(y, k, seed, include);
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((i) => fold[i] !== f),
    test: rows.filter((i) => fold[i] === f),
  }));
}

/**
 * How many interactions to keep: each inner fold runs the forward search from its own
 * main-effects fit, all in step, recording the held-out deviance after each step (stopping
 * three steps after the last improvement); the fewest steps whose mean deviance is within one
 * standard error of the best (differences paired by fold) win, so an interaction stays only
 * when it helps beyond noise.
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
  const heldOut = (f: number) => {
    const { fold, eta } = inner[f] as (typeof inner)[number];
    return rowsDeviance(eta, y, fold.test) / Math.max(fold.test.length, 1);
  };
  const perRow = inner.map((_, f) => [heldOut(f)]);
  const mean = (m: number) => perRow.reduce((s, d) => s + (d[m] as number), 0) / perRow.length;
  let best = 0;
  for (let m = 1; m <= maxInteractions && m - best <= 3; m++) {
    if (inner.some((x) => x.search.step() === undefined)) break;
    perRow.forEach((d, f) => {
      d.push(heldOut(f));
    });
    if (mean(m) < mean(best)) best = m;
  }
  let count = best;
  for (let m = 0; m < best; m++) {
    const diffs = perRow.map((d) => (d[m] as number) - (d[best] as number));
    const avg = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const sd = Math.sqrt(
      diffs.reduce((a, b) => a + (b - avg) ** 2, 0) / Math.max(diffs.length - 1, 1),
    );
    if (avg <= sd / Math.sqrt(diffs.length)) {
      count = m;
      break;
    }
  }
  return { count, without: mean(0), with: mean(count) };
}
