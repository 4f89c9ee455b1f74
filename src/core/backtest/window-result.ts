import type { IcpDefinition } from '../icp/definition.js';
import type { Reason, RecordScore } from '../icp/record-score.js';
import { accountRate } from '../stats/account-rate.js';
import { auc, calibrationError } from '../stats/metrics.js';
import { benjaminiHochberg, normalTail } from '../stats/multiple-testing.js';
import { TIER_KEYS, type TierKey } from '../icp/tiers.js';
import type { RateWithInterval } from '../stats/rate.js';

/**
 * What one backtest window says, computed from the units scored after its date: the outcome
 * `y` of each and the ICP's score of it (`scoreRecord`). The pipeline reads the units; all the
 * arithmetic is here, without a database.
 */

/** A tier's units (`n`) and the share of them that turned out positive (`rate`, 95% Wilson interval). */
export interface BacktestTier extends RateWithInterval {
  readonly tier: TierKey;
  readonly positives: number;
  /** Share of all scored units in this tier, and of all positives. */
  readonly share: number;
  readonly captured: number;
  /** What the ICP predicted: the mean calibrated probability in this tier. */
  readonly predicted: number;
}

/** A bin of a scorecard attribute where the outcomes after the date departed from the ICP's prediction. */
export interface Miss {
  readonly attribute: string;
  readonly bin: string;
  readonly n: number;
  readonly observed: number;
  /** Predicted positives, scaled so the window's predicted total equals its observed total. */
  readonly expected: number;
  /** better: more positives than the ICP predicted (an emerging segment); worse: fewer. */
  readonly direction: 'better' | 'worse';
  readonly q: number;
}

export interface BacktestWindow {
  /** Discovery saw only what was known before this date. */
  readonly asOf: string;
  /** Scored: the units that arrived from `asOf` up to and including `until`. */
  readonly until: string;
  readonly icp: string;
  readonly verdict: IcpDefinition['verdict']['kind'];
  /** The fitted ICP's own cross-validated AUC, when it has a scorecard. */
  readonly cvAuc: { auc: number; lo: number; hi: number } | null;
  readonly units: number;
  readonly positives: number;
  readonly auc: { auc: number; lo: number; hi: number } | null;
  /** Tiers A-B: their share of the units, of the positives, and lift (captured / share). */
  readonly shareAB: number | null;
  readonly capturedAB: number | null;
  readonly liftAB: number | null;
  readonly calibrationError: number | null;
  readonly tiers: readonly BacktestTier[];
  /** The forward AUC interval lies wholly below the ICP's cross-validated interval. */
  readonly weaker: boolean;
  /** Bins whose outcomes departed from the prediction (false-discovery rate 5%), largest first. */
  readonly misses: readonly Miss[];
}

/** What the window's measures read of each unit's score. */
export type UnitScore = Pick<RecordScore, 'score' | 'probability' | 'tier' | 'disqualified'> & {
  readonly reasons: readonly Pick<Reason, 'attribute' | 'bin'>[];
};

/** What a window is before anything is scored: its dates and the ICP discovered for it. */
export type WindowHead = Pick<BacktestWindow, 'asOf' | 'until' | 'icp' | 'verdict' | 'cvAuc'>;

export function windowHead(icp: IcpDefinition, w: { asOf: string; until: string }): WindowHead {
  return {
    asOf: w.asOf,
    until: w.until,
    icp: icp.id,
    verdict: icp.verdict.kind,
    cvAuc: icp.validation
      ? {
          auc: icp.validation.auc,
          lo: icp.validation.auc_interval.lo,
          hi: icp.validation.auc_interval.hi,
        }
      : null,
  };
}

/** A window with nothing scored: `units` and `positives` counted, every measure empty. */
export function unscoredWindow(head: WindowHead, units = 0, positives = 0): BacktestWindow {
  return {
    ...head,
    units,
    positives,
    auc: null,
    shareAB: null,
    capturedAB: null,
    liftAB: null,
    calibrationError: null,
    tiers: [],
    weaker: false,
    misses: [],
  };
}

/**
 * Per tier: units, positives with their interval, shares, and the mean predicted probability.
 * With `accounts` (the units are deals), the interval counts accounts as the independent units.
 */
export function tierRows(
  tier: readonly string[],
  y: Uint8Array,
  prob: Float64Array,
  accounts: readonly (string | null)[] | null = null,
): BacktestTier[] {
  const n = y.length;
  const positives = y.reduce((s, v) => s + v, 0);
  return TIER_KEYS.map((t) => {
    const rows: number[] = [];
    let k = 0;
    let p = 0;
    for (let i = 0; i < n; i++) {
      if (tier[i] !== t) continue;
      rows.push(i);
      k += y[i] as number;
      p += prob[i] as number;
    }
    const count = rows.length;
    const rate = count > 0 ? accountRate(rows, y, accounts) : null;
    const ci = rate ? { lo: rate.lo, hi: rate.hi } : { lo: 0, hi: 0 };
    return {
      tier: t,
      n: count,
      positives: k,
      rate: count > 0 ? k / count : 0,
      ...ci,
      share: count / n,
      captured: positives > 0 ? k / positives : 0,
      predicted: count > 0 ? p / count : 0,
    };
  });
}

/**
 * The window measured: forward AUC, tiers A-B's share, capture and lift, calibration, whether
 * it is weaker than cross-validation promised, and the bins it missed. `attributes` are the
 * scorecard's, in order; `scores` the ICP's score of each unit, in the order of `y`; `accounts`
 * each unit's account when the units are deals.
 */
export function windowResult(
  head: WindowHead,
  y: Uint8Array,
  scores: readonly UnitScore[],
  attributes: readonly string[],
  accounts: readonly (string | null)[] | null = null,
): BacktestWindow {
  const n = y.length;
  if (n === 0) return unscoredWindow(head);
  const score = Float64Array.from(scores, (r) => r.score);
  const prob = Float64Array.from(scores, (r) => r.probability);
  const tiers = tierRows(
    scores.map((r) => (r.disqualified ? 'disqualified' : r.tier)),
    y,
    prob,
    accounts,
  );
  const positives = y.reduce((s, v) => s + v, 0);
  const ab = tiers.filter((t) => t.tier === 'A' || t.tier === 'B');
  const shareAB = ab.reduce((s, t) => s + t.share, 0);
  const capturedAB = positives > 0 ? ab.reduce((s, t) => s + t.captured, 0) : null;
  const forward = positives > 0 && positives < n ? auc(score, y) : null;
  const cells = attributes.flatMap((attribute) =>
    groupBy(scores, (r) => r.reasons.find((x) => x.attribute === attribute)?.bin).map(
      ([bin, rows]) => ({ attribute, bin, rows }),
    ),
  );
  return {
    ...head,
    units: n,
    positives,
    auc: forward,
    shareAB,
    capturedAB,
    liftAB: capturedAB !== null && shareAB > 0 ? capturedAB / shareAB : null,
    calibrationError: calibrationError(prob, y),
    tiers,
    weaker: forward !== null && head.cvAuc !== null && forward.hi < head.cvAuc.lo,
    misses: misses(cells, y, prob),
  };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string | undefined): [string, number[]][] {
  const m = new Map<string, number[]>();
  xs.forEach((x, i) => {
    const k = key(x);
    if (k === undefined) return;
    const list = m.get(k) ?? [];
    list.push(i);
    m.set(k, list);
  });
  return [...m].sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * Where the ICP was wrong going forward: per bin, observed positives against those predicted,
 * with the window's overall level taken out (predictions scaled to the observed total), a
 * normal test on the sum of Bernoulli variances, and Benjamini-Hochberg over every bin at 5%.
 * Bins of fewer than 20 units are not tested.
 */
export function misses(
  cells: readonly { attribute: string; bin: string; rows: readonly number[] }[],
  y: Uint8Array,
  prob: Float64Array,
): Miss[] {
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < y.length; i++) {
    obs += y[i] as number;
    exp += prob[i] as number;
  }
  const scale = exp > 0 ? obs / exp : 1;
  const tested = cells
    .filter((c) => c.rows.length >= 20)
    .map((c) => {
      let o = 0;
      let e = 0;
      let v = 0;
      for (const i of c.rows) {
        const p = Math.min(1, (prob[i] as number) * scale);
        o += y[i] as number;
        e += p;
        v += p * (1 - p);
      }
      const z = v > 0 ? (o - e) / Math.sqrt(v) : 0;
      return { c, o, e, z, p: v > 0 ? 2 * normalTail(Math.abs(z)) : 1 };
    });
  const q = benjaminiHochberg(tested.map((t) => t.p));
  return tested
    .map((t, k) => ({
      attribute: t.c.attribute,
      bin: t.c.bin,
      n: t.c.rows.length,
      observed: t.o,
      expected: t.e,
      direction: (t.o > t.e ? 'better' : 'worse') as Miss['direction'],
      q: q[k] as number,
      z: t.z,
    }))
    .filter((m) => m.q <= 0.05)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.attribute.localeCompare(b.attribute))
    .map(({ z: _z, ...m }) => m);
}
