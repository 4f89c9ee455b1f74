import type { CostOfPoorFit } from '../../core/audit/net-cost.js';
import type { IcpConfig } from '../../core/config/schema.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';
import { badFitCustomers } from './bad-fit.js';
import { measureCostOfPoorFit, type SalesEffort, salesEffortOutside } from './cost-of-poor-fit.js';
import { type TierSource, tierAccounts } from '../analysis/cross-fitted-tiers.js';
import { type MarketFit, marketFit } from './market.js';
import { type ProfileReliability, profileReliability } from './reliability.js';
import { nearMissOutside, tierRows, tierShares, valueWarnings } from './tier-table.js';
import { subSegments } from './sub-segments.js';
import { readTierStats } from './tier-stats.js';
import { dated } from './dated.js';
import { misalignmentSignals, type Signal } from './signals.js';
import type { VocResult } from '../../core/text/voc-result.js';
import { voiceOfCustomer } from '../voc/voice-of-customer.js';
import type { TierKey } from '../../core/icp/tiers.js';
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
  const metric = (id: string) => value.metrics.find((m) => m.id === id)?.available === true;
  const tiers = tierRows(byTier, perAccount, metric, hasDeals);
  const profile = profileReliability(icp, tierSource.method);
  const { shares, leakage, openDeals } = tierShares(byTier, {
    hasDeals,
    reliable: profile.reliable,
  });
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
  const nearMiss = await nearMissOutside(db, audited, icp, metric);
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
    warnings: await valueWarnings(db, audited, tiers, metric),
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
