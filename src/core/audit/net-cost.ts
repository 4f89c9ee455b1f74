/**
 * The cost of poor fit, net: what the sales effort spent on bad-fit customers would have earned
 * in tiers A-B, less what those customers did earn (their net value after cost to serve). Pure:
 * the audit aggregates the sums in SQL and this turns them into the headline, its interval and
 * its parts, so the arithmetic is tested apart from the data.
 */

import { studentT95 } from '../stats/student-t.js';

/** How sales effort is counted: closed deals worked, or, without deals, customers won. */
export type EffortUnit = 'deal' | 'customer';

/** One part of the cost: the parts add up to the amount. */
export interface CostPart {
  readonly part: string;
  readonly formula: string;
  readonly amount: number;
}

export interface CostOfPoorFit {
  /** The headline in one sentence: what the amount means. */
  readonly definition: string;
  readonly formula: string;
  /** Net value lost, in the config's currency; null when not measurable (see `reason`). */
  readonly amount: number | null;
  /** 95% interval of the amount, from the uncertainty of tiers A-B's value per unit of effort. */
  readonly interval: { readonly lo: number; readonly hi: number } | null;
  /** Why there is no amount; null when there is one. */
  readonly reason: string | null;
  readonly parts: readonly CostPart[];
  /** The effort and the values the amount is made of; null without an amount. */
  readonly basis: {
    readonly unit: EffortUnit;
    /** Deals worked on (or number of) the bad-fit customers. */
    readonly badFitEffort: number;
    readonly badFitCustomers: number;
    /** Net value of the bad-fit customers, summed (negative ones included). */
    readonly badFitNetValue: number;
    /** Net value per unit of effort in tiers A-B, with its 95% interval. */
    readonly valuePerUnitAB: number;
    readonly valuePerUnitABInterval: { readonly lo: number; readonly hi: number };
    /** Accounts behind the A-B estimate (the independent units of its interval). */
    readonly accountsAB: number;
  } | null;
}

/** Sums over the accounts of tiers A-B: per account i, net value v_i and effort e_i. */
export interface RatioSums {
  /** Accounts with effort. */
  readonly m: number;
  readonly sumV: number;
  readonly sumE: number;
  readonly sumVV: number;
  readonly sumVE: number;
  readonly sumEE: number;
}

/** Sums over the bad-fit customers. */
export interface BadFitSums {
  readonly customers: number;
  readonly effort: number;
  /** Net value of those with a positive one, summed. */
  readonly earned: number;
  /** What those with a negative net value cost beyond what they paid, summed (>= 0). */
  readonly lost: number;
}

/** What the cost of poor fit means, in one sentence. */
export const COST_DEFINITION =
  'The cost of poor fit is the net value lost against the ICP’s customers: what the sales effort spent on bad-fit customers earned in tiers A-B, less what those customers earned net of cost to serve.';

/**
 * The ratio estimate sum(v) / sum(e) with a 95% interval that treats accounts as the
 * independent units (sandwich variance of a ratio estimator, Student's t with one degree of
 * freedom fewer than the accounts). Null without two accounts.
 *
 * @example ratioInterval({ m: 3, sumV: 30, sumE: 6, sumVV: 350, sumVE: 70, sumEE: 14 })
 */
export function ratioInterval(s: RatioSums): { value: number; lo: number; hi: number } | null {
  if (s.m < 2 || s.sumE <= 0) return null;
  const r = s.sumV / s.sumE;
  // sum over accounts of (v_i - r e_i)^2, expanded so SQL can give the sums in one pass.
  const ss = Math.max(0, s.sumVV - 2 * r * s.sumVE + r * r * s.sumEE);
  const se = Math.sqrt((s.m / (s.m - 1)) * ss) / s.sumE;
  // Student's t over the accounts, as the cluster-robust rates: few accounts, wide interval.
  const t = studentT95(s.m - 1);
  return { value: r, lo: r - t * se, hi: r + t * se };
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The cost of poor fit that cannot be measured, saying why. */
export function unmeasuredCost(reason: string): CostOfPoorFit {
  return {
    definition: COST_DEFINITION,
    formula:
      'effort on bad-fit customers x net value per unit of effort in tiers A-B - net value of the bad-fit customers',
    amount: null,
    interval: null,
    reason,
    parts: [],
    basis: null,
  };
}

/**
 * The net cost of poor fit from the audit's sums: effort on the bad-fit customers times tiers
 * A-B's net value per unit of effort, less the bad-fit customers' own net value. Its parts: what
 * the bad-fit customers cost beyond what they paid, and the margin the same effort earned in
 * tiers A-B beyond what the bad-fit customers earned. Null amount, with the reason, when tiers
 * A-B hold fewer than two accounts with effort.
 */
export function netCostOfPoorFit(unit: EffortUnit, ab: RatioSums, bad: BadFitSums): CostOfPoorFit {
  const perUnit = ratioInterval(ab);
  const effortWord = unit === 'deal' ? 'deals worked on' : 'number of';
  const base = unmeasuredCost('');
  if (!perUnit)
    return unmeasuredCost(
      `tiers A-B hold ${ab.m} account${ab.m === 1 ? '' : 's'} with ${unit === 'deal' ? 'closed deals' : 'customers'}: too few to say what the same effort earns there`,
    );
  const badNet = bad.earned - bad.lost;
  const amount = bad.effort * perUnit.value - badNet;
  const forgone = bad.effort * perUnit.value - bad.earned;
  const per = unit === 'deal' ? 'per deal worked' : 'per customer';
  return {
    ...base,
    formula: `${effortWord} bad-fit customers (${n(bad.effort)}) x net value ${per} in tiers A-B (${n(perUnit.value)}) - net value of the bad-fit customers (${n(badNet)})`,
    amount,
    interval: { lo: bad.effort * perUnit.lo - badNet, hi: bad.effort * perUnit.hi - badNet },
    reason: null,
    parts: [
      {
        part: 'what bad-fit customers cost beyond what they paid',
        formula:
          'sum over bad-fit customers whose net value is negative of minus that net value (margin on revenue less cost to serve)',
        amount: bad.lost,
      },
      {
        part: 'margin the same effort earned in tiers A-B, beyond what bad-fit customers earned',
        formula: `${effortWord} bad-fit customers x net value ${per} in tiers A-B - net value of the bad-fit customers whose net value is positive`,
        amount: forgone,
      },
    ],
    basis: {
      unit,
      badFitEffort: bad.effort,
      badFitCustomers: bad.customers,
      badFitNetValue: badNet,
      valuePerUnitAB: perUnit.value,
      valuePerUnitABInterval: { lo: perUnit.lo, hi: perUnit.hi },
      accountsAB: ab.m,
    },
  };
}

/**
 * The headline as shown: the value ("1,234,567 USD", "none" or "n/a") and one sentence saying
 * what it is, with its interval. The same words in the audit text, the report and the dashboard.
 *
 * @example costHeadline(cost, 'USD').value // => "1,234,567 USD"
 */
export function costHeadline(
  cost: CostOfPoorFit,
  currency: string,
): { readonly value: string; readonly sentence: string } {
  const b = cost.basis;
  if (cost.amount === null || !cost.interval || !b)
    return { value: 'n/a', sentence: `Not measurable: ${cost.reason ?? 'no data'}.` };
  const money = (x: number) => `${n(x)} ${currency}`;
  const interval = `95% interval ${money(cost.interval.lo)} to ${money(cost.interval.hi)}`;
  const same =
    b.unit === 'deal'
      ? `took ${n(b.badFitEffort)} deals worked; as many deals earned ${money(b.valuePerUnitAB)} each in tiers A-B (${money(b.badFitEffort * b.valuePerUnitAB)})`
      : `took the effort of winning ${n(b.badFitEffort)} customers; as many customers earned ${money(b.valuePerUnitAB)} each in tiers A-B (${money(b.badFitEffort * b.valuePerUnitAB)})`;
  if (cost.amount <= 0)
    return {
      value: 'none',
      sentence: `The ${n(b.badFitCustomers)} bad-fit customers ${same}, and they earned ${money(b.badFitNetValue)} net of cost to serve, as much or more: poor fit costs nothing measurable here (${interval}).`,
    };
  return {
    value: money(cost.amount),
    sentence: `Net value lost against the ICP’s customers (${interval}): the ${n(b.badFitCustomers)} bad-fit customers ${same}, while they earned ${money(b.badFitNetValue)} net of cost to serve.`,
  };
}
