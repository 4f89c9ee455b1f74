import type { FineAttribute } from '../binning/fine-bins.js';
import {
  DEFAULT_MERGE,
  type MergedAttribute,
  type MergeRule,
  mergeBins,
  NUMERIC_MERGE,
} from '../binning/merge-bins.js';
import type { Bin, BinnedAttribute } from '../binning/types.js';
import type { FoldRule } from '../stats/rank-folds.js';
import {
  type AdditiveFit,
  additiveLogit,
  evidenceOf,
  fitAdditive,
  type Penalty,
  termOf,
} from './additive-fit.js';
import { createBackfit } from './backfit.js';
import type { RowPatterns } from './distinct-patterns.js';
import { type FitSpace, fitSpace, rowsSpace } from './fit-space.js';
import { chooseInteractions, type TuningSpace, tuningSpace } from './inner-cv.js';
import { type InteractionStep, interactionSearch } from './interactions.js';
import { joinInteractions } from './join-interactions.js';
import { readableViews } from './readable-views.js';
import { withRowLogits } from './row-logits.js';
import { PENALTY_GRID, type Tuned, type TuningStart, tunePenalty } from './tune-penalty.js';

export interface ScorecardSettings {
  /**
   * Inner folds that choose the penalty and the number of interactions: 3, or 2 from 20,000
   * rows on (halves of that many rows judge settings as surely, at half the cost).
   */
  readonly innerFolds?: number;
  /** When neighbouring fine bins stay apart in the readable bins (DEFAULT_MERGE when omitted). */
  readonly merge?: MergeRule;
  /** Most interactions tried. */
  readonly maxInteractions?: number;
  readonly grid?: readonly Penalty[];
  readonly seed?: number;
  /** Rows of one group share an inner fold. */
  readonly groups?: Int32Array;
  /** How rows are dealt into the inner folds (shuffled by default). */
  readonly foldRule?: FoldRule;
  /**
   * Settings chosen elsewhere (by the cross-validation folds' own inner loops): no inner
   * cross-validation is run then.
   */
  readonly fixed?: { readonly penalty: Penalty; readonly interactions: number };
  /** Where the penalty search may start (a neighbouring fold's `warm`): cheaper, same answer. */
  readonly start?: TuningStart;
  /** The penalty search already run on these attributes' inner folds (`chooseAdmission`'s). */
  readonly tuned?: Tuned;
  /** Every row's pattern (`rowPatterns` of the fine bins and y), when several fits share them. */
  readonly patterns?: RowPatterns;
  /**
   * The rows (indexes into the data, in order) the fitted scorecard's readable codes, masks and
   * logits are for (a cross-validation fold's held-out rows); every row of the data when
   * omitted. The fit is the same either way.
   */
  readonly at?: Int32Array;
  /** Called as each stage starts (for timing); never changes the fit. */
  readonly onStage?: (stage: string) => void;
}

export interface FittedScorecard {
  /** The attributes' readable bins (codes for every row, or the rows `at`) and each bin's effect, in input order. */
  readonly attributes: readonly MergedAttribute[];
  /** Interactions kept: two conditions (an attribute and the bin it must fall in), the rows that match, the logit a match adds. */
  readonly interactions: readonly FittedInteraction[];
  readonly intercept: number;
  /** Logit of every row of the data (of the rows `at` with `at`). */
  readonly logit: Float64Array;
  readonly tuning: Tuning;
  /** The chosen penalty and the main-effects fit, to start a neighbouring fold's search from. */
  readonly warm: TuningStart;
}

/** What the inner cross-validation chose, and on what evidence. */
export interface Tuning {
  readonly penalty: Penalty;
  readonly interactions: number;
  /** Mean held-out deviance per row without interactions and with the chosen ones. */
  readonly devianceWithout: number;
  readonly devianceWith: number;
}

export interface FittedInteraction {
  readonly conditions: readonly { readonly attribute: number; readonly bin: Bin }[];
  readonly mask: Uint8Array;
  readonly effect: number;
}

/**
 * Fits the scorecard on `rows`, choosing everything inside them: the penalty by inner
 * cross-validation, readable bins by merging fine bins the evidence does not tell apart, and
 * interactions by forward search, as many as inner cross-validation shows to help beyond
 * noise. Rows outside `rows` are never looked at for their outcome, so they can be scored
 * honestly. In two parts (`fitMainEffects`, then `fitInteractions`), so a caller may run the
 * second elsewhere: the main effects are all a neighbouring fold's search starts from.
 */
export function fitScorecard(
  fine: readonly FineAttribute[],
  y: Uint8Array,
  rows: Int32Array,
  settings: ScorecardSettings = {},
): FittedScorecard {
  return fitInteractions(fine, y, fitMainEffects(fine, y, rows, settings), settings);
}

/** A scorecard's first part: the penalty chosen, the fit space, the main-effects fit on it. */
export interface MainEffects {
  readonly tuned: Tuned;
  /** The inner cross-validation's tuning rows and folds (undefined with `fixed` settings). */
  readonly inner: TuningSpace | undefined;
  /** The space the fits ran on; when omitted, found again from `rows` and `patterns` (the same space). */
  readonly space?: FitSpace | undefined;
  readonly rows: Int32Array;
  readonly patterns: RowPatterns | undefined;
  readonly main: AdditiveFit;
}

/** The penalty (inner cross-validation, or `tuned`, or `fixed`) and the main-effects fit on `rows`. */
export function fitMainEffects(
  fine: readonly FineAttribute[],
  y: Uint8Array,
  rows: Int32Array,
  settings: ScorecardSettings = {},
): MainEffects {
  const { grid = PENALTY_GRID, seed = 1, fixed, onStage } = settings;
  onStage?.('penalty (inner CV)');
  const terms = fine.map(termOf);
  const inner = fixed ? undefined : tuningSpace(terms, y, rows, { ...settings, seed });
  const tuned = inner
    ? (settings.tuned ?? tunePenalty(inner.terms, inner.y, inner.folds, grid, settings.start))
    : { penalty: (fixed as { penalty: Penalty }).penalty, deviance: [], innerFits: [] };
  onStage?.('main-effects fit');
  // From COLLAPSE_ROWS rows on, the fits and the search run on the rows' distinct patterns.
  const space = fitSpace(terms, y, rows, settings.patterns);
  const main = fitAdditive(
    space.terms,
    space.y,
    space.rows,
    tuned.penalty,
    tuned.innerFits[0],
    space.weights,
  );
  return { tuned, inner, space, rows, patterns: settings.patterns, main };
}

/**
 * A scorecard's second part, from its main effects: the readable bins, the interactions the
 * inner cross-validation keeps, the joint fit.
 */
export function fitInteractions(
  fine: readonly FineAttribute[],
  y: Uint8Array,
  first: MainEffects,
  settings: Pick<ScorecardSettings, 'maxInteractions' | 'fixed' | 'merge' | 'at' | 'onStage'>,
): FittedScorecard {
  const { maxInteractions = 16, fixed, onStage } = settings;
  const { tuned, inner, main } = first;
  const space = first.space ?? fitSpace(fine.map(termOf), y, first.rows, first.patterns);
  const bins = fine.map((f, j) => mergeBins(f, evidenceOf(main, j), ruleOf(f, settings)));
  // Interactions name a level of a category, or a run of a number's readable bins; their codes
  // are made at the rows each step reads (every row only when the fit runs on rows, or no
  // `at` is given).
  const readable = readableViews(fine, bins);
  const spaceViews = space.source ? readable.at(space.source) : readable.every();
  const among = strongest(main, PAIRED_ATTRIBUTES);
  const search = (
    on: FitSpace,
    viewsOn: readonly BinnedAttribute[],
    fit: AdditiveFit,
    eta: Float64Array,
  ) => {
    const backfit = createBackfit(on.terms, on.y, on.rows, tuned.penalty, fit.effects, on.weights);
    return interactionSearch(viewsOn, on.y, on.rows, eta, {
      minCount: Math.max(30, Math.ceil(0.005 * on.size)),
      ridge: tuned.penalty.ridge,
      adjust: (j, e) => backfit.step(j, e),
      among,
      ...(on.weights ? { weights: on.weights } : {}),
    });
  };
  onStage?.('interactions');
  const innerViews = inner ? readable.at(inner.source) : [];
  const chosen = inner
    ? chooseInteractions(
        inner.folds.map((fold, f) => {
          const fit = tuned.innerFits[f] as AdditiveFit;
          const eta = additiveLogit(inner.terms, fit, inner.y.length);
          const on = rowsSpace(inner.terms, inner.y, fold.train);
          return { fold, eta, search: search(on, innerViews, fit, eta) };
        }),
        inner.y,
        maxInteractions,
      )
    : { count: fixed?.interactions ?? 0, without: Number.NaN, with: Number.NaN };
  const final = search(space, spaceViews, main, additiveLogit(space.terms, main, space.y.length));
  const path: InteractionStep[] = [];
  for (let next = final.step(); next && path.length < chosen.count; next = final.step())
    path.push(next);
  onStage?.('joint fit');
  const fitted = joinInteractions(
    bins,
    { space, views: spaceViews, rows: settings.at ? readable.at(settings.at) : readable.every() },
    tuned.penalty,
    main,
    path,
  );
  const scorecard = {
    ...fitted,
    warm: { penalty: tuned.penalty, fit: main },
    tuning: {
      penalty: tuned.penalty,
      interactions: path.length,
      devianceWithout: chosen.without,
      devianceWith: chosen.with,
    },
  };
  return withRowLogits(scorecard, settings.at?.length ?? y.length);
}

/**
 * The settings most inner loops chose: the most frequent penalty (ties: the stronger) and the
 * median number of interactions (the lower of two middles).
 */
export function consensus(tunings: readonly Tuning[]): {
  penalty: Penalty;
  interactions: number;
} {
  const votes = new Map<Penalty, number>();
  for (const t of tunings) {
    const same = [...votes.keys()].find(
      (p) => p.ridge === t.penalty.ridge && p.smooth === t.penalty.smooth,
    );
    votes.set(same ?? t.penalty, (votes.get(same ?? t.penalty) ?? 0) + 1);
  }
  const penalty =
    [...votes.entries()].sort((a, b) => b[1] - a[1] || b[0].ridge - a[0].ridge)[0]?.[0] ??
    (PENALTY_GRID[2] as Penalty);
  const counts = tunings.map((t) => t.interactions).sort((a, b) => a - b);
  return { penalty, interactions: counts[Math.floor((counts.length - 1) / 2)] ?? 0 };
}

/** Attributes whose pairs the interaction search tries: the strongest, by main effect. */
export const PAIRED_ATTRIBUTES = 8;

/** The `k` attributes whose effects vary most over the rows (row-weighted standard deviation), in input order. */
function strongest(fit: AdditiveFit, k: number): number[] {
  const spread = fit.effects.map((e, j) => {
    const w = fit.counts[j] as Float64Array;
    let total = 0;
    let mean = 0;
    e.forEach((v, c) => {
      total += w[c] as number;
      mean += (w[c] as number) * v;
    });
    mean /= Math.max(total, 1);
    let variance = 0;
    e.forEach((v, c) => {
      variance += (w[c] as number) * (v - mean) ** 2;
    });
    return { j, sd: Math.sqrt(variance / Math.max(total, 1)) };
  });
  return spread
    .sort((a, b) => b.sd - a.sd || a.j - b.j)
    .slice(0, k)
    .map((x) => x.j)
    .sort((a, b) => a - b);
}

/** How an attribute's fine bins become readable ones: the settings' rule, else by its kind. */
function ruleOf(f: FineAttribute, settings: { readonly merge?: MergeRule }): MergeRule {
  return settings.merge ?? (f.kind === 'numeric' ? NUMERIC_MERGE : DEFAULT_MERGE);
}
