import type { Bin, BinnedAttribute } from '../binning/types.js';
import type { FittedScorecard, Tuning } from './fit-scorecard.js';

/** An interaction of the points model: both conditions hold (match) or not. */
export interface ScorecardInteraction {
  /** An attribute (index into `ScorecardModel.attributes`) and the bin its value must fall in. */
  readonly conditions: readonly { readonly attribute: number; readonly bin: Bin }[];
  /** Logit a match adds. */
  readonly effect: number;
  readonly points: { readonly match: number; readonly noMatch: number };
  /** 1 for the rows that match. */
  readonly mask: Uint8Array;
  /** Rows that match, and positives among them. */
  readonly count: number;
  readonly positives: number;
}

/** A fitted points model: additive points per readable bin, plus readable interactions. */
export interface ScorecardModel {
  /** Readable bins (codes for every row of the data), in the order the attributes came. */
  readonly attributes: readonly BinnedAttribute[];
  /** Logit effect per bin, per attribute. */
  readonly effects: readonly Float64Array[];
  /** Points per bin, per attribute: each term's lowest value is 0, all highest values sum to 100. */
  readonly points: readonly Float64Array[];
  readonly interactions: readonly ScorecardInteraction[];
  /** logit = intercept + score * scale. */
  readonly intercept: number;
  readonly scale: number;
  readonly tuning: Tuning;
}

/** A points model without its interactions' counts: what scoring rows needs. */
export type PointsModel = Omit<ScorecardModel, 'interactions'> & {
  readonly interactions: readonly Omit<ScorecardInteraction, 'count' | 'positives'>[];
};

/**
 * Rescales a fitted scorecard to points: each term (attribute or interaction) is shifted so its
 * lowest value scores 0, and all are scaled together so the best record scores 100. The score
 * stays additive and maps back to the logit exactly.
 *
 * @example const model = scorecardPoints(fitScorecard(fine, y, rows), y); scoreRows(model).score
 */
export function scorecardPoints(fitted: FittedScorecard, target: Uint8Array): ScorecardModel {
  const model = pointsOf(fitted);
  return {
    ...model,
    interactions: model.interactions.map((t) => ({ ...t, ...matches(t.mask, target) })),
  };
}

/**
 * `scorecardPoints` without counting each interaction's matched rows and positives over every
 * row of the data (a cross-validation fold's model only scores its held-out rows).
 */
export function pointsOf(fitted: FittedScorecard): PointsModel {
  const attributes = fitted.attributes.map((m) => m.attribute);
  const effects = fitted.attributes.map((m) => m.effects);
  const mins = [
    ...effects.map((e) => Math.min(...e)),
    ...fitted.interactions.map((s) => Math.min(s.effect, 0)),
  ];
  const range =
    effects.reduce((s, e) => s + (Math.max(...e) - Math.min(...e)), 0) +
    fitted.interactions.reduce((s, t) => s + Math.abs(t.effect), 0);
  const perPoint = range > 0 ? range / 100 : 1;
  const points = effects.map((e, j) => e.map((v) => (v - (mins[j] as number)) / perPoint));
  const interactions = fitted.interactions.map((s) => ({
    conditions: s.conditions,
    effect: s.effect,
    points: {
      match: Math.max(s.effect, 0) / perPoint,
      noMatch: Math.max(-s.effect, 0) / perPoint,
    },
    mask: s.mask,
  }));
  return {
    attributes,
    effects,
    points,
    interactions,
    intercept: fitted.intercept + mins.reduce((s, m) => s + m, 0),
    scale: perPoint,
    tuning: fitted.tuning,
  };
}

/** The rows a mask matches and the positives among them. */
function matches(mask: Uint8Array, target: Uint8Array): { count: number; positives: number } {
  let count = 0;
  let positives = 0;
  // Masks and outcomes are 0 or 1: whole numbers added without a branch per row (a match is
  // as likely as not, so a branch mispredicts), the same counts.
  for (let i = 0; i < mask.length; i++) {
    count += mask[i] as number;
    positives += (mask[i] as number) & (target[i] as number);
  }
  return { count, positives };
}

/** Score (0-100) and logit of every row, from the attributes' bin codes and the interactions' matches. */
export function scoreRows(model: PointsModel): { score: Float64Array; logit: Float64Array } {
  const n = model.attributes[0]?.codes.length ?? 0;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return scoreRowsAt(model, rows);
}

/**
 * Score and logit at some rows only (indexes, in any order; `scoreRows` is every row), each row's
 * terms added in the same order whatever the rows asked, at the cost of those rows. A
 * cross-validation fold scores its held-out rows with it.
 */
export function scoreRowsAt(
  model: PointsModel,
  rows: Int32Array,
): { score: Float64Array; logit: Float64Array } {
  const score = new Float64Array(rows.length);
  model.attributes.forEach((a, j) => {
    const pts = model.points[j] as Float64Array;
    for (let r = 0; r < rows.length; r++)
      score[r] = (score[r] as number) + (pts[a.codes[rows[r] as number] as number] as number);
  });
  for (const t of model.interactions) {
    // A mask is 0 or 1: its points looked up rather than chosen by a branch per row.
    const pts = Float64Array.of(t.points.noMatch, t.points.match);
    const mask = t.mask;
    for (let r = 0; r < rows.length; r++)
      score[r] = (score[r] as number) + (pts[mask[rows[r] as number] as number] as number);
  }
  const logit = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++)
    logit[r] = model.intercept + (score[r] as number) * model.scale;
  return { score, logit };
}

/**
 * The model without attributes whose points ended flat (every bin the same: the fit found
 * nothing they add to the others), unless an interaction names them.
 */
export function withoutFlatAttributes(model: ScorecardModel): ScorecardModel {
  const named = new Set(model.interactions.flatMap((t) => t.conditions.map((c) => c.attribute)));
  const keep = model.points
    .map((p, j) => ({ j, flat: Math.max(...p) - Math.min(...p) <= 1e-9 }))
    .filter(({ j, flat }) => !flat || named.has(j))
    .map(({ j }) => j);
  const index = new Map(keep.map((j, k) => [j, k]));
  return {
    ...model,
    attributes: keep.map((j) => model.attributes[j] as BinnedAttribute),
    effects: keep.map((j) => model.effects[j] as Float64Array),
    points: keep.map((j) => model.points[j] as Float64Array),
    interactions: model.interactions.map((t) => ({
      ...t,
      conditions: t.conditions.map((c) => ({ ...c, attribute: index.get(c.attribute) as number })),
    })),
  };
}
