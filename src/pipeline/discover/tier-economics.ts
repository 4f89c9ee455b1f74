import { compileScoreSql } from '../../core/icp/compile-sql.js';
import {
  type IcpDefinition,
  icpDefinitionSchema,
  type TierEconomics,
} from '../../core/icp/definition.js';
import type { RankedTier } from '../../core/icp/tiers.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { type JsonValue, num } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { icpId } from '../analysis/icp-id.js';
import type { PreparedAnalysis } from '../analysis/prepare-analysis.js';

/**
 * The ICP with what a customer of each tier was worth in these data (`economics`), so that a
 * market file can be sized by tier at score time: accounts and customers per tier, the average
 * ARR of its paying customers, the average won deal and the win rate. The accounts are tiered
 * by the ICP's own scorecard (in-sample: the ICP learned from them, so the gaps between tiers
 * are if anything a little wide). Unchanged when the data hold neither revenue nor deals, or the
 * ICP has no scorecard. Reads the attributes and value tables of discovery's analysis.
 */
export async function withTierEconomics(
  dataset: Dataset,
  icp: IcpDefinition,
  { value, tables }: Pick<PreparedAnalysis, 'value' | 'tables'>,
  currency: string,
): Promise<IcpDefinition> {
  const available = (id: string) => value.metrics.some((m) => m.id === id && m.available);
  const revenue = available('arr_current');
  const deals = available('deals_won');
  const amounts = available('avg_deal_size');
  if (!icp.scorecard || !icp.tiers || (!revenue && !deals)) return icp;
  // The scoring SQL casts each column it reads to text once (compile-sql.ts): typed columns
  // read as a file's text cells would.
  const described = await dataset.db.all(`DESCRIBE ${tables.attributes}`);
  const scored = compileScoreSql(icp, {
    dialect: 'duckdb',
    from: tables.attributes,
    columns: described.map((r) => String(r.column_name)),
  });
  const paying = 'v.is_customer AND v.arr_current > 0';
  const rows = await dataset.db.all(`SELECT s.icp_tier AS tier, count(*) AS accounts,
      count(*) FILTER (WHERE v.is_customer) AS customers,
      ${exactSum('v.arr_current', paying)} / nullif(count(*) FILTER (WHERE ${paying}), 0) AS arr,
      ${exactSum('v.avg_deal_size * v.deals_won', 'v.avg_deal_size IS NOT NULL')} / nullif(${exactSum('v.deals_won', 'v.avg_deal_size IS NOT NULL')}, 0) AS deal,
      ${exactSum('v.deals_won')} / nullif(${exactSum('v.deals_won + v.deals_lost')}, 0) AS win
    FROM (${scored}) s JOIN ${tables.value} v USING (account_id)
    GROUP BY 1`);
  const byTier = new Map(rows.map((r) => [String(r.tier), r]));
  const money = (x: JsonValue | undefined) =>
    x === null || x === undefined ? null : Math.round(num(x) * 100) / 100;
  const share = (x: JsonValue | undefined) =>
    x === null || x === undefined ? null : Math.round(num(x) * 1e4) / 1e4;
  const tier = (t: RankedTier): TierEconomics => {
    const r = byTier.get(t);
    return {
      accounts: num(r?.accounts ?? 0),
      customers: num(r?.customers ?? 0),
      average_arr: revenue ? money(r?.arr) : null,
      average_deal_size: deals && amounts ? money(r?.deal) : null,
      win_rate: deals ? share(r?.win) : null,
    };
  };
  const { id: _id, provenance, ...rest } = icp;
  const body = {
    ...rest,
    economics: { currency, tiers: { A: tier('A'), B: tier('B'), C: tier('C'), D: tier('D') } },
    provenance,
  };
  return icpDefinitionSchema.parse({ id: icpId(body), ...body });
}
