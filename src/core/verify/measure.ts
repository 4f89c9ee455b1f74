import type { Condition } from '../icp/definition.js';
import { conditionHolds } from '../icp/score-record.js';
import { wilsonInterval } from '../stats/wilson.js';
import type { CountedRate } from '../stats/rate.js';

/**
 * How a hand-written ICP (or a discovered one's tiers A-B) measures against the data, computed
 * from one row per account that the pipeline reads (`VerifyRows`): no database here.
 */

/** A proportion with its counts and 95% Wilson interval. */
export type Share = CountedRate;

/** How a set of accounts (the ICP's matches, or the rest) performs. */
export interface GroupRow {
  readonly group: string;
  readonly accounts: number;
  /** Accounts counted by the target (customers, for the ideal target). */
  readonly eligible: number;
  /** Share of the eligible that are positive (ideal). */
  readonly positive: Share | null;
  /** Share of customers that churned or cost more than they paid. */
  readonly bad: Share | null;
  readonly netValuePerMonth: number | null;
  /** Share of all revenue. */
  readonly revenueShare: number | null;
}

/** How one ICP (hand-written or discovered) measures against the data. */
export interface Measure {
  readonly label: string;
  /** Share of all accounts that match. */
  readonly coverage: number;
  /** Share of the eligible (customers) that match. */
  readonly coverageEligible: number;
  /** Of the eligible that match, the share positive. */
  readonly precision: Share | null;
  /** Of the positives, the share that match. */
  readonly recall: Share | null;
  /** precision / base rate. */
  readonly lift: number | null;
  readonly groups: readonly GroupRow[];
}

/** One row per account, in columns: the attributes the criteria use, target, value and tier. */
export interface VerifyRows {
  readonly n: number;
  readonly numbers: Readonly<Record<string, Float64Array>>;
  readonly texts: Readonly<Record<string, readonly (string | null)[]>>;
  readonly eligible: Uint8Array;
  readonly positive: Uint8Array;
  readonly bad: Uint8Array;
  readonly customer: Uint8Array;
  readonly revenue: Float64Array;
  readonly netValue: Float64Array;
  readonly tenure: Float64Array;
  /** The discovered ICP's tier of each account, when one was given. */
  readonly tier: readonly (string | null)[];
}

export function share(k: number, n: number): Share | null {
  return n > 0 ? { rate: k / n, k, n, ...wilsonInterval(k, n) } : null;
}

/** The value of an attribute on row i, as the criteria read it. */
export function lookupAt(rows: VerifyRows, i: number): (name: string) => unknown {
  return (name: string) => (rows.numbers[name] ? rows.numbers[name][i] : rows.texts[name]?.[i]);
}

/** Which rows each condition holds on (1) and which hold them all: the ICP's matches. */
export function matchRows(
  conditions: readonly Condition[],
  rows: VerifyRows,
): { holds: Uint8Array[]; match: Uint8Array } {
  const holds = conditions.map((c) =>
    Uint8Array.from({ length: rows.n }, (_, i) => (conditionHolds(c, lookupAt(rows, i)) ? 1 : 0)),
  );
  const match = Uint8Array.from({ length: rows.n }, (_, i) =>
    holds.every((h) => h[i] === 1) ? 1 : 0,
  );
  return { holds, match };
}

/** Positives among the eligible: the rate every measure is compared with. */
export function baseRate(rows: VerifyRows): number {
  const eligible = rows.eligible.reduce((s, v) => s + v, 0);
  const positives = rows.positive.reduce((s, v) => s + v, 0);
  return eligible > 0 ? positives / eligible : 0;
}

function group(name: string, want: number, match: Uint8Array, rows: VerifyRows): GroupRow {
  let accounts = 0;
  let eligible = 0;
  let positive = 0;
  let customers = 0;
  let bad = 0;
  let net = 0;
  let tenure = 0;
  let revenue = 0;
  let revenueAll = 0;
  let netKnown = false;
  for (let i = 0; i < rows.n; i++) {
    const r = rows.revenue[i] as number;
    if (!Number.isNaN(r)) revenueAll += r;
    if (match[i] !== want) continue;
    accounts++;
    eligible += rows.eligible[i] as number;
    positive += (rows.eligible[i] as number) & (rows.positive[i] as number);
    if (rows.customer[i] === 1) {
      customers++;
      bad += rows.bad[i] as number;
      const v = rows.netValue[i] as number;
      const t = rows.tenure[i] as number;
      if (!Number.isNaN(v) && !Number.isNaN(t)) {
        net += v;
        tenure += t;
        netKnown = true;
      }
    }
    if (!Number.isNaN(r)) revenue += r;
  }
  return {
    group: name,
    accounts,
    eligible,
    positive: share(positive, eligible),
    bad: share(bad, customers),
    netValuePerMonth: netKnown && tenure > 0 ? net / tenure : null,
    revenueShare: revenueAll > 0 ? revenue / revenueAll : null,
  };
}

/** The matches against the rest: coverage, precision, recall and lift over the base rate. */
export function measure(label: string, match: Uint8Array, rows: VerifyRows, base: number): Measure {
  const inside = group('matches', 1, match, rows);
  const outside = group('the rest', 0, match, rows);
  const positives = (inside.positive?.k ?? 0) + (outside.positive?.k ?? 0);
  const eligible = inside.eligible + outside.eligible;
  return {
    label,
    coverage: rows.n > 0 ? inside.accounts / rows.n : 0,
    coverageEligible: eligible > 0 ? inside.eligible / eligible : 0,
    precision: inside.positive,
    recall: share(inside.positive?.k ?? 0, positives),
    lift: inside.positive && base > 0 ? inside.positive.rate / base : null,
    groups: [inside, outside],
  };
}
