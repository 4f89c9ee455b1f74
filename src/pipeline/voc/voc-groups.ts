import type { TargetConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import type { TableRef } from '../analysis/table-ref.js';
import type { CustomerValueResult } from '../value/customer-value.js';
import { computeTarget } from '../value/target.js';

/** (account_id, grp): each account's tier, icp / outside, and ideal / rest when known. */
export const GROUPS_TABLE = '_voc_groups';

/**
 * Fills `_voc_groups` from the audit's table of accounts (`tiers`, its cross-fitted tiers): the
 * tier itself, `icp` for A-B, `outside` for every other tier (C, D, unknown, disqualified, as the
 * audit's leakage); and, from the config's target (computed here from the audit's value, in a
 * table of its own), `ideal` for positives and
 * `rest` for the other eligible accounts. Returns whether the target could be computed.
 */
export async function voiceGroups(
  dataset: Dataset,
  tiers: TableRef,
  value: CustomerValueResult,
  target: TargetConfig,
): Promise<{ available: boolean; note: string }> {
  const { db } = dataset;
  let ideal: { available: boolean; note: string };
  let targetTable: TableRef | undefined;
  try {
    const t = await computeTarget(dataset, value, target);
    targetTable = t.table;
    ideal = {
      available: true,
      note: `ideal: ${t.definition}; rest: the other ${t.kind === 'won' ? 'accounts with a closed deal' : 'customers'}`,
    };
  } catch (error) {
    if (!(error instanceof IcpError)) throw error;
    ideal = { available: false, note: `ideal customers cannot be told apart: ${error.message}` };
  }
  const idealRows = targetTable
    ? `UNION ALL SELECT account_id, CASE WHEN positive THEN 'ideal' ELSE 'rest' END FROM ${targetTable} WHERE eligible`
    : '';
  await db.run(`CREATE OR REPLACE TEMP TABLE ${GROUPS_TABLE} AS
    SELECT account_id, tier AS grp FROM ${tiers} WHERE tier IS NOT NULL
    UNION ALL SELECT account_id, CASE WHEN tier IN ('A', 'B') THEN 'icp' ELSE 'outside' END FROM ${tiers} WHERE tier IS NOT NULL
    ${idealRows}`);
  return ideal;
}

/**
 * The audit's bad-fit customers (its `badFit.criterion`): cost to serve above revenue when
 * both are measured, or tier D or disqualified when tiers are real; as a condition on the
 * audit's table of accounts.
 */
export function badFitCondition(value: CustomerValueResult, tierMethod: string): string {
  const costKnown = value.metrics.some((m) => m.id === 'net_value' && m.available);
  const parts = [
    ...(costKnown ? ['cost_to_serve > revenue_total'] : []),
    ...(tierMethod !== 'exploratory' ? [`tier IN ('D', 'disqualified')`] : []),
  ];
  return `coalesce(is_customer AND (${parts.length > 0 ? parts.join(' OR ') : 'false'}), false)`;
}
