import { conditionLabel } from './conditions.js';
import type { IcpDefinition, ScorecardAttribute, ScorecardInteraction } from './definition.js';
import { toBin } from './to-bins.js';

/**
 * What every scoring path (the library's `scoreRecord`, the SQL of `compileScoreSql`) derives
 * from an ICP before it sees a record, computed once here so that the paths cannot differ:
 * each attribute's weight for coverage, each bin's reason text and rank, and each bin's
 * near-miss gain. Pure; no record goes in.
 */

/** Share of the scorecard's weight a record must have observed to get a tier, unless the ICP says otherwise. */
export const DEFAULT_MIN_COVERAGE = 0.5;

/** Points short of the next tier that can count as a near miss (see `PlannedBin.gain`). */
export const NEAR_MISS_POINTS = 2;

/** How many reasons for, and how many against, a record's explanation names. */
export const REASONS_EACH_WAY = 3;

/**
 * A bin is a reason only when its points differ from the attribute's average by at least this
 * much (as shown, to one decimal): "+0.1 points" tells a seller nothing.
 */
export const REASON_MIN_POINTS = 0.5;

export interface PlannedBin {
  readonly label: string;
  readonly points: number;
  /** The "missing" bin: the record has no value for the attribute. */
  readonly missing: boolean;
  /** Points minus the attribute's average points over the training rows. */
  readonly versusAverage: number;
  /** "Industry = Fintech: +11.2 points vs average (ideal customers 2.3x as common as overall)". */
  readonly text: string;
  /**
   * Place among every bin of the scorecard that differs from its attribute's average by at
   * least REASON_MIN_POINTS: strongest for first, strongest against last. Null for a bin
   * closer to average, which is never a reason.
   */
  readonly rank: number | null;
  /**
   * The most points one move could add: a numeric value moving to the next bin on either
   * side. 0 when no move adds points (categories, missing values, the best bin).
   */
  readonly gain: number;
  /** The condition that move reaches ("Employees 754 – 2,251"), or null when gain is 0. */
  readonly gainTo: string | null;
}

export interface PlannedAttribute {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** This attribute's share of the scorecard's weight (all shares sum to 1). */
  readonly weight: number;
  readonly bins: readonly PlannedBin[];
  /** Index of the missing bin. */
  readonly missingBin: number;
}

/**
 * An interaction as scoring sees it: three bins, 0 "no match", 1 "match" (every condition
 * holds) and 2 "not known" (a value it needs is missing: the interaction's average points, never
 * a reason; see `interactionBin`). It carries points and reasons like an attribute, but no
 * weight: coverage counts the attributes a record has, and the interaction reads those.
 */
export interface PlannedInteraction {
  readonly label: string;
  readonly conditions: ScorecardInteraction['conditions'];
  readonly bins: readonly [PlannedBin, PlannedBin, PlannedBin];
}

export interface ScorePlan {
  readonly attributes: readonly PlannedAttribute[];
  /** `scorecard.interactions`, scored after the attributes in this order. */
  readonly interactions: readonly PlannedInteraction[];
  /** Reason texts by rank. */
  readonly ranked: readonly string[];
  /** Ranks below this are reasons for (points above average); the rest are against. */
  readonly forCount: number;
  readonly minCoverage: number;
  readonly tiers: { readonly A: number; readonly B: number; readonly C: number };
}

/**
 * What carries points, in scoring order: the attributes, then the interactions. Unit i's bin is
 * the SQL's `__icp_b<i>`.
 */
export function scoringUnits(
  plan: Pick<ScorePlan, 'attributes' | 'interactions'>,
): readonly { readonly bins: readonly PlannedBin[] }[] {
  return [...plan.attributes, ...plan.interactions];
}

const plans = new WeakMap<IcpDefinition, ScorePlan>();

/**
 * The scoring plan of an ICP with a scorecard and tiers (cached per ICP object).
 *
 * @example scorePlan(icp).attributes[0].weight // => 0.36
 */
export function scorePlan(icp: IcpDefinition): ScorePlan {
  const cached = plans.get(icp);
  if (cached) return cached;
  const card = icp.scorecard;
  const tiers = icp.tiers;
  if (!card || !tiers)
    throw new RangeError(
      `this ICP has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason})`,
    );
  const noun = POSITIVE_NOUN[icp.target.kind];
  const spreads = card.attributes.map(pointSpread);
  const total = spreads.reduce((s, w) => s + w, 0);
  const planned = card.attributes.map((attr, i) => {
    const average = averagePoints(attr);
    const bins = attr.bins.map((b, j) => ({
      label: b.bin.label,
      points: b.points,
      missing: b.bin.kind === 'missing',
      versusAverage: b.points - average,
      text: reasonText(attr, j, b.points - average, noun),
      rank: null as number | null,
      ...bestMove(attr, j),
    }));
    return {
      name: attr.name,
      kind: attr.kind,
      // Every attribute counts alike when no attribute moves a score (a degenerate scorecard).
      weight: total > 0 ? (spreads[i] as number) / total : 1 / card.attributes.length,
      bins,
      missingBin: attr.bins.findIndex((b) => b.bin.kind === 'missing'),
    };
  });
  const interactions = (card.interactions ?? []).map((t) => planInteraction(t, noun));
  // Attributes, then interactions: unit i of the reasons and of the SQL's bin columns.
  const units = scoringUnits({ attributes: planned, interactions });
  // One order for every path: by points against average, then scorecard order, then bin order.
  const order = units
    .flatMap((a, i) => a.bins.map((b, j) => ({ i, j, d: b.versusAverage })))
    .filter((x) => Number(Math.abs(x.d).toFixed(1)) >= REASON_MIN_POINTS)
    .sort((x, y) => y.d - x.d || x.i - y.i || x.j - y.j);
  order.forEach((x, rank) => {
    (units[x.i]!.bins[x.j] as { rank: number | null }).rank = rank;
  });
  const plan: ScorePlan = {
    attributes: planned,
    interactions,
    ranked: order.map((x) => units[x.i]!.bins[x.j]!.text),
    forCount: order.filter((x) => x.d > 0).length,
    minCoverage: tiers.min_coverage ?? DEFAULT_MIN_COVERAGE,
    tiers: { A: tiers.A, B: tiers.B, C: tiers.C },
  };
  plans.set(icp, plan);
  return plan;
}

/** What a positive unit of each target is called in a reason. */
const POSITIVE_NOUN: Record<IcpDefinition['target']['kind'], string> = {
  ideal: 'ideal customers',
  won: 'won deals',
  retained: 'retained customers',
  column: 'positives',
};

/**
 * An attribute's weight: how much its points vary across the training rows (the standard
 * deviation of the points of its bins, weighted by their row counts). An attribute that moves
 * scores a lot weighs a lot; one whose bins all carry about the same points weighs little, so
 * not knowing it costs little. A hand-written ICP without counts weighs its bins alike.
 */
function pointSpread(attr: ScorecardAttribute): number {
  const counted = attr.bins.some((b) => b.count > 0);
  const w = attr.bins.map((b) => (counted ? b.count : 1));
  const n = w.reduce((s, x) => s + x, 0);
  const mean = attr.bins.reduce((s, b, j) => s + (w[j] as number) * b.points, 0) / n;
  const variance =
    attr.bins.reduce((s, b, j) => s + (w[j] as number) * (b.points - mean) ** 2, 0) / n;
  return Math.sqrt(variance);
}

/** The attribute's average points over the training rows (0 without counts). */
function averagePoints(attr: ScorecardAttribute): number {
  const total = attr.bins.reduce((s, b) => s + b.count, 0);
  return total > 0 ? attr.bins.reduce((s, b) => s + b.points * b.count, 0) / total : 0;
}

/**
 * A bin's reason, readable on its own: the condition, its points against average, and the
 * training evidence behind them when that points the same way (a bin can score above average
 * while its own rate is below the base rate, through the scorecard's fit and the other
 * attributes; the evidence would then contradict the points, so it is left out, as is a lift
 * that shows as 1.0x).
 */
function reasonText(attr: ScorecardAttribute, j: number, versusAverage: number, noun: string) {
  const head = `${conditionLabel(attr.name, toBin(attr.bins[j]!.bin))}: ${pointsVsAverage(versusAverage)}`;
  return withEvidence(head, attr.bins, j, versusAverage >= 0, noun);
}

/** "+11.2 points vs average", "-3.0 points vs average". */
function pointsVsAverage(versusAverage: number): string {
  return `${versusAverage >= 0 ? '+' : '-'}${Math.abs(versusAverage).toFixed(1)} points vs average`;
}

/** The reason's head with the training evidence of cell j among `cells`, as `reasonText` says. */
function withEvidence(
  head: string,
  cells: readonly { count: number; positives: number }[],
  j: number,
  up: boolean,
  noun: string,
): string {
  const b = cells[j]!;
  const n = cells.reduce((s, x) => s + x.count, 0);
  const positives = cells.reduce((s, x) => s + x.positives, 0);
  if (b.count === 0 || positives === 0) return head;
  if (b.positives === 0)
    return up ? head : `${head} (no ${noun} among ${b.count.toLocaleString('en-US')} in training)`;
  const lift = b.positives / b.count / (positives / n);
  const shown = (lift >= 1 ? lift : 1 / lift).toFixed(1);
  if (shown === '1.0' || lift >= 1 !== up) return head;
  return lift >= 1
    ? `${head} (${noun} ${shown}x as common as overall)`
    : `${head} (${noun} ${shown}x rarer than overall)`;
}

/**
 * An interaction's bins: "no match" (index 0) labelled "not (label)", "match" (1) labelled with
 * the interaction's own label ("Industry = Fintech and Employees 200 – 2,000"), with reasons and
 * their evidence as an attribute's bins have them; and "not known" (2) at the average points.
 */
function planInteraction(t: ScorecardInteraction, noun: string): PlannedInteraction {
  const cells = [t.no_match, t.match];
  const n = cells.reduce((s, c) => s + c.count, 0);
  const average = n > 0 ? cells.reduce((s, c) => s + c.points * c.count, 0) / n : 0;
  const bin = (label: string, points: number, text: (head: string, up: boolean) => string) => {
    const versusAverage = points - average;
    return {
      label,
      points,
      missing: false,
      versusAverage,
      text: text(`${label}: ${pointsVsAverage(versusAverage)}`, versusAverage >= 0),
      rank: null,
      gain: 0,
      gainTo: null,
    };
  };
  const cell = (j: 0 | 1, label: string) =>
    bin(label, cells[j]!.points, (head, up) => withEvidence(head, cells, j, up, noun));
  return {
    label: t.label,
    conditions: t.conditions,
    bins: [
      cell(0, `not (${t.label})`),
      cell(1, t.label),
      bin(`${t.label} not known`, average, (head) => head),
    ],
  };
}

/**
 * The most points one move from bin j adds: a number moving into the next bin on either side
 * (a company grows or shrinks across one boundary). A category does not move, and filling in a
 * missing value is not one bin's move, so neither counts.
 */
function bestMove(attr: ScorecardAttribute, j: number): { gain: number; gainTo: string | null } {
  const bins = attr.bins;
  const here = bins[j]!;
  const reachable =
    here.bin.kind === 'range' ? [j - 1, j + 1].filter((k) => bins[k]?.bin.kind === 'range') : [];
  let best = { gain: 0, gainTo: null as string | null };
  for (const k of reachable) {
    const gain = bins[k]!.points - here.points;
    if (gain > best.gain) best = { gain, gainTo: conditionLabel(attr.name, toBin(bins[k]!.bin)) };
  }
  return best;
}

/**
 * Rounds half up at `digits` decimals the same way in every path (the SQL writes
 * `floor(x * 10^digits + 0.5) / 10^digits` over doubles), so rounded values compare equal.
 */
export function roundHalfUp(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.floor(x * f + 0.5) / f;
}

/** Decimals of a score, and of a probability or coverage, as every path returns them. */
export const SCORE_DECIMALS = 1;
export const SHARE_DECIMALS = 4;

/** "A", "A and B", "A, B and C". */
export function andList(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Why a record got tier "unknown": "too little is known: Industry and Employees are missing". */
export function unknownReason(missing: readonly string[]): string {
  return `too little is known: ${andList(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`;
}
