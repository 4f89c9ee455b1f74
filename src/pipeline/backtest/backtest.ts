import type { IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { auc, calibrationError } from '../../core/stats/metrics.js';
import { benjaminiHochberg, normalTail } from '../../core/stats/multiple-testing.js';
import { addMonths, checkDate, type Every, periodsBetween } from '../../core/time/periods.js';
import { loadConfig } from '../../data/config/load-config.js';
import { readColumns } from '../../data/db/read-columns.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { discoverIcp } from '../discover/discover.js';
import { prepareAttributes } from '../analysis/discovery-rows.js';
import { accountRate } from '../analysis/account-rate.js';
import { computeCustomerValue } from '../value/customer-value.js';
import { computeTarget } from '../value/target.js';
import { cutOff } from '../analysis/cut-dataset.js';

// The period type is part of BacktestOptions, so backtest's users import it from here too.
export type { Every } from '../../core/time/periods.js';

export interface BacktestTier {
  readonly tier: 'A' | 'B' | 'C' | 'D' | 'unknown' | 'disqualified';
  readonly n: number;
  readonly positives: number;
  /**
   * Share of this tier that turned out positive, with its 95% interval (Wilson over accounts;
   * over deals, the accounts as the independent units).
   */
  readonly rate: number;
  readonly lo: number;
  readonly hi: number;
  /** Share of all scored units in this tier, and of all positives. */
  readonly share: number;
  readonly captured: number;
  /** What the ICP predicted: the mean calibrated probability in this tier. */
  readonly predicted: number;
}

export interface BacktestWindow {
  /** Discovery saw only what was known before this date. */
  readonly asOf: string;
  /** Scored: the units that arrived from `asOf` up to and including `until`. */
  readonly until: string;
  readonly icp: string;
  readonly verdict: IcpDefinition['verdict']['kind'];
  /** The fitted ICP's own cross-validated AUC, when it has a scorecard. */
  readonly cvAuc: { auc: number; lo: number; hi: number } | null;
  readonly units: number;
  readonly positives: number;
  readonly auc: { auc: number; lo: number; hi: number } | null;
  /** Tiers A-B: their share of the units, of the positives, and lift (captured / share). */
  readonly shareAB: number | null;
  readonly capturedAB: number | null;
  readonly liftAB: number | null;
  readonly calibrationError: number | null;
  readonly tiers: readonly BacktestTier[];
  /** The forward AUC interval lies wholly below the ICP's cross-validated interval. */
  readonly weaker: boolean;
  /** Bins whose outcomes departed from the prediction (false-discovery rate 5%), largest first. */
  readonly misses: readonly Miss[];
}

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
 * (every table cut at the date, see `cutOff`), and the ICP it finds scores the accounts (or
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
  const dated =
    unit === 'deal'
      ? dataset.tables.get('deals')?.columns.created_at
      : dataset.tables.get('accounts')?.columns.created_at;
  if (!dated)
    throw new IcpError(
      'DATA',
      unit === 'deal'
        ? "a backtest of the won target needs the deals' created date (map deals.columns.created_at in the config)."
        : "a backtest needs the accounts' created date, to know which accounts arrived after each date (map accounts.columns.created_at in the config), or use target kind won with dated deals.",
    );
  const table = unit === 'deal' ? 'deals' : 'accounts';
  const first = String(
    (await dataset.db.one(`SELECT CAST(min(created_at) AS VARCHAR) AS d FROM ${table}`))?.d,
  );
  const windows: { asOf: string; until: string }[] = [];
  if (options.asOf) {
    checkDate(options.asOf, '--as-of');
    if (options.asOf >= end)
      throw new IcpError(
        'USAGE',
        `--as-of ${options.asOf}: the data end on ${end}, so nothing came after it to score.`,
      );
    windows.push({ asOf: options.asOf, until: end });
  } else {
    const every = options.every as Every;
    if (options.since) checkDate(options.since, '--since');
    windows.push(...periodsBetween(options.since ?? addMonths(first, 12), end, every));
    if (windows.length === 0)
      throw new IcpError(
        'USAGE',
        `no ${every} starts between ${options.since ?? first} and ${end}.`,
      );
  }

  const out: BacktestWindow[] = [];
  for (const [i, w] of windows.entries()) {
    options.onProgress?.(i, windows.length, `as of ${w.asOf}`);
    const icp = await discoverAsOf(dataset, config, w.asOf);
    out.push(await scoreWindow(dataset, config, icp, w, unit));
  }
  options.onProgress?.(windows.length, windows.length, 'done');
  return {
    target: `${kind}, outcomes as of ${end}`,
    unit,
    windows: out,
  };
}

/**
 * Discovery on what was known before `date` only: every table cut at the date (see `cutOff`),
 * value computed as of it. The dataset is whole again afterwards.
 */
export async function discoverAsOf(
  dataset: Dataset,
  config: IcpConfig,
  date: string,
): Promise<IcpDefinition> {
  await cutOff(dataset, date);
  try {
    // The economics of each window's ICP are never read here: skip their scoring pass.
    return await discoverIcp(
      dataset,
      { ...config, value: { ...config.value, as_of: date } },
      { economics: false },
    );
  } finally {
    await cutOff(dataset, null);
  }
}

async function scoreWindow(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  w: { asOf: string; until: string },
  unit: 'account' | 'deal',
): Promise<BacktestWindow> {
  const base = {
    asOf: w.asOf,
    until: w.until,
    icp: icp.id,
    verdict: icp.verdict.kind,
    cvAuc: icp.validation
      ? {
          auc: icp.validation.auc,
          lo: icp.validation.auc_interval.lo,
          hi: icp.validation.auc_interval.hi,
        }
      : null,
  };
  const value = await computeCustomerValue(dataset, config.value);
  await computeTarget(dataset, value, config.target);
  await prepareAttributes(dataset);
  const range = (c: string) =>
    `${c} >= DATE ${quoteLiteral(w.asOf)} AND ${c} <= DATE ${quoteLiteral(w.until)}`;
  const units =
    unit === 'deal'
      ? `SELECT d.account_id, (d.stage = 'won')::INT AS y FROM deals d JOIN accounts a USING (account_id)
         WHERE d.stage IN ('won', 'lost') AND ${range('d.created_at')}`
      : `SELECT t.account_id, t.positive::INT AS y FROM account_target t JOIN accounts a USING (account_id)
         WHERE t.eligible AND ${range('a.created_at')}`;
  const empty = {
    ...base,
    units: 0,
    positives: 0,
    auc: null,
    shareAB: null,
    capturedAB: null,
    liftAB: null,
    calibrationError: null,
    tiers: [],
    weaker: false,
    misses: [],
  };
  if (!icp.scorecard) {
    const n = await dataset.db.one(`SELECT count(*) AS n, sum(y) AS k FROM (${units})`);
    return { ...empty, units: Number(n?.n ?? 0), positives: Number(n?.k ?? 0) };
  }
  // The library scorer (the same answers as the SQL, see test/scoring-differential.test.ts)
  // also says which bin of each attribute every unit fell in, for the misses below.
  const attrs = icp.scorecard.attributes;
  // Over deals, each deal's account: the tiers' intervals count accounts, not deals.
  const spec: Record<string, 'number' | 'text'> = { _y: 'number', _account: 'text' };
  for (const a of attrs) spec[a.name] = a.kind === 'numeric' ? 'number' : 'text';
  const data = await readColumns(
    dataset.db,
    `SELECT u.y AS _y, u.account_id AS _account, x.* FROM (${units}) u JOIN _account_attributes x USING (account_id) ORDER BY u.account_id, u.y`,
    spec,
  );
  const accounts = unit === 'deal' ? (data.texts._account ?? []) : null;
  const y = Uint8Array.from(data.numbers._y ?? [], (v) => (v === 1 ? 1 : 0));
  const scores = Array.from(y, (_, i) => {
    const record: Record<string, unknown> = {};
    for (const a of attrs) {
      const v = a.kind === 'numeric' ? data.numbers[a.name]?.[i] : data.texts[a.name]?.[i];
      record[a.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    }
    return scoreRecord(icp, record);
  });
  const score = Float64Array.from(scores, (r) => r.score);
  const prob = Float64Array.from(scores, (r) => r.probability);
  const tier = scores.map((r) => (r.disqualified ? 'disqualified' : r.tier));
  const n = y.length;
  const positives = y.reduce((s, v) => s + v, 0);
  if (n === 0) return empty;
  const tiers: BacktestTier[] = (['A', 'B', 'C', 'D', 'unknown', 'disqualified'] as const).map(
    (t) => {
      const rows: number[] = [];
      let k = 0;
      let p = 0;
      for (let i = 0; i < n; i++) {
        if (tier[i] !== t) continue;
        rows.push(i);
        k += y[i] as number;
        p += prob[i] as number;
      }
      const count = rows.length;
      const rate = count > 0 ? accountRate(rows, y, accounts) : null;
      const ci = rate ? { lo: rate.lo, hi: rate.hi } : { lo: 0, hi: 0 };
      return {
        tier: t,
        n: count,
        positives: k,
        rate: count > 0 ? k / count : 0,
        ...ci,
        share: count / n,
        captured: positives > 0 ? k / positives : 0,
        predicted: count > 0 ? p / count : 0,
      };
    },
  );
  const ab = tiers.filter((t) => t.tier === 'A' || t.tier === 'B');
  const shareAB = ab.reduce((s, t) => s + t.share, 0);
  const capturedAB = positives > 0 ? ab.reduce((s, t) => s + t.captured, 0) : null;
  const forward = positives > 0 && positives < n ? auc(score, y) : null;
  return {
    ...base,
    units: n,
    positives,
    auc: forward,
    shareAB,
    capturedAB,
    liftAB: capturedAB !== null && shareAB > 0 ? capturedAB / shareAB : null,
    calibrationError: calibrationError(prob, y),
    tiers,
    weaker: forward !== null && base.cvAuc !== null && forward.hi < base.cvAuc.lo,
    misses: misses(
      attrs.flatMap((a) =>
        groupBy(scores, (r) => r.reasons.find((x) => x.attribute === a.name)?.bin).map(
          ([bin, rows]) => ({ attribute: a.name, bin, rows }),
        ),
      ),
      y,
      prob,
    ),
  };
}

/** A bin of a scorecard attribute where the outcomes after the date departed from the ICP's prediction. */
export interface Miss {
  readonly attribute: string;
  readonly bin: string;
  readonly n: number;
  readonly observed: number;
  /** Predicted positives, scaled so the window's predicted total equals its observed total. */
  readonly expected: number;
  /** better: more positives than the ICP predicted (an emerging segment); worse: fewer. */
  readonly direction: 'better' | 'worse';
  readonly q: number;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string | undefined): [string, number[]][] {
  const m = new Map<string, number[]>();
  xs.forEach((x, i) => {
    const k = key(x);
    if (k === undefined) return;
    const list = m.get(k) ?? [];
    list.push(i);
    m.set(k, list);
  });
  return [...m].sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * Where the ICP was wrong going forward: per bin, observed positives against those predicted,
 * with the window's overall level taken out (predictions scaled to the observed total), a
 * normal test on the sum of Bernoulli variances, and Benjamini-Hochberg over every bin at 5%.
 * Bins of fewer than 20 units are not tested.
 */
export function misses(
  cells: readonly { attribute: string; bin: string; rows: readonly number[] }[],
  y: Uint8Array,
  prob: Float64Array,
): Miss[] {
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < y.length; i++) {
    obs += y[i] as number;
    exp += prob[i] as number;
  }
  const scale = exp > 0 ? obs / exp : 1;
  const tested = cells
    .filter((c) => c.rows.length >= 20)
    .map((c) => {
      let o = 0;
      let e = 0;
      let v = 0;
      for (const i of c.rows) {
        const p = Math.min(1, (prob[i] as number) * scale);
        o += y[i] as number;
        e += p;
        v += p * (1 - p);
      }
      const z = v > 0 ? (o - e) / Math.sqrt(v) : 0;
      return { c, o, e, z, p: v > 0 ? 2 * normalTail(Math.abs(z)) : 1 };
    });
  const q = benjaminiHochberg(tested.map((t) => t.p));
  return tested
    .map((t, k) => ({
      attribute: t.c.attribute,
      bin: t.c.bin,
      n: t.c.rows.length,
      observed: t.o,
      expected: t.e,
      direction: (t.o > t.e ? 'better' : 'worse') as Miss['direction'],
      q: q[k] as number,
      z: t.z,
    }))
    .filter((m) => m.q <= 0.05)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.attribute.localeCompare(b.attribute))
    .map(({ z: _z, ...m }) => m);
}
