import type { CostOfPoorFit } from '../../core/audit/net-cost.js';
import type { IcpConfig } from '../../core/config/schema.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { NEAR_MISS_POINTS } from '../../core/icp/score-record.js';
import { clusterRate } from '../../core/stats/cluster-rate.js';
import { wilsonInterval } from '../../core/stats/wilson.js';
import { num, type Row } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';
import { badFitCustomers } from './bad-fit.js';
import { measureCostOfPoorFit, type SalesEffort, salesEffortOutside } from './cost-of-poor-fit.js';
import { type TierSource, tierAccounts } from '../analysis/cross-fitted-tiers.js';
import { type MarketFit, marketFit } from './market.js';
import { type ProfileReliability, profileReliability } from './reliability.js';
import { sanityWarnings } from './sanity.js';
import { subSegments } from './sub-segments.js';
import { readTierStats } from './tier-stats.js';
import { dated } from './dated.js';
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

/** The tables an audit made, for a composer that shows more of them (the report, the dashboard). */
export interface AuditTables {
  /**
   * One row per account: its tier, icp_reasons, icp_score, icp_near_miss, and every customer
   * value metric with the config's settings.
   */
  readonly accounts: TableRef;
  /** The attributes the accounts were tiered on. */
  readonly attributes: TableRef;
  /** The out-of-fold scores cross-fitting left; null when the tiers are the ICP's as is. */
  readonly oof: TableRef | null;
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
  return (await auditDataset(dataset, config, icp, options)).result;
}

/** The audit (`auditIcp`) and the tables it made, which stay until the dataset closes. */
export async function auditDataset(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: { market?: string } = {},
): Promise<{ result: AuditResult; tables: AuditTables }> {
  const { db, tables } = dataset;
  // The tiers' value and target use the ICP's own settings, in tables of their own.
  const tiered = await tierAccounts(dataset, icp);
  const tierSource = tiered.source;
  const value = await computeCustomerValue(dataset, config.value);
  const audited = uniqueTable('_audit');
  await db.run(`CREATE TEMP TABLE ${audited} AS
    SELECT t.*, v.* EXCLUDE (account_id) FROM ${tiered.tiers} t JOIN ${value.table} v USING (account_id)`);
  const asOf = value.asOf;
  const hasDeals = tables.has('deals');
  const { byTier, perAccount } = await readTierStats(db, audited, {
    asOf,
    hasDeals,
    hasFeedback: tables.has('feedback'),
  });
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
  const { badFit, badWhere } = await badFitCustomers(db, audited, {
    costKnown,
    tierKnown: profile.reliable,
    customers: tiers.reduce((s, t) => s + t.customers, 0),
    named: tables.get('accounts')?.columns.name !== undefined,
  });
  const costOfPoorFit = await measureCostOfPoorFit(db, audited, {
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
    hasDeals && profile.reliable ? await salesEffortOutside(db, audited, dealDates) : null;
  const sanity = await db.one(
    `SELECT ${exactSum('revenue_total', 'is_customer')} AS revenue, ${exactSum('cost_to_serve', 'is_customer')} AS cost,
       count(*) FILTER (WHERE is_customer AND revenue_total < 0) AS negative FROM ${audited}`,
  );
  const nearRow = icp.scorecard
    ? await db.one(`SELECT count(*) AS accounts, count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned, count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('net_value', 'is_customer')} / nullif(${exactSum('tenure_months', 'is_customer')}, 0) AS value_month
      FROM ${audited} WHERE icp_near_miss AND ((tier = 'C' AND icp_score >= ${(icp.tiers?.B ?? 0) - NEAR_MISS_POINTS})
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
  const hiddenSubSegments = metric('churned')
    ? await subSegments(db, { accounts: audited, attributes: tiered.attributes }, icp)
    : [];
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
  const voc = await voiceOfCustomer(dataset, config, {
    accounts: audited,
    value,
    tierMethod: tierSource.method,
  });
  const withMarket = { ...result, market, voc };
  return {
    result: { ...withMarket, signals: misalignmentSignals(withMarket) },
    tables: { accounts: audited, attributes: tiered.attributes, oof: tiered.oof },
  };
}
