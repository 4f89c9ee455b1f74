import type { ColumnCounts } from '../binning/column-counts.js';
import { type FineAttribute, fineCategorical, fineNumeric } from '../binning/fine-bins.js';
import { chooseAdmission } from '../scorecard/admission.js';
import type { RowPatterns } from '../scorecard/distinct-patterns.js';
import { fitMainEffects, type MainEffects, type Tuning } from '../scorecard/fit-scorecard.js';
import { patternCache } from '../scorecard/fit-space.js';
import type { Tuned, TuningStart } from '../scorecard/tune-penalty.js';
import { groupedFolds, rowsWhere } from '../stats/folds.js';
import { type FoldRule, foldsBy } from '../stats/rank-folds.js';
import type { FoldChoice } from './attribute-selection.js';
import {
  type FoldTail,
  type FoldTailResult,
  type FoldTailsFactory,
  runFoldTail,
  takeAll,
} from './fold-tails.js';
import type { DiscoveryColumns } from './run-discovery.js';

export interface CrossFitInput extends DiscoveryColumns {
  /** The scorecard's attributes, in order. */
  readonly attributes: readonly {
    readonly name: string;
    readonly kind: 'numeric' | 'categorical';
  }[];
  readonly target: Uint8Array;
  /** Rows the models learn from (1); the others (0) are scored by the model fitted on all included rows. All rows when omitted. */
  readonly include?: Uint8Array;
  /** Rows of one group (deals of one account) always share a fold. */
  readonly groups?: Int32Array;
  readonly folds: number;
  readonly seed: number;
  /** How rows are dealt into the outer and inner folds (shuffled by default). */
  readonly foldRule?: FoldRule;
  /** The attributes' fine bins when already cut (they depend on the values only). */
  readonly fine?: readonly FineAttribute[];
  /**
   * The attributes a fold's model may use, chosen on its training rows alone (indexes into the
   * fine bins; `foldSelection`): the selected ones, and the weak ones admitted together when
   * the inner cross-validation shows they help (`chooseAdmission`). Every attribute in every
   * fold when omitted.
   */
  readonly select?: (train: Int32Array) => FoldChoice;
  /** Called as each stage starts (for timing). */
  readonly onStage?: (stage: string) => void;
  /** Where the folds' second parts may run meanwhile (another thread); in turn when omitted. */
  readonly tails?: FoldTailsFactory;
}

export interface CrossFit {
  /** Out-of-fold score (0-100) of each included row; the all-rows model's score of the others. */
  readonly score: Float64Array;
  readonly logit: Float64Array;
  /** What each fold's inner cross-validation chose (then the all-rows model's, when rows were left out). */
  readonly tuning: readonly Tuning[];
  /** Per fit, in the order of `tuning`: whether the weak attributes were admitted. */
  readonly admitted: readonly boolean[];
  /**
   * Every row's pattern of some attributes' fine bins (indexes into them) and outcome, when the
   * fits ran on patterns (from COLLAPSE_ROWS rows on; for the all-rows fit); else undefined.
   */
  readonly patterns: (attributes: readonly number[]) => RowPatterns | undefined;
}

/**
 * Cross-fitting: each included row is scored by a scorecard that never saw it. Everything
 * learned from the outcome (with `select`, which attributes; the penalty, the readable bins,
 * the interactions, the points) is learned again inside each fold, so the cross-validated AUC
 * is not flattered by choices made on the rows it is measured on. Only the fine bins, cut on
 * the values alone, are shared.
 * Pure and seeded: the same input gives the same scores.
 */
export function crossFit(input: CrossFitInput): CrossFit {
  const { attributes, target, folds, seed } = input;
  const n = target.length;
  const include = input.include ?? new Uint8Array(n).fill(1);
  const fine = input.fine ?? attributes.map((a) => fineAttribute(input, a));
  const fold = input.groups
    ? groupedFolds(input.groups, target, folds, seed, include)
    : foldsBy(input.foldRule, target, folds, seed, include);
  const score = new Float64Array(n);
  const logit = new Float64Array(n);
  const tuning: Tuning[] = [];
  const admitted: boolean[] = [];
  // Each fold's penalty search starts where the fold before ended (its attributes' effects,
  // zero for an attribute it did not select): cheaper, the same answers.
  let start: { chosen: readonly number[]; at: TuningStart } | undefined;
  const patterns = patternCache(fine, target);
  const tails = input.tails?.({ fine, target });
  // Each fit's second part, in order: run here at once, or handed to `tails` and taken at the end.
  const pending: FoldTail[] = [];
  const fitAndScore = (train: (i: number) => boolean, take: (i: number) => boolean) => {
    const rows = rowsWhere(n, train);
    if (input.select) input.onStage?.('selection');
    const choice = input.select
      ? input.select(rows)
      : { selected: fine.map((_, j) => j), weak: [] };
    if (choice.selected.length === 0) return baseRate(target, rows, take, { score, logit });
    const { chosen, tuned } = admitWeak(input, fine, choice, rows, start);
    admitted.push(chosen.length > choice.selected.length);
    const first = mainEffects(input, fine, chosen, rows, {
      tuned,
      patterns: patterns(chosen),
      start: start ? startOn(start, chosen, fine) : undefined,
    });
    start = { chosen, at: { penalty: first.tuned.penalty, fit: first.main } };
    // Only the rows this fit scores (a fold's held-out rows are a fifth of the data): its
    // readable codes and interactions' masks are made at those rows alone.
    const tail = { chosen, first, held: rowsWhere(n, take) };
    if (!tails) return finish(tail, runFoldTail(fine, target, tail, input.onStage));
    // The space is not copied to the other thread, nor kept here: found again where needed.
    const lean = { ...tail, first: { ...first, space: undefined } };
    tails.submit(pending.length, lean);
    pending.push(lean);
  };
  const finish = (tail: FoldTail, result: FoldTailResult) => {
    const { interactions, devianceWithout, devianceWith } = result;
    tuning.push({ penalty: tail.first.tuned.penalty, interactions, devianceWithout, devianceWith });
    for (let r = 0; r < tail.held.length; r++) {
      const i = tail.held[r] as number;
      score[i] = result.score[r] as number;
      logit[i] = result.logit[r] as number;
    }
  };
  try {
    for (let k = 0; k < folds; k++) {
      fitAndScore(
        (i) => fold[i] !== k && include[i] === 1,
        (i) => include[i] === 1 && fold[i] === k,
      );
    }
    if (include.some((v) => v === 0))
      fitAndScore(
        (i) => include[i] === 1,
        (i) => include[i] === 0,
      );
    if (tails) {
      input.onStage?.('interactions and joint fits, on another thread');
      const results = takeAll(tails, pending, (tail) =>
        runFoldTail(fine, target, tail, input.onStage),
      );
      for (const [k, tail] of pending.entries()) finish(tail, results[k] as FoldTailResult);
    }
  } finally {
    tails?.close();
  }
  return { score, logit, tuning, admitted, patterns };
}

/** A fold that selects nothing knows only its base rate: its held-out rows (`take`) score alike. */
function baseRate(
  target: Uint8Array,
  rows: Int32Array,
  take: (i: number) => boolean,
  out: { readonly score: Float64Array; readonly logit: Float64Array },
): void {
  let positives = 0;
  for (const i of rows) positives += target[i] as number;
  const p = (positives + 0.5) / (rows.length + 1);
  for (let i = 0; i < target.length; i++) {
    if (!take(i)) continue;
    out.score[i] = 50;
    out.logit[i] = Math.log(p / (1 - p));
  }
}

/** A fit's first part (`fitMainEffects`) on its attributes and rows. */
function mainEffects(
  input: CrossFitInput,
  fine: readonly FineAttribute[],
  chosen: readonly number[],
  rows: Int32Array,
  from: {
    tuned: Tuned | undefined;
    patterns: RowPatterns | undefined;
    start: TuningStart | undefined;
  },
): MainEffects {
  return fitMainEffects(
    chosen.map((j) => fine[j] as FineAttribute),
    input.target,
    rows,
    {
      seed: input.seed,
      ...(input.groups ? { groups: input.groups } : {}),
      ...(input.foldRule ? { foldRule: input.foldRule } : {}),
      ...(from.start ? { start: from.start } : {}),
      ...(from.tuned ? { tuned: from.tuned } : {}),
      ...(from.patterns ? { patterns: from.patterns } : {}),
      ...(input.onStage ? { onStage: input.onStage } : {}),
    },
  );
}

/**
 * A fold's attributes: the selected ones, with the weak ones when its inner folds show they
 * lower the held-out deviance (`chooseAdmission`), and the penalty search of the set chosen.
 */
function admitWeak(
  input: Pick<CrossFitInput, 'target' | 'seed' | 'groups' | 'foldRule'>,
  fine: readonly FineAttribute[],
  choice: FoldChoice,
  rows: Int32Array,
  start: { chosen: readonly number[]; at: TuningStart } | undefined,
): { chosen: readonly number[]; tuned: Tuned | undefined } {
  if (choice.weak.length === 0) return { chosen: choice.selected, tuned: undefined };
  const wide = [...choice.selected, ...choice.weak];
  const of = (set: readonly number[]) => set.map((j) => fine[j] as FineAttribute);
  const decided = chooseAdmission(of(choice.selected), of(choice.weak), input.target, rows, {
    seed: input.seed,
    ...(input.groups ? { groups: input.groups } : {}),
    ...(input.foldRule ? { foldRule: input.foldRule } : {}),
    ...(start
      ? {
          start: {
            narrow: startOn(start, choice.selected, fine),
            wide: startOn(start, wide, fine),
          },
        }
      : {}),
  });
  return { chosen: decided.wider ? wide : choice.selected, tuned: decided.tuned };
}

/**
 * The all-rows model's attributes: the selected ones, and the weak ones after them when most of
 * the folds admitted theirs (as `consensus` takes the penalty most folds chose).
 */
export function admittedSet(
  selected: readonly number[],
  weak: readonly number[],
  admitted: readonly boolean[],
): readonly number[] {
  const most = admitted.filter(Boolean).length * 2 > admitted.length;
  return most ? [...selected, ...weak] : selected;
}

/**
 * A fold's fit as the start of a fit of other attributes (indexes into `fine`, in their
 * order): each attribute's effects where the fold fitted it, zero where it did not. The same
 * attributes in the same order: the fold's own start.
 */
function startOn(
  from: { readonly chosen: readonly number[]; readonly at: TuningStart },
  chosen: readonly number[],
  fine: readonly FineAttribute[],
): TuningStart {
  const { fit } = from.at;
  if (from.chosen.join(',') === chosen.join(',')) return from.at;
  const pick = (arrays: readonly Float64Array[]) =>
    chosen.map((j) => {
      const at = from.chosen.indexOf(j);
      return at >= 0
        ? (arrays[at] as Float64Array)
        : new Float64Array((fine[j] as FineAttribute).bins.length);
    });
  return {
    penalty: from.at.penalty,
    fit: {
      ...fit,
      effects: pick(fit.effects),
      counts: pick(fit.counts),
      information: pick(fit.information),
    },
  };
}

/**
 * The fine bins of a column, cut on every row's value (never on the outcome): about 40
 * equal-frequency bins of at least max(10, 0.2% of rows) for numbers, a bin per level of at
 * least 5 rows for categories. `column`: its distinct values and their rows when counted already.
 */
export function fineAttribute(
  input: DiscoveryColumns,
  attr: { readonly name: string; readonly kind: 'numeric' | 'categorical' },
  column?: ColumnCounts,
): FineAttribute {
  if (attr.kind === 'numeric') {
    const values = input.numbers[attr.name] as Float64Array;
    return fineNumeric(
      attr.name,
      values,
      { maxBins: 40, minCount: Math.max(10, Math.ceil(0.002 * values.length)) },
      column?.kind === 'numeric' ? column.counted : undefined,
    );
  }
  const values = input.texts[attr.name] ?? [];
  const counted = column?.kind === 'categorical' ? column.counted : undefined;
  return fineCategorical(attr.name, values, { minCount: 5 }, counted);
}
