import type { ColumnCounts } from '../binning/column-counts.js';
import type { EvidenceTable } from '../binning/evidence.js';
import type { FineAttribute } from '../binning/fine-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import {
  type ScorecardModel,
  scorecardPoints,
  scoreRows,
  withoutFlatAttributes,
} from '../scorecard/build-scorecard.js';
import type { RowPatterns } from '../scorecard/distinct-patterns.js';
import { consensus, fitScorecard, type Tuning } from '../scorecard/fit-scorecard.js';
import { beamSearch, type Segment } from '../segments/beam-search.js';
import { plattScale } from '../stats/calibrate.js';
import { sigmoid } from '../stats/logistic.js';
import { auc, calibrationError } from '../stats/metrics.js';
import type { FoldRule } from '../stats/rank-folds.js';
import { antiAttributes, findAnti } from './anti-icp.js';
import { evidenceList, measureEvidence } from './attribute-evidence.js';
import { foldSelection } from './attribute-selection.js';
import { admittedSet, crossFit } from './cross-fit.js';
import { earlyVerdict, noModel } from './early-verdict.js';
import type { FoldTailsFactory } from './fold-tails.js';
import { tierThresholds, validate } from './tiers.js';

/** A column counted elsewhere: its distinct values with their rows, and its fine bins on demand. */
export interface CountedColumn {
  readonly column: ColumnCounts;
  fine(): FineAttribute;
}

export interface DiscoveryColumns {
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
}

export interface DiscoveryInput extends DiscoveryColumns {
  /** Candidate attributes, in a stable order. */
  readonly candidates: readonly { name: string; kind: 'numeric' | 'categorical' }[];
  readonly target: Uint8Array;
  /** Anti-ICP: a 0/1 "bad value" outcome on the rows where `include` is 1. */
  readonly anti?: { readonly target: Uint8Array; readonly include: Uint8Array };
  /** Variance inflation for clustered rows (1 = independent). */
  readonly dispersion?: number;
  /** Columns the leakage check would leave out that the user keeps anyway. */
  readonly keep?: readonly string[];
  readonly seed?: number;
  readonly folds?: number;
  readonly maxAttributes?: number;
  /** Rows of one group (deals of one account) share a cross-validation fold. */
  readonly groups?: Int32Array;
  /** How rows are dealt into every cross-validation fold (shuffled by default; see FoldRule). */
  readonly foldRule?: FoldRule;
  /**
   * Columns already counted (by a database, `discover --source`): their distinct values and
   * their fine bins, used instead of counting `numbers` / `texts`.
   */
  readonly counted?: ReadonlyMap<string, CountedColumn>;
  /** false: evidence and segments only, no cross-validated scorecard. */
  readonly model?: boolean;
  /**
   * false: the caller reads the segments and bins, not the evidence tables (the contrast with
   * deals won): the result's evidence list is empty and no interval over `groups` is computed.
   */
  readonly evidence?: boolean;
  /** Called as each stage starts (for timing); never changes the result. */
  readonly onStage?: StageHook;
  /** Where the folds' interactions and joint fits may run meanwhile (another thread); never changes the result. */
  readonly tails?: FoldTailsFactory;
}

/** Told the name of each stage as it starts, so a caller can time them. */
export type StageHook = (stage: string) => void;

/** Tells a stage's start to onStage and, for the stages the user sees, to onProgress. */
export function stageMarker(hooks: {
  readonly onProgress?: (message: string) => void;
  readonly onStage?: StageHook;
}): (stage: string, progress?: string) => void {
  return (stage, progress) => {
    if (progress !== undefined) hooks.onProgress?.(progress);
    hooks.onStage?.(stage);
  };
}

export interface AttributeEvidence {
  readonly table: EvidenceTable;
  readonly pValue: number;
  readonly qValue: number;
  readonly selected: boolean;
}

export type Verdict = {
  kind: 'scorecard' | 'descriptive' | 'insufficient' | 'no_signal';
  reason: string;
};

export interface Validation {
  readonly folds: number;
  readonly auc: number;
  readonly aucInterval: { lo: number; hi: number };
  readonly shareAB: number;
  readonly capturedAB: number;
  readonly rateA: number;
  readonly rateD: number;
  readonly calibrationError: number;
  /** What each fold's inner cross-validation chose. */
  readonly tuning: readonly Tuning[];
}

export interface DiscoveryResult {
  readonly verdict: Verdict;
  readonly evidence: readonly AttributeEvidence[];
  readonly excluded: readonly { attribute: string; reason: string }[];
  /** Sentences for the reader: attributes named like an outcome but kept, leakage kept on request. */
  readonly warnings: readonly string[];
  /** Every usable attribute binned on all rows, on its own: the anti-ICP segments index into these. */
  readonly binned: readonly BinnedAttribute[];
  /**
   * The selected attributes, best first: the segments index into these. With a scorecard, they
   * carry the scorecard's bins (the same objects as `scorecard.attributes`).
   */
  readonly selected: readonly BinnedAttribute[];
  readonly scorecard: ScorecardModel | undefined;
  readonly calibration: { a: number; b: number } | undefined;
  /** Lowest score of tiers A, B, C. */
  readonly tiers: { A: number; B: number; C: number } | undefined;
  readonly validation: Validation | undefined;
  readonly segments: readonly Segment[];
  readonly antiSegments: readonly Segment[];
  readonly positives: number;
  readonly rows: number;
}

export { TIER_SHARES, tierThresholds } from './tiers.js';

/**
 * Discovers the ICP from attribute columns and a target: screens and bins the attributes,
 * measures each one's evidence with a test controlled for false discoveries, fits a
 * cross-validated scorecard when the data allows, chooses tiers, and finds the segments and
 * the anti-ICP. Pure: the same input and seed give the same result.
 */
export function runDiscovery(input: DiscoveryInput): DiscoveryResult {
  const { target, anti, dispersion = 1, seed = 1, folds = 5, model: fitModel = true } = input;
  const { onStage } = input;
  const n = target.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += target[i] as number;
  const found = measureEvidence(input);
  const { fines, ranked } = found;
  const usable = fines.filter((_, j) => !found.leaky.has(j));
  const antiViews = anti
    ? antiAttributes(usable)
    : found.binned.filter((_, j) => !found.leaky.has(j));
  onStage?.('anti-ICP');
  const antiSegments = anti ? findAnti(antiViews, anti, dispersion) : [];
  // Segments and evidence tables see the attributes in the bins they have in the scorecard.
  const describe = (selected: readonly BinnedAttribute[]) => {
    onStage?.('segments');
    return {
      evidence: input.evidence === false ? [] : evidenceList(found, selected, target, input.groups),
      excluded: found.excluded,
      warnings: found.warnings,
      binned: antiViews,
      selected,
      segments:
        selected.length > 0 && positives > 0
          ? beamSearch(selected, target, {
              dispersion,
              maxDepth: 3,
              ...(input.groups ? { groups: input.groups } : {}),
            })
          : [],
      antiSegments,
      positives,
      rows: n,
    };
  };
  const univariate = ranked.map((j) => found.binned[j] as BinnedAttribute);
  const early = earlyVerdict(positives, n - positives, ranked.length, fines.length, fitModel);
  if (early) return { ...describe(univariate), ...noModel(), verdict: early };

  const { cross, set, patterns } = crossFitNested(input, found);
  const chosen = set.map((j) => fines[j] as FineAttribute);
  onStage?.('cross-validated AUC');
  const cv = auc(cross.logit, target);
  if (!(cv.lo > 0.5)) {
    return {
      ...describe(univariate),
      ...noModel(),
      verdict: {
        kind: 'no_signal',
        reason: `the cross-validated AUC is ${cv.auc.toFixed(3)} (95% interval ${cv.lo.toFixed(3)} to ${cv.hi.toFixed(3)}): no better than chance, so no reliable profile`,
      },
    };
  }
  const final = finalModel(chosen, target, cross, cv, { folds, seed, onStage, patterns });
  return {
    ...describe(final.scorecard.attributes),
    verdict: {
      kind: 'scorecard',
      reason: `${positives} positives among ${n} rows; cross-validated AUC ${cv.auc.toFixed(3)}`,
    },
    ...final,
  };
}

/**
 * The cross-validation with the selection inside each fold: the folds choose among the
 * attributes not left out as leakage on all rows, each on its training rows alone, as the
 * final model chooses `ranked` on every row, with the weak ones when most folds admitted
 * theirs (`set`). Also the rows' patterns of `set` for the final fit, when fits run on patterns.
 */
function crossFitNested(
  input: DiscoveryInput,
  found: Pick<ReturnType<typeof measureEvidence>, 'fines' | 'leaky' | 'ranked' | 'weak'>,
) {
  const { target, dispersion = 1, seed = 1, folds = 5, keep = [], maxAttributes = 20 } = input;
  const usableAt = found.fines.flatMap((_, j) => (found.leaky.has(j) ? [] : [j]));
  const candidates = usableAt.map((j) => found.fines[j] as FineAttribute);
  const rule = input.foldRule ? { foldRule: input.foldRule } : {};
  const cross = crossFit({
    ...input,
    attributes: candidates.map((a) => ({ name: a.name, kind: a.kind })),
    fine: candidates,
    select: foldSelection(candidates, target, { dispersion, seed, maxAttributes, ...rule }, keep),
    target,
    folds,
    seed,
    ...stages(input.onStage, 'folds: '),
  });
  const set = admittedSet(found.ranked, found.weak, cross.admitted);
  return { cross, set, patterns: cross.patterns(set.map((j) => usableAt.indexOf(j))) };
}

/**
 * The scorecard fitted on every row with the settings the folds' inner loops chose, its
 * calibration on the out-of-fold logits, its tiers and the cross-validated figures.
 */
function finalModel(
  chosen: readonly FineAttribute[],
  target: Uint8Array,
  cross: ReturnType<typeof crossFit>,
  cv: ReturnType<typeof auc>,
  options: {
    folds: number;
    seed: number;
    onStage: StageHook | undefined;
    patterns: RowPatterns | undefined;
  },
) {
  const { folds, seed, onStage, patterns } = options;
  const all = Int32Array.from({ length: target.length }, (_, i) => i);
  const fitted = fitScorecard(chosen, target, all, {
    seed,
    fixed: consensus(cross.tuning),
    ...(patterns ? { patterns } : {}),
    ...stages(onStage, 'all rows: '),
  });
  onStage?.('points, calibration, tiers');
  const model = withoutFlatAttributes(scorecardPoints(fitted, target));
  const calibration = plattScale(cross.logit, target);
  const oofProb = cross.logit.map((l) => sigmoid(calibration.a * l + calibration.b));
  const tiers = tierThresholds(scoreRows(model).score);
  const validation = validate(cross.score, cv, target, folds, calibrationError(oofProb, target));
  return {
    scorecard: model,
    calibration,
    tiers,
    validation: { ...validation, tuning: cross.tuning },
  };
}

/** The stage hook of a part, its stages named with a prefix. */
function stages(onStage: StageHook | undefined, prefix: string): { onStage?: StageHook } {
  return onStage ? { onStage: (s) => onStage(`${prefix}${s}`) } : {};
}
