import { assignCategoricalBin, binCategorical } from '../binning/bin-categorical.js';
import { assignNumericBin, binNumeric } from '../binning/bin-numeric.js';
import type { BinnedAttribute } from '../binning/types.js';
import { buildScorecard, scoreRows } from '../scorecard/build-scorecard.js';
import { groupedFolds, stratifiedFolds } from '../stats/folds.js';
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
}

export interface CrossFit {
  /** Out-of-fold score (0-100) of each included row; the all-rows model's score of the others. */
  readonly score: Float64Array;
  readonly logit: Float64Array;
  /** Ridge penalty used: stronger on small data. */
  readonly l2: number;
}

/** Ridge penalty of the scorecard fit: stronger shrinkage when positives are few. */
export const scorecardPenalty = (positives: number) => 2 + 400 / Math.max(positives, 1);

/**
 * Cross-fitting: each included row is scored by a scorecard that never saw it (its fold left
 * out, bins re-cut on the other folds), so tiers built on these scores do not flatter the rows
 * the ICP was learned from. Pure and seeded: the same input gives the same scores.
 */
export function crossFit(input: CrossFitInput): CrossFit {
  const { attributes, target, folds, seed } = input;
  const n = target.length;
  const include = input.include ?? new Uint8Array(n).fill(1);
  let positives = 0;
  for (let i = 0; i < n; i++) if (include[i] === 1) positives += target[i] as number;
  const l2 = scorecardPenalty(positives);
  const fold = input.groups
    ? groupedFolds(input.groups, target, folds, seed, include)
    : stratifiedFolds(target, folds, seed, include);
  const score = new Float64Array(n);
  const logit = new Float64Array(n);
  const fitAndScore = (train: Uint8Array, take: (i: number) => boolean) => {
    const attrs = attributes.map((a) => binOnRows(input, a, target, train));
    const model = buildScorecard(attrs, target, { l2, include: train });
    const scored = scoreRows(model, attrs);
    for (let i = 0; i < n; i++) {
      if (!take(i)) continue;
      score[i] = scored.score[i] as number;
      logit[i] = scored.logit[i] as number;
    }
  };
  for (let k = 0; k < folds; k++) {
    const train = Uint8Array.from(fold, (f, i) => (f !== k && include[i] === 1 ? 1 : 0));
    fitAndScore(train, (i) => include[i] === 1 && fold[i] === k);
  }
  if (include.some((v) => v === 0)) fitAndScore(include, (i) => include[i] === 0);
  return { score, logit, l2 };
}

/** Bins an attribute on the given rows only, then places every row with those bins. */
export function binOnRows(
  input: DiscoveryColumns,
  attr: { readonly name: string; readonly kind: 'numeric' | 'categorical' },
  target: Uint8Array,
  train: Uint8Array,
): BinnedAttribute {
  const rows: number[] = [];
  for (let i = 0; i < train.length; i++) if (train[i] === 1) rows.push(i);
  const y = Uint8Array.from(rows, (i) => target[i] as number);
  if (attr.kind === 'numeric') {
    const all = input.numbers[attr.name] as Float64Array;
    const fitted = binNumeric(
      attr.name,
      Float64Array.from(rows, (i) => all[i] as number),
      y,
    );
    return { ...fitted, codes: Int32Array.from(all, (v) => assignNumericBin(fitted.bins, v)) };
  }
  const all = input.texts[attr.name] ?? [];
  const fitted = binCategorical(
    attr.name,
    rows.map((i) => all[i] ?? null),
    y,
  );
  return { ...fitted, codes: Int32Array.from(all, (v) => assignCategoricalBin(fitted.bins, v)) };
}
