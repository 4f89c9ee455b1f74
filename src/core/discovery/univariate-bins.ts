import type { FineAttribute } from '../binning/fine-bins.js';
import { type MergedAttribute, mergeFineBins } from '../binning/merge-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import { evidenceOf, fitAdditive, termOf } from '../scorecard/additive-fit.js';
import { type InnerFold, tunePenalty } from '../scorecard/tune-penalty.js';
import { stratifiedFolds } from '../stats/folds.js';

/**
 * The readable bins of one attribute on its own: its fine bins' effects fitted alone (smoothed
 * along numbers, pulled towards average where evidence is thin, the pull chosen by 3-fold
 * cross-validation so noise flattens into a bin or two) and merged where they hardly differ.
 * Only `rows` are learned from (all rows when omitted); every row gets a bin.
 *
 * @example univariateBins(fineNumeric('age', ages), target).attribute.bins.map((b) => b.label)
 */
export function univariateBins(
  fine: FineAttribute,
  target: Uint8Array,
  folds: readonly InnerFold[] = univariateFolds(target),
): MergedAttribute {
  const rows = new Int32Array(folds.reduce((s, f) => s + f.test.length, 0));
  let k = 0;
  for (const f of folds) for (const i of f.test) rows[k++] = i;
  rows.sort();
  const term = termOf(fine);
  const { penalty, innerFits } = tunePenalty([term], target, folds);
  const fit = fitAdditive([term], target, rows, penalty, innerFits[0]);
  return mergeFineBins(fine, evidenceOf(fit, 0));
}

/**
 * The stratified folds over `rows` (all rows when omitted) that choose the univariate
 * penalties: 3, or 2 from 20,000 rows on, as in the scorecard's inner loops.
 */
export function univariateFolds(
  target: Uint8Array,
  rows: Int32Array = Int32Array.from({ length: target.length }, (_, i) => i),
  seed = 1,
): InnerFold[] {
  const include = new Uint8Array(target.length);
  for (const i of rows) include[i] = 1;
  const k = rows.length >= 20_000 ? 2 : 3;
  const fold = stratifiedFolds(target, k, seed, include);
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((i) => fold[i] !== f),
    test: rows.filter((i) => fold[i] === f),
  }));
}

/**
 * Bins cut without the outcome, for testing whether an attribute matters at all (a test on
 * bins cut to fit the outcome would find a difference in noise): a number's fine bins joined in
 * order into about ten groups of equal rows, its special values and missing apart; a
 * category's own levels.
 */
export function testBins(fine: FineAttribute): BinnedAttribute {
  if (fine.kind === 'categorical') return fine;
  const rows = new Float64Array(fine.bins.length);
  for (const c of fine.codes) rows[c] = (rows[c] as number) + 1;
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
  return {
    name: fine.name,
    kind: fine.kind,
    bins,
    codes: Int32Array.from(fine.codes, (c) => group[c] as number),
  };
}
