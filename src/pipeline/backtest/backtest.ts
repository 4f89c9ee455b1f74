import type { IcpConfig } from '../../core/config/schema.js';
import { planWindows } from '../../core/backtest/plan-windows.js';
import {
  type BacktestWindow,
  unscoredWindow,
  windowHead,
  windowResult,
} from '../../core/backtest/window-result.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import type { Every } from '../../core/time/periods.js';
import { loadConfig } from '../../data/config/load-config.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { cutAt } from '../analysis/cut-dataset.js';
import { discoverIcp } from '../discover/discover.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { readWindowUnits } from './window-units.js';

// The window's types are computed in core (pure) and part of backtest's API, as is the period.
export type {
  BacktestTier,
  BacktestWindow,
  Miss,
} from '../../core/backtest/window-result.js';
export type { Every } from '../../core/time/periods.js';

export interface BacktestResult {
  readonly target: string;
  /** What is scored after each date: accounts created then, or deals opened then. */
  readonly unit: 'account' | 'deal';
  readonly windows: readonly BacktestWindow[];
}

export interface BacktestOptions {
  /** One backtest: discovery as of this date, scored on everything after it. */
  readonly asOf?: string;
  /** Repeated backtests, one per period, each scored on the period that follows. */
  readonly every?: Every;
  /** With `every`: the first date (default: one year after the first record). */
  readonly since?: string;
  /** Overrides the config's target kind. */
  readonly target?: IcpConfig['target']['kind'];
  readonly today?: string;
  readonly onProgress?: (done: number, total: number, stage: string) => void;
}

/**
 * Backtests ICP discovery through time: for each date, discovery runs on what was known before it
 * (a view of every table cut at the date, see `cutAt`), and the ICP it finds scores the accounts (or
 * deals, for the won target) that arrived afterwards, against the outcomes that followed.
 */
export async function backtest(
  configPath: string,
  options: BacktestOptions,
): Promise<BacktestResult> {
  if ((options.asOf === undefined) === (options.every === undefined))
    throw new IcpError('USAGE', 'give either --as-of DATE or --every month|quarter|year.');
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    const config = options.target
      ? { ...loaded.config, target: { ...loaded.config.target, kind: options.target } }
      : loaded.config;
    return await backtestDataset(dataset, config, options);
  } finally {
    dataset.close();
  }
}

export async function backtestDataset(
  dataset: Dataset,
  config: IcpConfig,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const full = await computeCustomerValue(dataset, config.value);
  const end = full.asOf;
  const kind = config.target.kind;
  const unit = kind === 'won' ? 'deal' : 'account';
  const table = unit === 'deal' ? 'deals' : 'accounts';
  if (!dataset.tables.get(table)?.columns.created_at)
    throw new IcpError(
      'DATA',
      unit === 'deal'
        ? "a backtest of the won target needs the deals' created date (map deals.columns.created_at in the config)."
        : "a backtest needs the accounts' created date, to know which accounts arrived after each date (map accounts.columns.created_at in the config), or use target kind won with dated deals.",
    );
  const first = String(
    (await dataset.db.one(`SELECT CAST(min(created_at) AS VARCHAR) AS d FROM ${table}`))?.d,
  );
  const windows = planWindows(options, first, end);
  const out: BacktestWindow[] = [];
  for (const [i, w] of windows.entries()) {
    options.onProgress?.(i, windows.length, `as of ${w.asOf}`);
    const icp = await discoverAsOf(dataset, config, w.asOf);
    out.push(await scoreWindow(dataset, config, icp, w, unit));
  }
  options.onProgress?.(windows.length, windows.length, 'done');
  return { target: `${kind}, outcomes as of ${end}`, unit, windows: out };
}

/**
 * Discovery on what was known before `date` only: a view of the dataset cut at the date (see
 * `cutAt`), value computed as of it. The dataset's own tables are never touched.
 */
export async function discoverAsOf(
  dataset: Dataset,
  config: IcpConfig,
  date: string,
): Promise<IcpDefinition> {
  const view = await cutAt(dataset, date);
  try {
    // The economics of each window's ICP are never read here: skip their scoring pass.
    return await discoverIcp(
      dataset,
      { ...config, value: { ...config.value, as_of: date } },
      { economics: false },
    );
  } finally {
    await view.close();
  }
}

/** The ICP of a window scores the units that arrived in it (gathered in SQL, measured in core). */
async function scoreWindow(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  w: { asOf: string; until: string },
  unit: 'account' | 'deal',
): Promise<BacktestWindow> {
  const head = windowHead(icp, w);
  const read = await readWindowUnits(dataset, config, icp, w, unit);
  if (read.kind === 'counted') return unscoredWindow(head, read.units, read.positives);
  // The library scorer (the same answers as the SQL, see test/scoring-differential.test.ts)
  // also says which bin of each attribute every unit fell in, for the misses.
  const scores = read.records.map((r) => scoreRecord(icp, r));
  const attributes = (icp.scorecard?.attributes ?? []).map((a) => a.name);
  return windowResult(head, read.y, scores, attributes, read.accounts);
}
