import type { FineAttribute } from '../binning/fine-bins.js';
import { type MergedBins, mergeBins } from '../binning/merge-bins.js';
import type { Bin } from '../binning/types.js';
import { evidenceOf, termOf } from '../scorecard/additive-fit.js';
import type { InnerFold } from '../scorecard/tune-penalty.js';
import { type FoldRule, foldsBy } from '../stats/rank-folds.js';
import { type CountedFolds, rememberPartition, rememberRows } from './univariate-partition.js';
import { countedFor, fitUnivariate } from './univariate-tuning.js';

/**
 * The readable bins of one attribute on its own: its fine bins' effects fitted alone (smoothed
 * along numbers, pulled towards average where evidence is thin, the pull chosen by 3-fold
 * cross-validation so noise flattens into a bin or two) and merged where they hardly differ.
 * Only `rows` are learned from (all rows when omitted); every row gets a bin (`withCodes`).
 * `collapseFrom`: the rows from which the fits run on (bin, outcome) patterns
 * (`fitUnivariate`); `counted`: the folds' designs when already counted (`countedFor`).
 *
 * @example withCodes(fine, univariateBins(fine, target)).attribute.codes
 */
export function univariateBins(
  fine: FineAttribute,
  target: Uint8Array,
  folds: readonly InnerFold[] = univariateFolds(target),
  rows: Int32Array = heldOutRows(folds, target.length),
  collapseFrom?: number,
  counted?: CountedFolds,
): MergedBins {
  // Without `counted`, fitUnivariate counts this attribute's folds itself.
  const fit = fitUnivariate(termOf(fine), target, folds, rows, collapseFrom, counted);
  return mergeBins(fine, evidenceOf(fit, 0));
}

/** Attributes whose folds are counted in one pass over the rows (`countedTerms`). */
const COUNTED_TOGETHER = 16;

/**
 * `univariateBins` of every attribute on the same folds. The folds' (fine bin, outcome) counts
 * of up to COUNTED_TOGETHER attributes come from one pass over the rows (each row's fold,
 * outcome and place read once for them all); the batch bounds the held-out keys kept at once
 * (one to four bytes per row, attribute and fold).
 */
export function univariateAll(
  fines: readonly FineAttribute[],
  target: Uint8Array,
  folds: readonly InnerFold[],
  rows: Int32Array,
  collapseFrom?: number,
): MergedBins[] {
  const out: MergedBins[] = [];
  for (let from = 0; from < fines.length; from += COUNTED_TOGETHER) {
    const batch = fines.slice(from, from + COUNTED_TOGETHER);
    const counted = countedFor(batch.map(termOf), target, folds, rows, collapseFrom);
    batch.forEach((f, j) => {
      out.push(univariateBins(f, target, folds, rows, collapseFrom, counted?.[j]));
    });
  }
  return out;
}

/**
 * Every fold's held-out rows, in order: the rows `univariateBins` learns from (found once for
 * all the attributes that share the folds).
 */
export function heldOutRows(folds: readonly InnerFold[], n: number): Int32Array {
  const mark = new Uint8Array(n);
  let count = 0;
  for (const f of folds)
    for (let k = 0; k < f.test.length; k++) {
      const i = f.test[k] as number;
      if (mark[i] === 0) count++;
      mark[i] = 1;
    }
  const rows = new Int32Array(count);
  for (let i = 0, r = 0; i < n; i++) if (mark[i] === 1) rows[r++] = i;
  rememberRows(folds, rows);
  return rows;
}

/**
 * The stratified folds over `rows` (all rows when omitted) that choose the univariate
 * penalties: 3, or 2 from 20,000 rows on, as in the scorecard's inner loops. `rule`: how rows
 * are dealt (shuffled by default).
 */
export function univariateFolds(
  target: Uint8Array,
  rows: Int32Array = Int32Array.from({ length: target.length }, (_, i) => i),
  seed = 1,
  rule?: FoldRule,
): InnerFold[] {
  const include = new Uint8Array(target.length);
  for (let r = 0; r < rows.length; r++) include[rows[r] as number] = 1;
  const k = rows.length >= 20_000 ? 2 : 3;
  const fold = foldsBy(rule, target, k, seed, include);
  // Plain loops, each fold's held-out rows counted in one pass and dealt in another (a typed
  // array's `filter` or `every` with a callback is slow on a million rows).
  const held = new Int32Array(k);
  let increasing = true;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    held[fold[i] as number] = (held[fold[i] as number] as number) + 1;
    if (r > 0 && i <= (rows[r - 1] as number)) increasing = false;
  }
  const folds = Array.from({ length: k }, (_, f) => ({
    train: new Int32Array(rows.length - (held[f] as number)),
    test: new Int32Array(held[f] as number),
  }));
  const tested = new Int32Array(k);
  const trained = new Int32Array(k);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r] as number;
    const f = fold[i] as number;
    for (let g = 0; g < k; g++) {
      const { train, test } = folds[g] as InnerFold;
      const at = g === f ? tested : trained;
      (g === f ? test : train)[at[g] as number] = i;
      at[g] = (at[g] as number) + 1;
    }
  }
  if (increasing) rememberPartition(folds, fold);
  return folds;
}

/**
 * Bins cut without the outcome, for testing whether an attribute matters at all (a test on
 * bins cut to fit the outcome would find a difference in noise): a number's fine bins joined in
 * order into about ten groups of equal rows (`rows`: the rows of each fine bin), its special
 * values and missing apart; a category's own levels. Returns the test bins and the test bin of
 * each fine bin.
 */
export function testGroups(
  fine: FineAttribute,
  rows: Float64Array,
): { bins: readonly Bin[]; group: Int32Array } {
  if (fine.kind === 'categorical')
    return { bins: fine.bins, group: Int32Array.from(fine.bins, (_, b) => b) };
  let total = 0;
  for (const c of fine.chain) total += rows[c] as number;
  const group = new Int32Array(fine.bins.length).fill(-1);
  let next = 0;
  let filled = 0;
  for (const c of fine.chain) {
    if (filled >= total / 10) {
      next++;
      filled = 0;
    }
    group[c] = next;
    filled += rows[c] as number;
  }
  next++;
  fine.bins.forEach((_, b) => {
    if (group[b] === -1) group[b] = next++;
  });
  const bins = Array.from({ length: next }, (_, g) => ({ kind: 'other' as const, label: `${g}` }));
  return { bins, group };
}
