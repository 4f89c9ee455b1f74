import type { TierKey } from '../icp/tiers.js';
import type { RateWithInterval } from '../stats/rate.js';

/**
 * The rows of an audit's result (the pipeline's AuditResult), as types the report and the
 * dashboard's page import instead of copying: a tier's row of the table by tier, and a bad-fit
 * customer.
 */

/**
 * A tier's rate with its sample size and 95% interval; null when nothing was counted. Win rates
 * count deals but take accounts as the independent units (`clusters`); churn rates use Wilson.
 */
export interface TierRate extends RateWithInterval {
  readonly clusters?: number;
}

export interface TierRow {
  readonly tier: TierKey;
  readonly accounts: number;
  readonly customers: number;
  readonly openPipeline: number | null;
  /** Open deals by count, amount or not; null without deals. */
  readonly openDeals: number | null;
  readonly winRate: TierRate | null;
  readonly medianCycleDays: number | null;
  readonly averageDealSize: number | null;
  readonly churnRate: TierRate | null;
  readonly netRevenueRetention: number | null;
  readonly costToServePerMonth: number | null;
  readonly netValuePerMonth: number | null;
  readonly nps: number | null;
}

export interface BadFitCustomer {
  readonly accountId: string;
  /** The account's name when the accounts carry one, else null. */
  readonly name: string | null;
  readonly tier: TierKey;
  readonly revenue: number;
  readonly costToServe: number;
  readonly netValue: number;
  readonly churned: boolean | null;
  readonly why: string;
  readonly reasons: string;
}
