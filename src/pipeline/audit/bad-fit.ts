import { exactSum } from '../../core/sql/exact-sum.js';
import { type Database, num, str } from '../../data/db/database.js';
import type { TierKey } from '../../core/icp/tiers.js';
import type { TableRef } from '../analysis/table-ref.js';
import type { AuditResult } from './audit.js';

/**
 * The bad-fit customers on the audit's table of accounts (`audited`: tier and value), by what the data can measure: cost to
 * serve above revenue (with revenue and tickets), or tier D / disqualified (with a reliable
 * profile only: exploratory tiers mean nothing). The 25 worst by net value, named where the
 * accounts carry a name. Returns the SQL condition too, for the cost of poor fit.
 */
export async function badFitCustomers(
  db: Database,
  audited: TableRef,
  options: {
    readonly costKnown: boolean;
    readonly tierKnown: boolean;
    readonly customers: number;
    readonly named: boolean;
  },
): Promise<{ badFit: AuditResult['badFit']; badWhere: string }> {
  const { costKnown, tierKnown, customers, named } = options;
  const parts = [
    ...(costKnown ? ['cost_to_serve > revenue_total'] : []),
    ...(tierKnown ? [`tier IN ('D', 'disqualified')`] : []),
  ];
  const criterion =
    customers === 0
      ? 'not measurable: no customer in the data (no won deal, invoice or subscription)'
      : [
          ...(costKnown ? ['cost to serve above revenue'] : []),
          ...(tierKnown ? ['tier D or disqualified'] : []),
        ].join(', or ') || 'not measurable: no revenue and cost to serve, and no reliable tiers';
  const badWhere = `is_customer AND (${parts.length > 0 ? parts.join(' OR ') : 'false'})`;
  const bad = await db.one(
    `SELECT count(*) AS n, ${exactSum('cost_to_serve')} AS cost, ${exactSum('net_value')} AS value FROM ${audited} WHERE ${badWhere}`,
  );
  const top = await db.all(
    `SELECT account_id, ${named ? 'x.name' : 'NULL::VARCHAR AS name'}, tier, revenue_total, cost_to_serve, net_value, churned, icp_reasons
     FROM ${audited}${named ? ' LEFT JOIN (SELECT account_id, any_value(name) AS name FROM accounts GROUP BY 1) x USING (account_id)' : ''}
     WHERE ${badWhere} ORDER BY net_value, account_id LIMIT 25`,
  );
  return {
    badWhere,
    badFit: {
      criterion,
      count: num(bad?.n) || 0,
      supportCost: num(bad?.cost) || 0,
      netValue: num(bad?.value) || 0,
      top: top.map((r) => {
        const revenue = num(r.revenue_total) || 0;
        const cost = num(r.cost_to_serve) || 0;
        return {
          accountId: str(r.account_id) ?? '',
          name: str(r.name) ?? null,
          tier: str(r.tier) as TierKey,
          revenue,
          costToServe: cost,
          netValue: num(r.net_value) || 0,
          churned: r.churned === null ? null : Boolean(r.churned),
          why: cost > revenue ? 'costs more to serve than it pays' : `tier ${str(r.tier)}`,
          reasons: str(r.icp_reasons) ?? '',
        };
      }),
    },
  };
}
