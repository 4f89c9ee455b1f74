import type { CostOfPoorFit } from '../../core/audit/net-cost.js';
import type { IcpConfig } from '../../core/config/schema.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { NEAR_MISS_POINTS } from '../../core/icp/score-record.js';
import { clusterRate } from '../../core/stats/cluster-rate.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { num, str, type Row } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { badFitCustomers } from './bad-fit.js';
import { measureCostOfPoorFit, type SalesEffort, salesEffortOutside } from './cost-of-poor-fit.js';
import { type TierSource, tierAccounts } from '../analysis/cross-fitted-tiers.js';
import { type MarketFit, marketFit } from './market.js';
import { type ProfileReliability, profileReliability } from './reliability.js';
import { sanityWarnings } from './sanity.js';
import { subSegments } from './sub-segments.js';
import { misalignmentSignals, type Signal } from './signals.js';
import type { VocResult } from '../../core/text/voc-result.js';
import { voiceOfCustomer } from '../voc/voice-of-customer.js';
import { TIER_KEYS as TIERS, type TierKey } from '../../core/icp/tiers.js';
import type { BadFitCustomer, TierRate as Rate, TierRow } from '../../core/audit/audit-rows.js';

export type { BadFitCustomer, Rate, TierRow };

export interface AuditResult {
  readonly icp: string;
  /** ISO 4217 code of every amount (the config's currency). */
  readonly currency: string;
  /** The date the data are taken as of; null when they hold no dated record. */
  readonly asOf: string | null;
  /** Where the tiers come from: cross-fitted for the accounts the ICP learned from, or as is. */
  readonly tierSource: TierSource;
  /** Whether the tiers mean anything: leakage and the cost of poor fit are built on them only if so. */
  readonly profile: ProfileReliability;
  readonly tiers: readonly TierRow[];
  /** Share of each total by tier; null when the data hold none of it (no invoices, no tickets...). */
  readonly shares: Readonly<
    Record<
      'revenue' | 'bookings12m' | 'openPipeline' | 'supportCost',
      Readonly<Record<TierKey, number>> | null
    >
  >;
  /**
   * Bookings (last 12 months) and open pipeline outside tiers A and B, in money and share; each
   * null when none is recorded. The whole is null without a reliable profile (`profile`).
   */
  readonly leakage: {
    readonly bookings12m: number | null;
    readonly bookingsShare: number | null;
    readonly openPipeline: number | null;
    readonly pipelineShare: number | null;
  } | null;
  /** Open deals of known accounts, and how many of them carry an amount; null without deals. */
  readonly openDeals: { readonly count: number; readonly withAmount: number } | null;
  readonly badFit: {
    /** Who counts as a bad fit here, given what the data can measure. */
    readonly criterion: string;
    readonly count: number;
    readonly supportCost: number;
    readonly netValue: number;
    readonly top: readonly BadFitCustomer[];
  };
  /** The cost of poor fit, net, with its definition, formula, interval and parts. */
  readonly costOfPoorFit: CostOfPoorFit;
  /** Closed deals worked outside tiers A-B; null without deals or a reliable profile. */
  readonly effortOutside: SalesEffort | null;
  /** Values that are legal but implausible (NRR above 200%, negative revenue...), as sentences. */
  readonly warnings: readonly string[];
  /**
   * Near misses outside the ICP: accounts in tier C a few points short of tier B, or held back
   * from A-B by one hard rule only, and how their customers fare; null without a scorecard.
   */
  readonly nearMiss: {
    readonly accounts: number;
    readonly customers: number;
    readonly churnRate: Rate | null;
    readonly netValuePerMonth: number | null;
  } | null;
  /**
   * Groups inside tiers A-B (one value of a categorical scorecard attribute, 20 customers or
   * more) whose customers churn or cost more than they pay clearly more often than the rest of
   * A-B: sub-segments the ICP hides. Worst first.
   */
  readonly hiddenSubSegments: readonly {
    readonly attribute: string;
    readonly value: string;
    readonly bad: Rate;
    readonly restBad: Rate;
  }[];
  /** How a market file given with --market falls into the tiers; null without one. */
  readonly market: MarketFit | null;
  /** The misalignment signals, each seen with its evidence or not seen. */
  readonly signals: readonly Signal[];
  /** The voice of the customer by tier: themes, roadmap dilution, journey, behaviour (docs/voc.md). */
  readonly voc: VocResult;
}

/**
 * Audits the business against an ICP: every account scored in DuckDB, then per tier the
 * accounts, customers, pipeline, win rate, cycle, deal size, churn, NRR, cost to serve, net value
 * and NPS; where revenue, bookings, pipeline and support cost sit; the bad-fit customers; and
 * what poor fit costs.
 */
export async function auditIcp(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: { market?: string } = {},
): Promise<AuditResult> {
  const { db, tables } = dataset;
  // First: it computes value and target with the ICP's own settings, which the audit's replace.
  const tierSource = await tierAccounts(dataset, icp);
  const value = await computeCustomerValue(dataset, config.value);
  await db.run(`CREATE OR REPLACE TEMP TABLE _audit AS
    SELECT t.*, v.* EXCLUDE (account_id) FROM _icp_tiers t JOIN account_value v USING (account_id)`);
  const asOf = value.asOf;
  const hasDeals = tables.has('deals');
  const dealStats = hasDeals
    ? `, d AS (SELECT a.tier,
          count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed,
          ${exactSum('amount', `stage = 'open'`)} AS open_pipeline, count(*) FILTER (WHERE stage = 'open') AS open_deals,
          count(amount) FILTER (WHERE stage = 'open') AS open_priced,
          median(date_diff('day', created_at, closed_at)) FILTER (WHERE stage = 'won') AS cycle,
          ${exactSum('amount', `stage = 'won'`)} / nullif(count(amount) FILTER (WHERE stage = 'won'), 0) AS deal_size,
          ${exactSum('amount', `stage = 'won' AND closed_at > DATE '${asOf}' - INTERVAL 12 MONTH`)} AS bookings
        FROM deals JOIN _audit a USING (account_id) GROUP BY 1)`
    : ', d AS (SELECT NULL::VARCHAR AS tier, 0 AS won, 0 AS closed, NULL::DOUBLE AS open_pipeline, 0 AS open_deals, 0 AS open_priced, NULL::DOUBLE AS cycle, NULL::DOUBLE AS deal_size, NULL::DOUBLE AS bookings WHERE false)';
  const npsStats = tables.has('feedback')
    ? ', f AS (SELECT a.tier, 100.0 * (avg((score >= 9)::INT) - avg((score <= 6)::INT)) AS nps FROM feedback JOIN _audit a USING (account_id) GROUP BY 1)'
    : ', f AS (SELECT NULL::VARCHAR AS tier, NULL::DOUBLE AS nps WHERE false)';
  const rows = await db.all(`WITH t AS (SELECT tier, count(*) AS accounts,
        count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned,
        count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('arr_current', `arr_12m_ago > 0`)} / nullif(${exactSum('arr_12m_ago', 'arr_12m_ago > 0')}, 0) AS nrr,
        ${exactSum('cost_to_serve', `is_customer`)} / nullif(${exactSum('tenure_months', `is_customer`)}, 0) AS cost_month,
        ${exactSum('net_value', `is_customer`)} / nullif(${exactSum('tenure_months', `is_customer`)}, 0) AS value_month,
        ${exactSum('revenue_total')} AS revenue, ${exactSum('cost_to_serve')} AS support
      FROM _audit GROUP BY 1)${dealStats}${npsStats}
    SELECT t.*, d.won, d.closed, d.open_pipeline, d.open_deals, d.open_priced, d.cycle, d.deal_size, d.bookings, f.nps FROM t LEFT JOIN d USING (tier) LEFT JOIN f USING (tier)`);
  const byTier = new Map(rows.map((r) => [str(r.tier) as TierKey, r]));
  const perAccount = hasDeals
    ? await db.all(
        `SELECT a.tier, account_id, count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed
         FROM deals JOIN _audit a USING (account_id) GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    : [];
  const winRate = (tier: TierKey): Rate | null =>
    clusterRate(
      perAccount
        .filter((r) => r.tier === tier)
        .map((r) => ({ positives: num(r.won), n: num(r.closed) })),
    );
  const metric = (id: string) => value.metrics.find((m) => m.id === id)?.available === true;
  const optional = (r: Row | undefined, key: string, available: boolean) =>
    available && r && r[key] !== null && r[key] !== undefined ? num(r[key]) : null;
  const rate = (k: number, n: number): Rate | null =>
    n > 0 ? { rate: k / n, n, ...wilsonInterval(k, n) } : null;
  const tiers: TierRow[] = TIERS.map((tier) => {
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
      churnRate: metric('churned') ? rate(num(r?.churned ?? 0), num(r?.churn_n ?? 0)) : null,
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
  // Summed in tier order, never in the order DuckDB returned the rows (which varies from run to
  // run): a float sum in another order differs in its last digits.
  const sumTiers = (key: string) => TIERS.reduce((s, t) => s + (num(byTier.get(t)?.[key]) || 0), 0);
  const share = (key: string) => {
    const total = sumTiers(key);
    if (!(total > 0)) return null;
    return Object.fromEntries(
      TIERS.map((t) => [t, (num(byTier.get(t)?.[key]) || 0) / total]),
    ) as Record<TierKey, number>;
  };
  const shares = {
    revenue: share('revenue'),
    bookings12m: share('bookings'),
    openPipeline: share('open_pipeline'),
    supportCost: share('support'),
  };
  const outside = (key: string) =>
    // Everything not in A-B, accounts too little known to tier included.
    ['C', 'D', 'unknown', 'disqualified'].reduce(
      (s, t) => s + (num(byTier.get(t as TierKey)?.[key]) || 0),
      0,
    );
  const total = sumTiers;
  const profile = profileReliability(icp, tierSource.method);
  // Leakage compares tiers: none without a reliable profile; "none recorded" stays n/a.
  const leak = (key: string) =>
    total(key) > 0
      ? { amount: outside(key), share: outside(key) / total(key) }
      : { amount: null, share: null };
  const leakage = profile.reliable
    ? {
        bookings12m: leak('bookings').amount,
        bookingsShare: leak('bookings').share,
        openPipeline: leak('open_pipeline').amount,
        pipelineShare: leak('open_pipeline').share,
      }
    : null;
  const openDeals = hasDeals
    ? { count: total('open_deals'), withAmount: total('open_priced') }
    : null;

  const costKnown = metric('net_value');
  const { badFit, badWhere } = await badFitCustomers(db, {
    costKnown,
    tierKnown: profile.reliable,
    customers: tiers.reduce((s, t) => s + t.customers, 0),
    named: tables.get('accounts')?.columns.name !== undefined,
  });
  const costOfPoorFit = await measureCostOfPoorFit(db, {
    badWhere,
    hasDeals,
    why: !profile.reliable
      ? profile.reason.replace(/^No reliable profile/, 'no reliable profile')
      : !costKnown
        ? 'the data hold no revenue or no cost to serve, so net value cannot be measured'
        : null,
  });
  const dealDates =
    hasDeals &&
    tables.get('deals')?.columns.created_at !== undefined &&
    tables.get('deals')?.columns.closed_at !== undefined;
  const effortOutside =
    hasDeals && profile.reliable ? await salesEffortOutside(db, dealDates) : null;
  const sanity = await db.one(
    `SELECT ${exactSum('revenue_total', 'is_customer')} AS revenue, ${exactSum('cost_to_serve', 'is_customer')} AS cost,
       count(*) FILTER (WHERE is_customer AND revenue_total < 0) AS negative FROM _audit`,
  );
  const nearRow = icp.scorecard
    ? await db.one(`SELECT count(*) AS accounts, count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned, count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('net_value', 'is_customer')} / nullif(${exactSum('tenure_months', 'is_customer')}, 0) AS value_month
      FROM _audit WHERE icp_near_miss AND ((tier = 'C' AND icp_score >= ${(icp.tiers?.B ?? 0) - NEAR_MISS_POINTS})
        OR (tier = 'disqualified' AND icp_score >= ${icp.tiers?.B ?? 0}))`)
    : undefined;
  const nearMiss = nearRow
    ? {
        accounts: num(nearRow.accounts),
        customers: num(nearRow.customers),
        churnRate: metric('churned') ? rate(num(nearRow.churned), num(nearRow.churn_n)) : null,
        netValuePerMonth: optional(nearRow, 'value_month', metric('net_value_per_month')),
      }
    : null;
  const hiddenSubSegments = metric('churned') ? await subSegments(db, icp) : [];
  const result = {
    icp: icp.id,
    currency: config.currency,
    asOf: dated(config, dataset) ? asOf : null,
    tierSource,
    profile,
    tiers,
    shares,
    leakage,
    openDeals,
    badFit,
    costOfPoorFit,
    effortOutside,
    warnings: sanityWarnings({
      tiers: tiers.filter((t) => t.accounts > 0),
      revenue: metric('revenue_total') ? num(sanity?.revenue) || 0 : null,
      costToServe: metric('cost_to_serve') ? num(sanity?.cost) || 0 : null,
      negativeRevenue: metric('revenue_total') ? num(sanity?.negative) || 0 : 0,
    }),
    nearMiss,
    hiddenSubSegments,
  };
  const market = options.market && icp.scorecard ? await marketFit(db, icp, options.market) : null;
  const voc = await voiceOfCustomer(dataset, config, value, tierSource.method);
  const withMarket = { ...result, market, voc };
  return { ...withMarket, signals: misalignmentSignals(withMarket) };
}

/** Whether the data hold a dated record (or the config names the date): else there is no "as of". */
function dated(config: IcpConfig, dataset: Dataset): boolean {
  const t = dataset.tables;
  return (
    config.value.as_of !== undefined ||
    ['invoices', 'subscriptions', 'churn_events', 'usage'].some((n) =>
      t.has(n as Parameters<typeof t.has>[0]),
    ) ||
    t.get('deals')?.columns.created_at !== undefined ||
    t.get('deals')?.columns.closed_at !== undefined ||
    t.get('tickets')?.columns.created_at !== undefined
  );
}
