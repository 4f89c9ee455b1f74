import type { Condition } from '../../core/icp/definition.js';
import type { VerifyRows } from '../../core/verify/measure.js';
import type { Database } from '../../data/db/database.js';
import { readColumns } from '../../data/db/read-columns.js';
import { badCustomerSql } from '../value/bad-customer.js';
import type { AnalysisTables } from '../analysis/prepare-analysis.js';
import type { TableRef } from '../analysis/table-ref.js';

/**
 * One row per account, in account order: the attributes the criteria use (as numbers where a
 * criterion compares them), the target, value, bad-fit flag and, with `tables.tiers`, the tier
 * `tierAccounts` gave. Reads the tables of one analysis (`prepareAnalysis`).
 */
export async function readVerifyRows(
  db: Database,
  conditions: readonly Condition[],
  tables: AnalysisTables & { readonly tiers: TableRef | undefined },
): Promise<VerifyRows> {
  const withTiers = tables.tiers !== undefined;
  const attrs = [...new Set(conditions.map((c) => c.attribute))];
  const spec: Record<string, 'number' | 'text'> = {
    _eligible: 'number',
    _positive: 'number',
    _bad: 'number',
    _customer: 'number',
    _revenue: 'number',
    _net: 'number',
    _tenure: 'number',
    _tier: 'text',
  };
  const numeric = new Set<string>();
  for (const c of conditions)
    if (c.op === 'between' || c.op === '<' || c.op === '<=' || c.op === '>' || c.op === '>=')
      numeric.add(c.attribute);
  for (const a of attrs) spec[a] = numeric.has(a) ? 'number' : 'text';
  const data = await readColumns(
    db,
    `SELECT x.*, coalesce(t.eligible, false)::INT AS _eligible, coalesce(t.positive, false)::INT AS _positive,
       (v.is_customer AND ${badCustomerSql('v')})::INT AS _bad,
       v.is_customer::INT AS _customer, v.revenue_total AS _revenue, v.net_value AS _net, v.tenure_months AS _tenure,
       ${withTiers ? 'k.tier' : 'NULL::VARCHAR'} AS _tier
     FROM ${tables.attributes} x LEFT JOIN ${tables.target} t USING (account_id) LEFT JOIN ${tables.value} v USING (account_id)
     ${withTiers ? `LEFT JOIN ${tables.tiers} k USING (account_id)` : ''} ORDER BY x.account_id`,
    spec,
  );
  const flag = (name: string) =>
    Uint8Array.from(data.numbers[name] ?? [], (v) => (v === 1 ? 1 : 0));
  return {
    n: data.rows,
    numbers: data.numbers,
    texts: data.texts,
    eligible: flag('_eligible'),
    positive: flag('_positive'),
    bad: flag('_bad'),
    customer: flag('_customer'),
    revenue: data.numbers._revenue as Float64Array,
    netValue: data.numbers._net as Float64Array,
    tenure: data.numbers._tenure as Float64Array,
    tier: data.texts._tier ?? [],
  };
}
