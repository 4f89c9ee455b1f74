import { resolve } from 'node:path';
import type { IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { addMonths, periodStart } from '../../core/time/periods.js';
import { loadConfig } from '../../data/config/load-config.js';
import { num, str } from '../../data/db/database.js';
import { readIcp } from '../../data/icp/icp-file.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { renderReport } from '../../report/render-report.js';
import type { ReportModel, ValueMapData } from '../../report/report-model.js';
import type { TierKey } from '../../core/icp/tiers.js';
import { type AuditTables, auditDataset } from '../audit/audit.js';
import type { TableRef } from '../analysis/table-ref.js';
import { backtestDataset } from '../backtest/backtest.js';
import { accountRate } from '../../core/stats/account-rate.js';
import { driftDataset } from '../drift/drift.js';
import { computeCustomerValue } from '../value/customer-value.js';

/**
 * Gathers what the report shows from loaded data and an ICP: the audit (tiers, shares, bad
 * fit, cost of poor fit, signals), one point per customer for the value map (revenue and cost
 * to serve with the tier, from the audit's table of accounts), and the load warnings.
 */
export async function buildReportModel(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: { backtest?: boolean; onProgress?: ReportProgress } = {},
): Promise<ReportModel> {
  return (await reportOfDataset(dataset, config, icp, options)).model;
}

/** The report's model (`buildReportModel`) and the tables its audit made. */
export async function reportOfDataset(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: { backtest?: boolean; onProgress?: ReportProgress } = {},
): Promise<{ model: ReportModel; audit: AuditTables }> {
  const { onProgress } = options;
  onProgress?.('auditing (tiers cross-fitted)');
  const { result: audit, tables: audited } = await auditDataset(dataset, config, icp);
  const tables = [...dataset.tables.keys()].sort();
  const valueMap = await valueMapData(dataset, audited.accounts);
  const quality = await qualityData(dataset, icp, audit.tierSource.method, audited.oof);
  onProgress?.('measuring drift');
  const drift = await driftData(dataset, config, icp);
  const backtest: ReportModel['backtest'] = options.backtest
    ? await backtestData(dataset, config, icp, onProgress)
    : {
        available: false,
        reason: 'The backtest was not asked for (icp report runs it; --no-backtest skips it).',
      };
  const model: ReportModel = {
    icp,
    audit,
    name: config.name,
    currency: config.currency,
    tables,
    valueMap,
    quality,
    dataWarnings: dataset.warnings.map((w) => w.message),
    drift,
    backtest,
  };
  return { model, audit: audited };
}

/**
 * Gains and calibration from the out-of-fold scores the audit's cross-fitting left (`oof`, null
 * when the tiers are the ICP's as is): honest curves, since no unit is scored by a model that
 * saw it.
 */
async function qualityData(
  dataset: Dataset,
  icp: IcpDefinition,
  method: string,
  oof: AuditTables['oof'],
): Promise<ReportModel['quality']> {
  if (method === 'as-is' || oof === null)
    return {
      available: false,
      reason:
        'These are not the data the ICP was learned from (or it was edited), so there are no out-of-fold scores to draw gains and calibration from; icp backtest measures it on new data.',
    };
  const rows = await dataset.db.all(
    `SELECT y, score, logit, account_id FROM ${oof} ORDER BY score DESC, logit DESC, y, account_id`,
  );
  const n = rows.length;
  const positives = rows.reduce((s, r) => s + num(r.y), 0);
  if (n === 0 || positives === 0)
    return {
      available: false,
      reason: 'No out-of-fold score with a positive outcome to draw from.',
    };
  const gains = [{ share: 0, captured: 0 }];
  let found = 0;
  const step = Math.max(1, Math.floor(n / 50));
  rows.forEach((r, i) => {
    found += num(r.y);
    if ((i + 1) % step === 0 || i === n - 1)
      gains.push({ share: (i + 1) / n, captured: found / positives });
  });
  const cal = icp.scorecard?.calibration;
  const calibration: { predicted: number; observed: number; lo: number; hi: number; n: number }[] =
    [];
  if (cal && method === 'cross-fitted') {
    const probs = rows
      .map((r) => ({
        p: 1 / (1 + Math.exp(-(cal.a * num(r.logit) + cal.b))),
        y: num(r.y),
        account: str(r.account_id),
      }))
      .sort((a, b) => a.p - b.p);
    for (let g = 0; g < 10; g++) {
      const part = probs.slice(Math.floor((g * n) / 10), Math.floor(((g + 1) * n) / 10));
      if (part.length === 0) continue;
      const k = part.reduce((s, x) => s + x.y, 0);
      calibration.push({
        predicted: part.reduce((s, x) => s + x.p, 0) / part.length,
        observed: k / part.length,
        ...groupInterval(part),
        n: part.length,
      });
    }
  }
  return { available: true, gains, calibration };
}

/** Discovery backtested quarter by quarter over the last two years, or why it cannot be. */
async function backtestData(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  onProgress: ReportProgress | undefined,
): Promise<ReportModel['backtest']> {
  if (icp.target.kind === 'column')
    return {
      available: false,
      reason: 'The ICP was discovered from a single file: no dated tables to backtest.',
    };
  try {
    const end = (await computeCustomerValue(dataset, config.value)).asOf;
    const since = addMonths(periodStart(end, 'quarter'), -7 * 3);
    const r = await backtestDataset(
      dataset,
      { ...config, target: { ...config.target, kind: icp.target.kind } },
      {
        every: 'quarter',
        since,
        ...(onProgress
          ? { onProgress: (done: number, total: number) => onProgress('backtest', done, total) }
          : {}),
      },
    );
    return { available: true, unit: r.unit, windows: r.windows };
  } catch (error) {
    if (error instanceof IcpError) return { available: false, reason: error.message };
    throw error;
  }
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

/** One point per customer, or why there can be none, from the audit's table of accounts. */
async function valueMapData(dataset: Dataset, audited: TableRef): Promise<ValueMapData> {
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
  // The audit's accounts carry the money (its customer value) beside the tier.
  const rows = await dataset.db.all(
    `SELECT account_id, tier, revenue_total, cost_to_serve FROM ${audited}
     WHERE is_customer AND revenue_total IS NOT NULL AND cost_to_serve IS NOT NULL
     ORDER BY account_id`,
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

/**
 * What the report is doing, for a progress display: a stage's name, and for the quarterly
 * backtest (the slow part) the quarters done out of all.
 */
export type ReportProgress = (stage: string, done?: number, total?: number) => void;

export interface ReportOptions {
  readonly today?: string;
  readonly backtest?: boolean;
  readonly onProgress?: ReportProgress;
}

/** Loads the data a config names and renders the report of an ICP file as HTML. */
export async function buildReport(
  configPath: string,
  icpPath: string,
  options: ReportOptions = {},
): Promise<string> {
  const { onProgress } = options;
  const icp = await readIcp(icpPath);
  const loaded = await loadConfig(configPath);
  onProgress?.('loading the data');
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  let model: ReportModel;
  try {
    model = await buildReportModel(dataset, loaded.config, icp, {
      backtest: options.backtest ?? true,
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    dataset.close();
  }
  onProgress?.('drawing the charts');
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
  options: ReportOptions = {},
): Promise<string> {
  const html = await buildReport(configPath, icpPath, options);
  await writeFileAtomic(out, html);
  return resolve(out);
}

/**
 * The 95% interval of a group's observed rate: Wilson over accounts; over deals (an account on
 * each row), the accounts are the independent units, as everywhere else over deals.
 */
function groupInterval(part: readonly { y: number; account: string | null }[]): {
  lo: number;
  hi: number;
} {
  const y = Uint8Array.from(part, (x) => x.y);
  const deals = part.some((x) => x.account !== null);
  const r = accountRate(
    part.map((_, i) => i),
    y,
    deals ? part.map((x) => x.account) : null,
  );
  return { lo: r.lo, hi: r.hi };
}
