import type { TierRate as Rate, TierRow } from '../../core/audit/audit-rows.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { NEAR_MISS_POINTS } from '../../core/icp/score-record.js';
import { TIER_KEYS as TIERS, type TierKey } from '../../core/icp/tiers.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { clusterRate } from '../../core/stats/cluster-rate.js';
import { wilsonRate } from '../../core/stats/rate.js';
import { type Database, num, type Row } from '../../data/db/database.js';
import type { TableRef } from '../analysis/table-ref.js';
import { sanityWarnings } from './sanity.js';

/** Whether the data measure a customer-value metric (`value.metrics`, by id). */
export type Measured = (id: string) => boolean;

/** A value of a stats row, or null when its metric is not measured or the row has none. */
const optional = (r: Row | undefined, key: string, available: boolean) =>
  available && r && r[key] !== null && r[key] !== undefined ? num(r[key]) : null;

/** One row per tier, from the tier stats: counts, pipeline, win rate over accounts, value. */
export function tierRows(
  byTier: ReadonlyMap<TierKey, Row>,
  perAccount: readonly Row[],
  metric: Measured,
  hasDeals: boolean,
): TierRow[] {
  const winRate = (tier: TierKey): Rate | null =>
    clusterRate(
      perAccount
        .filter((r) => r.tier === tier)
        .map((r) => ({ positives: num(r.won), n: num(r.closed) })),
    );
  return TIERS.map((tier) => {
    const r = byTier.get(tier);
    return {
      tier,
      accounts: num(r?.accounts ?? 0),
      customers: num(r?.customers ?? 0),
      openPipeline: hasDeals ? num(r?.open_pipeline ?? 0) || 0 : null,
      openDeals: hasDeals ? num(r?.open_deals ?? 0) : null,
      winRate: hasDeals ? winRate(tier) : null,
      medianCycleDays: optional(r, 'cycle', metric('median_cycle_days')),
      averageDealSize: optional(r, 'deal_size', metric('avg_deal_size')),
      churnRate: metric('churned') ? wilsonRate(num(r?.churned ?? 0), num(r?.churn_n ?? 0)) : null,
      netRevenueRetention: optional(r, 'nrr', metric('nrr')),
      costToServePerMonth: optional(
        r,
        'cost_month',
        metric('cost_to_serve') && metric('tenure_months'),
      ),
      netValuePerMonth: optional(r, 'value_month', metric('net_value_per_month')),
      nps: optional(r, 'nps', metric('nps_avg')),
    };
  });
}

/**
 * Where revenue, bookings, pipeline and support cost sit by tier; the leakage outside A-B (only
 * with a reliable profile: leakage compares tiers); the open deals.
 */
export function tierShares(
  byTier: ReadonlyMap<TierKey, Row>,
  options: { readonly hasDeals: boolean; readonly reliable: boolean },
) {
  // Summed in tier order, never in the order DuckDB returned the rows (which varies from run to
  // run): a float sum in another order differs in its last digits.
  const total = (key: string) => TIERS.reduce((s, t) => s + (num(byTier.get(t)?.[key]) || 0), 0);
  const share = (key: string) => {
    const sum = total(key);
    if (!(sum > 0)) return null;
    return Object.fromEntries(
      TIERS.map((t) => [t, (num(byTier.get(t)?.[key]) || 0) / sum]),
    ) as Record<TierKey, number>;
  };
  // Everything not in A-B, accounts too little known to tier included.
  const outside = (key: string) =>
    (['C', 'D', 'unknown', 'disqualified'] as const).reduce(
      (s, t) => s + (num(byTier.get(t)?.[key]) || 0),
      0,
    );
  // "None recorded" stays n/a.
  const leak = (key: string) =>
    total(key) > 0
      ? { amount: outside(key), share: outside(key) / total(key) }
      : { amount: null, share: null };
  return {
    shares: {
      revenue: share('revenue'),
      bookings12m: share('bookings'),
      openPipeline: share('open_pipeline'),
      supportCost: share('support'),
    },
    leakage: options.reliable
      ? {
          bookings12m: leak('bookings').amount,
          bookingsShare: leak('bookings').share,
          openPipeline: leak('open_pipeline').amount,
          pipelineShare: leak('open_pipeline').share,
        }
      : null,
    openDeals: options.hasDeals
      ? { count: total('open_deals'), withAmount: total('open_priced') }
      : null,
  };
}

/**
 * Near misses outside the ICP (tier C a few points short of B, or held back from A-B by one hard
 * rule only) and how their customers fare; null without a scorecard.
 */
export async function nearMissOutside(
  db: Database,
  audited: TableRef,
  icp: IcpDefinition,
  metric: Measured,
) {
  if (!icp.scorecard) return null;
  const b = icp.tiers?.B ?? 0;
  const r =
    await db.one(`SELECT count(*) AS accounts, count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned, count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('net_value', 'is_customer')} / nullif(${exactSum('tenure_months', 'is_customer')}, 0) AS value_month
      FROM ${audited} WHERE icp_near_miss AND ((tier = 'C' AND icp_score >= ${b - NEAR_MISS_POINTS})
        OR (tier = 'disqualified' AND icp_score >= ${b}))`);
  if (!r) return null;
  return {
    accounts: num(r.accounts),
    customers: num(r.customers),
    churnRate: metric('churned') ? wilsonRate(num(r.churned), num(r.churn_n)) : null,
    netValuePerMonth: optional(r, 'value_month', metric('net_value_per_month')),
  };
}

/** Values that are legal but implausible (negative revenue...), as sentences. */
export async function valueWarnings(
  db: Database,
  audited: TableRef,
  tiers: readonly TierRow[],
  metric: Measured,
): Promise<string[]> {
  const sanity = await db.one(
    `SELECT ${exactSum('revenue_total', 'is_customer')} AS revenue, ${exactSum('cost_to_serve', 'is_customer')} AS cost,
       count(*) FILTER (WHERE is_customer AND revenue_total < 0) AS negative FROM ${audited}`,
  );
  return sanityWarnings({
    tiers: tiers.filter((t) => t.accounts > 0),
    revenue: metric('revenue_total') ? num(sanity?.revenue) || 0 : null,
    costToServe: metric('cost_to_serve') ? num(sanity?.cost) || 0 : null,
    negativeRevenue: metric('revenue_total') ? num(sanity?.negative) || 0 : 0,
  });
}
