import { normalTail } from '../stats/multiple-testing.js';
import { studentT95 } from '../stats/student-t.js';
import { wilsonInterval } from '../stats/wilson.js';
import type { RateWithInterval } from '../stats/rate.js';

const Z95 = 1.959963984540054;
/** The exact Poisson 95% upper bound (two-sided) on a mean when none was seen: -ln(0.025). */
const POISSON_ZERO_HI = 3.6888794541139363;

/**
 * Sums over the accounts of one group for one theme, from which its statistics follow. For
 * account a, o = its documents mentioning the theme and e = the mentions expected of it: the
 * sum over its documents of the theme's rate in that kind of text (tickets, comments...)
 * across all accounts. Accounts that write more, or write other kinds of text, expect more.
 */
export interface ThemeGroupSums {
  /** Accounts of the group with any text of this lens. */
  readonly accounts: number;
  /** Of those, accounts with at least one document mentioning the theme. */
  readonly raising: number;
  /** Accounts with a non-zero expectation (the clusters of the ratio). */
  readonly clusters: number;
  readonly o: number;
  readonly e: number;
  readonly oo: number;
  readonly oe: number;
  readonly ee: number;
}

/** A proportion with its 95% interval. */
export type Share = RateWithInterval;

/** Observed over expected mentions, with its 95% interval (accounts as the units). */
export interface MentionRatio {
  readonly ratio: number;
  readonly lo: number;
  readonly hi: number;
  /** Its standard error, for comparisons. */
  readonly se: number;
}

/** Share of the group's accounts raising the theme, with a Wilson interval. */
export function raisingShare(g: ThemeGroupSums): Share | null {
  if (g.accounts === 0) return null;
  return { rate: g.raising / g.accounts, n: g.accounts, ...wilsonInterval(g.raising, g.accounts) };
}

/**
 * The mention ratio sum(o) / sum(e) of a group: 1 when it mentions the theme as often as
 * everyone would in the same amount and kinds of text, 3 when three times as often. Its
 * interval is the ratio estimator's sandwich, each account one cluster (as win rates by
 * tier), so an account that writes a hundred tickets on one subject counts once, not a
 * hundred times. Null when the group expects nothing. A group that never mentions the
 * theme gets the exact Poisson upper bound instead (docs/voc.md).
 */
export function mentionRatio(g: ThemeGroupSums): MentionRatio | null {
  if (!(g.e > 0)) return null;
  // No mention at all: every account's residual is 0, so the sandwich says 0 (0-0), as sure
  // as if thousands had been counted. The exact Poisson bound says how high the ratio could
  // be given what the group writes, and the error is the one whose normal interval reaches it.
  if (g.o === 0) {
    const hi = POISSON_ZERO_HI / g.e;
    return { ratio: 0, lo: 0, hi, se: hi / Z95 };
  }
  const r = g.o / g.e;
  const m = g.clusters;
  if (m < 2) return { ratio: r, lo: 0, hi: Number.POSITIVE_INFINITY, se: Number.POSITIVE_INFINITY };
  // As win rates over accounts (cluster-rate.ts): the sandwich is at least the Poisson error of
  // the count (a hundred accounts each mentioning once, as expected twice, are not known
  // exactly), and the interval's multiplier is Student's t over the accounts.
  const ss = Math.max(0, g.oo - 2 * r * g.oe + r * r * g.ee);
  const se = Math.sqrt(Math.max(((m / (m - 1)) * ss) / (g.e * g.e), g.o / (g.e * g.e)));
  const half = studentT95(m - 1) * se;
  return { ratio: r, lo: Math.max(0, r - half), hi: r + half, se };
}

/**
 * Two-sided p-value that two groups' mention ratios are equal (a z test on their difference,
 * the groups independent). 1 when either is unmeasured or both are exactly known.
 */
export function compareRatios(a: MentionRatio | null, b: MentionRatio | null): number {
  if (!a || !b || !Number.isFinite(a.se) || !Number.isFinite(b.se)) return 1;
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  if (se === 0) return a.ratio === b.ratio ? 1 : 0;
  return Math.min(1, 2 * normalTail(Math.abs(a.ratio - b.ratio) / se));
}
