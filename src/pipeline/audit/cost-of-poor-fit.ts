import {
  type CostOfPoorFit,
  type EffortUnit,
  netCostOfPoorFit,
  unmeasuredCost,
} from '../../core/audit/net-cost.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { type Database, num } from '../../data/db/database.js';
import type { TableRef } from '../analysis/table-ref.js';

/** Sales effort spent outside the ICP, counted in what the data support: deals worked. */
export interface SalesEffort {
  /** Closed deals (won or lost) of accounts in tiers C, D and disqualified. */
  readonly dealsWorked: number;
  /** Their share of all closed deals. */
  readonly share: number;
  readonly lost: number;
  /** Median days from created to closed over those deals; null without both dates. */
  readonly medianCycleDays: number | null;
}

/**
 * Measures the net cost of poor fit on the audit's table of accounts (`audited`: tier, customer value per
 * account): the bad-fit customers (`badWhere`) against tiers A-B, with effort in closed deals
 * when there are deals, else in customers won. `why` is set when it cannot be measured here
 * (no reliable profile, no revenue or cost): the cost then says so instead of a number.
 */
export async function measureCostOfPoorFit(
  db: Database,
  audited: TableRef,
  options: { readonly badWhere: string; readonly hasDeals: boolean; readonly why: string | null },
): Promise<CostOfPoorFit> {
  if (options.why) return unmeasuredCost(options.why);
  const unit: EffortUnit = options.hasDeals ? 'deal' : 'customer';
  // Per account: net value (customers only) and effort (closed deals, or 1 per customer).
  const effort = options.hasDeals
    ? `coalesce(d.closed, 0)`
    : `CASE WHEN a.is_customer THEN 1 ELSE 0 END`;
  const deals = options.hasDeals
    ? `LEFT JOIN (SELECT account_id, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed
        FROM deals GROUP BY 1) d USING (account_id)`
    : '';
  const row = await db.one(`WITH acc AS (
      SELECT a.tier, CASE WHEN a.is_customer THEN coalesce(a.net_value, 0) ELSE 0 END AS v,
        ${effort} AS e, (${options.badWhere}) AS bad
      FROM ${audited} a ${deals})
    SELECT count(*) FILTER (WHERE tier IN ('A', 'B') AND e > 0) AS m,
      ${exactSum('v', `tier IN ('A', 'B') AND e > 0`)} AS sum_v,
      ${exactSum('e', `tier IN ('A', 'B') AND e > 0`)} AS sum_e,
      ${exactSum('v * v', `tier IN ('A', 'B') AND e > 0`)} AS sum_vv,
      ${exactSum('v * e', `tier IN ('A', 'B') AND e > 0`)} AS sum_ve,
      ${exactSum('e * e', `tier IN ('A', 'B') AND e > 0`)} AS sum_ee,
      count(*) FILTER (WHERE bad) AS bad_n,
      ${exactSum('e', 'bad')} AS bad_e,
      ${exactSum('v', 'bad AND v > 0')} AS bad_earned,
      ${exactSum('-v', 'bad AND v < 0')} AS bad_lost
    FROM acc`);
  const sum = (key: string) => num(row?.[key]) || 0;
  return netCostOfPoorFit(
    unit,
    {
      m: sum('m'),
      sumV: sum('sum_v'),
      sumE: sum('sum_e'),
      sumVV: sum('sum_vv'),
      sumVE: sum('sum_ve'),
      sumEE: sum('sum_ee'),
    },
    {
      customers: sum('bad_n'),
      effort: sum('bad_e'),
      earned: sum('bad_earned'),
      lost: sum('bad_lost'),
    },
  );
}

/** Closed deals outside tiers A-B: how many, their share, how many were lost, their median cycle. */
export async function salesEffortOutside(
  db: Database,
  audited: TableRef,
  hasDates: boolean,
): Promise<SalesEffort | null> {
  const row = await db.one(`SELECT count(*) FILTER (WHERE outside) AS worked, count(*) AS closed,
      count(*) FILTER (WHERE outside AND stage = 'lost') AS lost,
      ${hasDates ? `median(date_diff('day', created_at, closed_at)) FILTER (WHERE outside)` : 'NULL::DOUBLE'} AS cycle
    FROM (SELECT d.*, a.tier NOT IN ('A', 'B') AS outside FROM deals d JOIN ${audited} a USING (account_id)
      WHERE stage IN ('won', 'lost'))`);
  const closed = num(row?.closed) || 0;
  if (closed === 0) return null;
  const worked = num(row?.worked) || 0;
  return {
    dealsWorked: worked,
    share: worked / closed,
    lost: num(row?.lost) || 0,
    medianCycleDays: row?.cycle === null || row?.cycle === undefined ? null : num(row.cycle),
  };
}
