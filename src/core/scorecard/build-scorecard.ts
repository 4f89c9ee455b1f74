import { evidenceTable } from '../binning/evidence.js';
import type { BinnedAttribute } from '../binning/types.js';
import { fitLogistic } from '../stats/logistic.js';

/** A fitted points model over binned attributes. */
export interface ScorecardModel {
  /** Indexes into the attributes given, in the order of `coefficients`. */
  readonly attributes: readonly number[];
  readonly coefficients: readonly number[];
  /** Weight of evidence per bin, per used attribute. */
  readonly woe: readonly Float64Array[];
  /** Points per bin, per used attribute: each attribute's worst bin scores 0, all best bins sum to 100. */
  readonly points: readonly Float64Array[];
  /** logit = intercept + score * scale. */
  readonly intercept: number;
  readonly scale: number;
}

export interface ScorecardOptions {
  readonly l2?: number;
  /** Rows to fit on (1) and to leave out (0); all rows when omitted. */
  readonly include?: Uint8Array;
}

/**
 * Fits the scorecard: each attribute enters as the weight of evidence of its bin, a penalised
 * logistic regression weighs them, and each bin's contribution is rescaled to points so that
 * the score runs from 0 to 100 and stays additive.
 *
 * @example const model = buildScorecard(binned, target, { l2: 2 }); scoreRows(model, binned)
 */
export function buildScorecard(
  attrs: readonly BinnedAttribute[],
  y: Uint8Array,
  options: ScorecardOptions = {},
): ScorecardModel {
  const { l2 = 2, include } = options;
  const woeAll = attrs.map((a) =>
    Float64Array.from(evidenceTable(a, y, include).rows.map((r) => r.woe)),
  );
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (!include || include[i] === 1) rows.push(i);
  const used = attrs.map((_, j) => j);
  const p = used.length;
  const X = new Float64Array(rows.length * p);
  const yy = new Uint8Array(rows.length);
  rows.forEach((i, r) => {
    yy[r] = y[i] as number;
    used.forEach((j, c) => {
      X[r * p + c] = (woeAll[j] as Float64Array)[
        (attrs[j] as BinnedAttribute).codes[i] as number
      ] as number;
    });
  });
  const fit = fitLogistic(X, yy, rows.length, p, { l2 });
  // A weight below zero means "given the other attributes, this one counts the other way";
  // the ridge keeps such weights small. Points stay additive and run from 0 to 100 either way.
  const coefficients = used.map((_, c) => fit.coef[c] as number);
  const contributions = used.map((j, c) =>
    (woeAll[j] as Float64Array).map((w) => (coefficients[c] as number) * w),
  );
  const mins = contributions.map((cs) => Math.min(...cs));
  const range = contributions.reduce((s, cs, c) => s + (Math.max(...cs) - (mins[c] as number)), 0);
  const perPoint = range > 0 ? range / 100 : 1;
  const points = contributions.map((cs, c) => cs.map((v) => (v - (mins[c] as number)) / perPoint));
  return {
    attributes: used,
    coefficients,
    woe: used.map((j) => woeAll[j] as Float64Array),
    points,
    intercept: fit.intercept + mins.reduce((s, m) => s + m, 0),
    scale: perPoint,
  };
}

/** Score (0-100) and logit of every row, from the attributes' bin codes. */
export function scoreRows(
  model: ScorecardModel,
  attrs: readonly BinnedAttribute[],
): { score: Float64Array; logit: Float64Array } {
  const n = attrs[0]?.codes.length ?? 0;
  const score = new Float64Array(n);
  model.attributes.forEach((j, c) => {
    const codes = (attrs[j] as BinnedAttribute).codes;
    const pts = model.points[c] as Float64Array;
    for (let i = 0; i < n; i++)
      score[i] = (score[i] as number) + (pts[codes[i] as number] as number);
  });
  const logit = score.map((s) => model.intercept + s * model.scale);
  return { score, logit };
}
