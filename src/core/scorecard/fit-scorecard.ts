import { spanBin } from '../binning/bin-numeric.js';
import type { FineAttribute } from '../binning/fine-bins.js';
import {
  DEFAULT_MERGE,
  type MergedAttribute,
  type MergeRule,
  mergedEffects,
  mergeFineBins,
  NUMERIC_MERGE,
} from '../binning/merge-bins.js';
import type { Bin, BinnedAttribute } from '../binning/types.js';
import {
  type AdditiveFit,
  additiveLogit,
  evidenceOf,
  fitAdditive,
  type Penalty,
  type Term,
  termOf,
} from './additive-fit.js';
import { createBackfit } from './backfit.js';
import type { RowPatterns } from './distinct-patterns.js';
import { type FitSpace, fitSpace, rowsSpace } from './fit-space.js';
import { chooseInteractions, tuningSpace } from './inner-cv.js';
import type { FoldRule } from '../stats/rank-folds.js';
import { type InteractionStep, interactionMask, interactionSearch } from './interactions.js';
import { PENALTY_GRID, type Tuned, type TuningStart, tunePenalty } from './tune-penalty.js';
import { withRowLogits } from './row-logits.js';

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
  /** Called as each stage starts (for timing); never changes the fit. */
  readonly onStage?: (stage: string) => void;
}

export interface FittedScorecard {
  /** The attributes' readable bins (codes for every row) and each bin's effect, in input order. */
  readonly attributes: readonly MergedAttribute[];
  /** Interactions kept: two conditions (an attribute and the bin it must fall in), the rows that match, the logit a match adds. */
  readonly interactions: readonly FittedInteraction[];
  readonly intercept: number;
  /** Logit of every row of the data. */
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
 * honestly.
 */
export function fitScorecard(
  fine: readonly FineAttribute[],
  y: Uint8Array,
  rows: Int32Array,
  settings: ScorecardSettings = {},
): FittedScorecard {
  const { maxInteractions = 16, grid = PENALTY_GRID, seed = 1, fixed, onStage } = settings;
  const n = y.length;
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
  const merged = fine.map((f, j) => mergeFineBins(f, evidenceOf(main, j), ruleOf(f, settings)));
  // Interactions name a level of a category, or a run of a number's readable bins.
  const views = merged.map((m) => m.attribute);
  const spaceViews = space.weights
    ? views.map((v) => ({ ...v, codes: space.pick(v.codes) }))
    : views;
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
  const innerViews = inner ? views.map((v) => ({ ...v, codes: inner.pick(v.codes) })) : [];
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
    merged,
    { space, views: spaceViews, n },
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
  return withRowLogits(scorecard, n);
}

/**
 * The main effects and the interactions refitted together (the readable bins stay those of the
 * main-effects fit; the interactions' conditions are cut on them) in the fit's space (rows or
 * patterns, `on.views` the readable bins there); the logit of the `n` rows is `withRowLogits`'.
 */
function joinInteractions(
  merged: readonly MergedAttribute[],
  on: { readonly space: FitSpace; readonly views: readonly BinnedAttribute[]; readonly n: number },
  penalty: Penalty,
  main: AdditiveFit,
  path: readonly InteractionStep[],
): Omit<FittedScorecard, 'tuning' | 'warm' | 'logit'> {
  const { terms, y, rows, weights } = on.space;
  const views = merged.map((m) => m.attribute);
  const fitMasks = path.map((s) => interactionMask(s.term, on.views));
  const masks = weights ? path.map((s) => interactionMask(s.term, views)) : fitMasks;
  const all: Term[] = [
    ...terms,
    ...fitMasks.map((m) => ({ columns: 1, codes: matchCodes(m), chain: [] })),
  ];
  const start: AdditiveFit = {
    ...main,
    effects: [...main.effects, ...path.map((s) => Float64Array.of(s.effect))],
  };
  const joint = path.length > 0 ? fitAdditive(all, y, rows, penalty, start, weights) : main;
  const attributes = merged.map((m, j) => ({
    ...m,
    effects: mergedEffects(m, joint.effects[j] as Float64Array, joint.counts[j] as Float64Array),
  }));
  const interactions = path.map((s, k) => ({
    conditions: s.term.conditions.map((c) => ({
      attribute: c.attribute,
      bin: spanBin((views[c.attribute] as BinnedAttribute).bins, c.from, c.to),
    })),
    mask: masks[k] as Uint8Array,
    effect: (joint.effects[terms.length + k] as Float64Array)[0] as number,
  }));
  return { attributes, interactions, intercept: joint.intercept };
}

/** An interaction's column in the fit: 0 where the mask (0 or 1) matches, -1 (none) elsewhere; a plain loop, not a callback per row. */
function matchCodes(mask: Uint8Array): Int32Array {
  const codes = new Int32Array(mask.length);
  for (let i = 0; i < mask.length; i++) codes[i] = (mask[i] as number) - 1;
  return codes;
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
