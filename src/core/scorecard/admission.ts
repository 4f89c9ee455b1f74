import type { FineAttribute } from '../binning/fine-bins.js';
import type { FoldRule } from '../stats/rank-folds.js';
import { type AdditiveFit, additiveLogit, type Penalty, termOf } from './additive-fit.js';
import { tuningSpace } from './inner-cv.js';
import { PENALTY_GRID, type Tuned, type TuningStart, tunePenalty } from './tune-penalty.js';

/** What the inner cross-validation decided about admitting the weak attributes. */
export interface Admission {
  /** true: the selected attributes and the weak ones; false: the selected ones alone. */
  readonly wider: boolean;
  /** Mean held-out deviance per row the weak attributes saved (negative: they cost). */
  readonly gain: number;
  /** Standard error of that mean over the rows' paired differences. */
  readonly se: number;
  /** The penalty search of the set chosen, on the same inner folds `fitScorecard` uses. */
  readonly tuned: Tuned;
}

/**
 * One choice for all the weak attributes (those the false-discovery test leaves out): the
 * selected set and the selected set with the weak ones appended are each tuned along the
 * penalty grid on the same inner folds of the training `rows` (the folds `fitScorecard` tunes
 * on), and the wider set is taken when its held-out deviance is lower; a tie keeps the smaller
 * set. Not the one-standard-error rule: on German credit it almost never admitted the weak set
 * (their gain is a fraction of a deviance per 100 rows, about one standard error), losing
 * what the regression gains from them; where the weak attributes carry nothing (the sample
 * world's CRM, Tech Stack, Founded Year) the wider set loses by one to three standard errors,
 * and the whole selection is repeated in each outer fold, so a noisy admission costs the
 * cross-validated AUC it is judged by (docs/discovery.md, "Weak attributes admitted as one set").
 */
export function chooseAdmission(
  selected: readonly FineAttribute[],
  weak: readonly FineAttribute[],
  y: Uint8Array,
  rows: Int32Array,
  settings: {
    readonly seed: number;
    readonly innerFolds?: number;
    readonly groups?: Int32Array;
    readonly foldRule?: FoldRule;
    readonly grid?: readonly Penalty[];
    readonly start?: { readonly narrow?: TuningStart; readonly wide?: TuningStart };
  },
): Admission {
  const { grid = PENALTY_GRID } = settings;
  const all = [...selected, ...weak].map(termOf);
  const inner = tuningSpace(all, y, rows, settings);
  const narrowTerms = inner.terms.slice(0, selected.length);
  const narrow = tunePenalty(narrowTerms, inner.y, inner.folds, grid, settings.start?.narrow);
  const wide = tunePenalty(inner.terms, inner.y, inner.folds, grid, settings.start?.wide);
  const deviances = (terms: typeof inner.terms, fits: readonly AdditiveFit[]) =>
    inner.folds.flatMap((fold, f) => {
      const eta = additiveLogit(terms, fits[f] as AdditiveFit, inner.y.length);
      return Array.from(fold.test, (i) => rowDeviance(eta[i] as number, inner.y[i] as number));
    });
  const a = deviances(narrowTerms, narrow.innerFits);
  const b = deviances(inner.terms, wide.innerFits);
  const { mean, se } = pairedDifference(a, b);
  const wider = mean > 0;
  return { wider, gain: mean, se, tuned: wider ? wide : narrow };
}

/** Mean of a[i] − b[i] and its standard error. */
function pairedDifference(
  a: readonly number[],
  b: readonly number[],
): { mean: number; se: number } {
  const n = a.length;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d;
    squares += d * d;
  }
  const mean = sum / Math.max(n, 1);
  const se = Math.sqrt(Math.max(squares / Math.max(n, 1) - mean * mean, 0) / Math.max(n - 1, 1));
  return { mean, se };
}

/** −2 log-likelihood of one row. */
function rowDeviance(e: number, y: number): number {
  const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
  return 2 * (softplus - y * e);
}
