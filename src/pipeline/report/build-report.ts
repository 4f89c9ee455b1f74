import { resolve } from 'node:path';
import type { IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { loadConfig } from '../../data/config/load-config.js';
import { num, str } from '../../data/db/database.js';
import { readIcp } from '../../data/icp/icp-file.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { renderReport } from '../../report/render-report.js';
import type { ReportModel, TierKey, ValueMapData } from '../../report/report-model.js';
import { auditIcp } from '../audit/audit.js';
import { driftDataset } from '../drift/drift.js';

/**
 * Gathers what the report shows from loaded data and an ICP: the audit (tiers, shares, bad
 * fit, cost of poor fit, signals), one point per customer for the value map (revenue and cost
 * to serve from the `account_value` table, with the audit's tier), and the load warnings.
 */
export async function buildReportModel(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
): Promise<ReportModel> {
  const audit = await auditIcp(dataset, config, icp);
  const tables = [...dataset.tables.keys()].sort();
  return {
    icp,
    audit: {
      ...audit,
      costOfPoorFit: audit.costOfPoorFit.map((c) => ({
        ...c,
        unit: c.part.startsWith('sales days') ? ('days' as const) : ('money' as const),
      })),
    },
    name: config.name,
    currency: config.currency,
    tables,
    valueMap: await valueMapData(dataset),
    dataWarnings: dataset.warnings.map((w) => w.message),
    // Last: drift recomputes value and target, which the value map read above.
    drift: await driftData(dataset, config, icp),
  };
}

/** Drift over the last eight quarters, or why it cannot be measured here. */
async function driftData(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
): Promise<ReportModel['drift']> {
  try {
    return { available: true, ...(await driftDataset(dataset, config, icp)) };
  } catch (error) {
    if (error instanceof IcpError) return { available: false, reason: error.message };
    throw error;
  }
}

/** One point per customer, or why there can be none. Needs the audit's `_audit` table. */
async function valueMapData(dataset: Dataset): Promise<ValueMapData> {
  const has = (t: Parameters<typeof dataset.tables.has>[0]) => dataset.tables.has(t);
  const revenue = has('invoices') || has('subscriptions');
  const cost = has('tickets');
  if (!revenue || !cost) {
    return {
      available: false,
      reason:
        !revenue && !cost
          ? 'No invoices or subscriptions and no tickets: revenue and cost to serve are not measurable.'
          : !revenue
            ? 'No invoices or subscriptions: revenue is not measurable.'
            : 'No tickets: cost to serve is not measurable.',
    };
  }
  // account_value holds the money; _audit (which the audit built from it) adds the tier.
  const rows = await dataset.db.all(
    `SELECT v.account_id, a.tier, v.revenue_total, v.cost_to_serve
     FROM account_value v JOIN _audit a USING (account_id)
     WHERE v.is_customer AND v.revenue_total IS NOT NULL AND v.cost_to_serve IS NOT NULL
     ORDER BY v.account_id`,
  );
  return {
    available: true,
    customers: rows.map((r) => ({
      accountId: str(r.account_id) ?? '',
      tier: (str(r.tier) ?? 'D') as TierKey,
      revenue: num(r.revenue_total),
      costToServe: num(r.cost_to_serve),
    })),
  };
}

/** Loads the data a config names and renders the report of an ICP file as HTML. */
export async function buildReport(
  configPath: string,
  icpPath: string,
  options: { today?: string } = {},
): Promise<string> {
  const icp = await readIcp(icpPath);
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  let model: ReportModel;
  try {
    model = await buildReportModel(dataset, loaded.config, icp);
  } finally {
    dataset.close();
  }
  return renderReport(model);
}

/**
 * Builds the report and writes it to `out`, whole or not at all; returns the absolute path.
 * The demo calls this after the audit.
 *
 * @example await writeReport('icp.config.yaml', 'icp.json', 'report.html')
 */
export async function writeReport(
  configPath: string,
  icpPath: string,
  out: string,
  options: { today?: string } = {},
): Promise<string> {
  const html = await buildReport(configPath, icpPath, options);
  await writeFileAtomic(out, html);
  return resolve(out);
}
