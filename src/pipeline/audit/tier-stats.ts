import { exactSum } from '../../core/sql/exact-sum.js';
import { type Database, type Row, str } from '../../data/db/database.js';
import type { TableRef } from '../analysis/table-ref.js';
import type { TierKey } from '../../core/icp/tiers.js';

/**
 * What the audit counts per tier on its table of accounts (`audited`): accounts, customers,
 * churn, NRR, cost to serve and net value per month, revenue and support cost; with deals, won
 * and closed deals, open pipeline, cycle, deal size and bookings of the 12 months to `asOf`;
 * with feedback, NPS. And per tier and account, its won and closed deals (win rates count
 * accounts as the units). Rows as DuckDB returns them: the caller sums in tier order.
 */
export async function readTierStats(
  db: Database,
  audited: TableRef,
  options: { readonly asOf: string; readonly hasDeals: boolean; readonly hasFeedback: boolean },
): Promise<{ byTier: Map<TierKey, Row>; perAccount: Row[] }> {
  const dealStats = options.hasDeals
    ? `, d AS (SELECT a.tier,
          count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed,
          ${exactSum('amount', `stage = 'open'`)} AS open_pipeline, count(*) FILTER (WHERE stage = 'open') AS open_deals,
          count(amount) FILTER (WHERE stage = 'open') AS open_priced,
          median(date_diff('day', created_at, closed_at)) FILTER (WHERE stage = 'won') AS cycle,
          ${exactSum('amount', `stage = 'won'`)} / nullif(count(amount) FILTER (WHERE stage = 'won'), 0) AS deal_size,
          ${exactSum('amount', `stage = 'won' AND closed_at > DATE '${options.asOf}' - INTERVAL 12 MONTH`)} AS bookings
        FROM deals JOIN ${audited} a USING (account_id) GROUP BY 1)`
    : ', d AS (SELECT NULL::VARCHAR AS tier, 0 AS won, 0 AS closed, NULL::DOUBLE AS open_pipeline, 0 AS open_deals, 0 AS open_priced, NULL::DOUBLE AS cycle, NULL::DOUBLE AS deal_size, NULL::DOUBLE AS bookings WHERE false)';
  const npsStats = options.hasFeedback
    ? `, f AS (SELECT a.tier, 100.0 * (avg((score >= 9)::INT) - avg((score <= 6)::INT)) AS nps FROM feedback JOIN ${audited} a USING (account_id) GROUP BY 1)`
    : ', f AS (SELECT NULL::VARCHAR AS tier, NULL::DOUBLE AS nps WHERE false)';
  const rows = await db.all(`WITH t AS (SELECT tier, count(*) AS accounts,
        count(*) FILTER (WHERE is_customer) AS customers,
        count(*) FILTER (WHERE is_customer AND churned) AS churned,
        count(*) FILTER (WHERE is_customer AND churned IS NOT NULL) AS churn_n,
        ${exactSum('arr_current', `arr_12m_ago > 0`)} / nullif(${exactSum('arr_12m_ago', 'arr_12m_ago > 0')}, 0) AS nrr,
        ${exactSum('cost_to_serve', `is_customer`)} / nullif(${exactSum('tenure_months', `is_customer`)}, 0) AS cost_month,
        ${exactSum('net_value', `is_customer`)} / nullif(${exactSum('tenure_months', `is_customer`)}, 0) AS value_month,
        ${exactSum('revenue_total')} AS revenue, ${exactSum('cost_to_serve')} AS support
      FROM ${audited} GROUP BY 1)${dealStats}${npsStats}
    SELECT t.*, d.won, d.closed, d.open_pipeline, d.open_deals, d.open_priced, d.cycle, d.deal_size, d.bookings, f.nps FROM t LEFT JOIN d USING (tier) LEFT JOIN f USING (tier)`);
  const perAccount = options.hasDeals
    ? await db.all(
        `SELECT a.tier, account_id, count(*) FILTER (WHERE stage = 'won') AS won, count(*) FILTER (WHERE stage IN ('won', 'lost')) AS closed
         FROM deals JOIN ${audited} a USING (account_id) GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    : [];
  return { byTier: new Map(rows.map((r) => [str(r.tier) as TierKey, r])), perAccount };
}
