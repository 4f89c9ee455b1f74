import type { TargetConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { percent } from '../../core/format/percent.js';
import { num } from '../../data/db/database.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';
import type { CustomerValueResult } from './customer-value.js';

/** The target as computed: who counts, who is positive, and the numbers behind the cut. */
export interface TargetResult {
  /** The DuckDB table, made for this call, with account_id, eligible, positive. */
  readonly table: TableRef;
  readonly kind: TargetConfig['kind'];
  /** In plain words, for every output: what a positive is and who is counted. */
  readonly definition: string;
  readonly eligible: number;
  readonly positives: number;
  /** ideal only: the net value per month at the top-share cut. */
  readonly threshold?: number;
  readonly settings: TargetConfig;
}

/**
 * Marks each account eligible (counted) and positive (the target) in a table of its own,
 * read from `value.table`:
 * - ideal: among customers, those not churned, in the top `top_share` by net value per month,
 *   whose cost to serve stays within `max_cost_share` of revenue;
 * - won: among closed deals of known accounts, the won ones (the table marks accounts
 *   with a closed deal, positive when one was won);
 * - retained: among customers, those not churned.
 */
export async function computeTarget(
  dataset: Dataset,
  value: CustomerValueResult,
  settings: TargetConfig,
): Promise<TargetResult> {
  const { db } = dataset;
  const table = uniqueTable('_target');
  const { kind, top_share: top, max_cost_share: maxCost } = settings;
  const metric = (id: string) => value.metrics.find((m) => m.id === id);
  const require = (id: string) => {
    const m = metric(id);
    if (!m?.available) {
      throw new IcpError(
        'CONFIG',
        `target.kind: ${kind} needs ${id.replaceAll('_', ' ')}, which is unavailable (${m?.reason ?? 'unknown'}). ${targetFix(kind, (id) => metric(id)?.available === true)}.`,
      );
    }
  };
  let threshold: number | undefined;
  let definition: string;
  switch (kind) {
    case 'ideal': {
      require('net_value_per_month');
      require('churned');
      const cut = await db.one(
        `SELECT quantile_cont(net_value_per_month, ${1 - top}) AS q FROM ${value.table} WHERE is_customer AND NOT churned AND net_value_per_month IS NOT NULL`,
      );
      threshold = num(cut?.q);
      const q = Number.isFinite(threshold) ? threshold : 'NULL';
      await db.run(`CREATE TABLE ${table} AS
        SELECT account_id, coalesce(is_customer, false) AS eligible,
          coalesce(is_customer AND NOT churned AND net_value_per_month >= ${q} AND coalesce(cost_share, 0) <= ${maxCost}, false) AS positive
        FROM ${value.table} ORDER BY account_id`);
      definition = `ideal: a customer that has not churned, in the top ${percent(top, 'trimmed')} by net value per month (at least ${money(threshold)}), whose cost to serve is at most ${percent(maxCost, 'trimmed')} of revenue; counted among all customers`;
      break;
    }
    case 'won':
      require('deals_won');
      await db.run(`CREATE TABLE ${table} AS
        SELECT account_id, coalesce(deals_won + deals_lost > 0, false) AS eligible, coalesce(deals_won > 0, false) AS positive
        FROM ${value.table} ORDER BY account_id`);
      definition = 'won: a closed deal that was won; counted among closed deals of known accounts';
      break;
    case 'retained':
      require('churned');
      await db.run(`CREATE TABLE ${table} AS
        SELECT account_id, coalesce(is_customer, false) AS eligible, coalesce(is_customer AND NOT churned, false) AS positive
        FROM ${value.table} ORDER BY account_id`);
      definition = 'retained: a customer that has not churned; counted among all customers';
      break;
    default: {
      const never: never = kind;
      throw new Error(`unknown target ${String(never)}`);
    }
  }
  // The won target is learnt on deals (each account's attributes, each deal's outcome).
  const counts = await db.one(
    kind === 'won'
      ? "SELECT count(*) AS e, count(*) FILTER (WHERE d.stage = 'won') AS p FROM deals d JOIN accounts USING (account_id) WHERE d.stage IN ('won', 'lost')"
      : `SELECT count(*) FILTER (WHERE eligible) AS e, count(*) FILTER (WHERE eligible AND positive) AS p FROM ${table}`,
  );
  return {
    table,
    kind,
    definition,
    eligible: num(counts?.e),
    positives: num(counts?.p),
    ...(threshold !== undefined && Number.isFinite(threshold) ? { threshold } : {}),
    settings,
  };
}

const money = (x: number) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 2 }) : 'n/a';

/** The metrics each target kind is computed from. */
const TARGET_NEEDS: Record<TargetConfig['kind'], readonly string[]> = {
  ideal: ['net_value_per_month', 'churned'],
  won: ['deals_won'],
  retained: ['churned'],
};

/** The fix: add the table, or the kinds these tables can compute, or the one-export path. */
function targetFix(kind: TargetConfig['kind'], available: (id: string) => boolean): string {
  const kinds = (Object.keys(TARGET_NEEDS) as TargetConfig['kind'][]).filter(
    (k) => k !== kind && TARGET_NEEDS[k].every(available),
  );
  return kinds.length > 0
    ? `Add the missing table, or choose target.kind: ${kinds.join(' or ')}`
    : 'Add the missing table: no other target.kind can be computed from these tables either. For one export that holds the outcome, run icp discover --data FILE --target COLUMN --positive VALUE';
}
