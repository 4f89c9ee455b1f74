import type { FineAttribute } from '../binning/fine-bins.js';
import type { FoldRule } from '../stats/rank-folds.js';
import { type AdditiveFit, additiveLogit, type Penalty, termOf } from './additive-fit.js';
import { heldOutDeviances, pairedDifference, tuningSpace } from './inner-cv.js';
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
 * set. Not the one-standard-error rule the interactions use: on German credit the weak set's
 * gain is a fraction of its standard error, so that rule almost never admitted it and lost what
 * the regression gains from those attributes; where the weak attributes carry nothing (the
 * sample world's CRM, Tech Stack, Founded Year) the wider set loses by one to three standard
 * errors and stays out (docs/discovery.md, "Weak attributes admitted as one set").
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
  const held = (terms: typeof inner.terms, fits: readonly AdditiveFit[]) =>
    heldOutDeviances(
      inner.folds.map((fold, f) => ({
        fold,
        eta: additiveLogit(terms, fits[f] as AdditiveFit, inner.y.length),
      })),
      inner.y,
    );
  const { mean, se } = pairedDifference(
    held(narrowTerms, narrow.innerFits),
    held(inner.terms, wide.innerFits),
  );
  const wider = mean > 0;
  return { wider, gain: mean, se, tuned: wider ? wide : narrow };
}
