import type { IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { type DriftVerdict, driftVerdict } from '../../core/drift/drift-verdict.js';
import type { DriftWindow } from '../../core/drift/drift-window.js';
import { driftWindows } from '../../core/drift/drift-windows.js';
import { addMonths, type Every, periodStart } from '../../core/time/periods.js';
import { loadConfig } from '../../data/config/load-config.js';
import { readColumns } from '../../data/db/read-columns.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { prepareAnalysis } from '../analysis/prepare-analysis.js';

export type { RateCI } from '../../core/stats/account-rate.js';

export type {
  AttributeShift,
  DriftWindow,
  SegmentChange,
} from '../../core/drift/drift-window.js';
export type { DriftVerdict } from '../../core/drift/drift-verdict.js';

export interface DriftResult {
  readonly icp: string;
  /** What each window's bins are compared with: "before 2024-10-01 (1,234 units)", or the ICP's training data. */
  readonly baseline: string;
  readonly target: string;
  readonly unit: 'account' | 'deal';
  readonly windows: readonly DriftWindow[];
  readonly verdict: DriftVerdict;
  /** Why, with the evidence, and what to do. */
  readonly reasons: readonly string[];
  readonly action: string;
  /** With refresh: the date to re-run discovery from. */
  readonly since: string | null;
}

export interface DriftOptions {
  readonly window?: Every;
  /** The first window's start (default: 8 windows before the data end). */
  readonly since?: string;
  readonly today?: string;
  readonly registry?: string;
}

/**
 * Is the ICP still true? Splits the recent past into windows and measures, in each, who
 * arrives (population stability per scorecard attribute against the ICP's training counts,
 * and the tier mix), how the tiers perform (outcome rates with intervals, ranking power), and
 * which bins now do clearly better or worse than before the first window (false-discovery control over
 * every bin of every window). Ends with a verdict: stable, watch or refresh.
 */
export async function drift(
  configPath: string,
  icpRef: string,
  options: DriftOptions = {},
): Promise<DriftResult> {
  const loaded = await loadConfig(configPath);
  const { icp } = await resolveIcp(
    icpRef,
    registryDir({ registry: options.registry, config: configPath }),
  );
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    return await driftDataset(dataset, loaded.config, icp, options);
  } finally {
    dataset.close();
  }
}

export async function driftDataset(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  options: DriftOptions = {},
): Promise<DriftResult> {
  const card = icp.scorecard;
  if (!card || !icp.tiers)
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}); drift compares a scorecard's tiers and bins over time.`,
    );
  if (icp.target.kind === 'column')
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} was discovered from a single file (--data); drift needs the config's dated tables.`,
    );
  const every = options.window ?? 'quarter';
  const target = { ...config.target, kind: icp.target.kind };
  const { value, tables } = await prepareAnalysis(dataset, { value: config.value, target });
  const end = value.asOf;
  const unit = icp.target.kind === 'won' ? 'deal' : 'account';
  const table = unit === 'deal' ? 'deals' : 'accounts';
  if (!dataset.tables.get(table)?.columns.created_at)
    throw new IcpError(
      'DATA',
      `drift needs the ${table}' created date to place them in windows: map ${table}.columns.created_at in the config.`,
    );
  const months = { month: 1, quarter: 3, year: 12 }[every];
  const first = options.since ?? addMonths(periodStart(end, every), -7 * months);
  const starts: string[] = [];
  for (let d = periodStart(first, every); d <= end; d = addMonths(d, months)) starts.push(d);
  const units =
    unit === 'deal'
      ? `SELECT d.account_id, CAST(d.created_at AS VARCHAR) AS _at, (d.stage = 'won')::INT AS _y
           FROM deals d JOIN accounts a USING (account_id) WHERE d.stage IN ('won', 'lost')`
      : `SELECT t.account_id, CAST(a.created_at AS VARCHAR) AS _at, t.positive::INT AS _y
           FROM ${tables.target} t JOIN accounts a USING (account_id) WHERE t.eligible`;
  const read = async (sql: string, withAccount = false) => {
    const spec: Record<string, 'number' | 'text'> = { _at: 'text', _y: 'number' };
    if (withAccount) spec._account = 'text';
    for (const a of card.attributes) spec[a.name] = a.kind === 'numeric' ? 'number' : 'text';
    const data = await readColumns(dataset.db, sql, spec);
    const y = Uint8Array.from(data.numbers._y ?? [], (v) => (v === 1 ? 1 : 0));
    const scored = Array.from(y, (_, i) => {
      const record: Record<string, unknown> = {};
      for (const a of card.attributes) {
        const v = a.kind === 'numeric' ? data.numbers[a.name]?.[i] : data.texts[a.name]?.[i];
        record[a.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
      }
      return scoreRecord(icp, record);
    });
    const at = (data.texts._at ?? []).map((d) => (d ?? '').slice(0, 10));
    return { at, y, scored, accounts: withAccount ? (data.texts._account ?? []) : null };
  };
  // Outcomes: the units the ICP was learned on, all of them: those that arrived before the
  // first window are the baseline each window's bins are compared with.
  // Over deals, the account of each: its deals are one unit in the tiers' intervals.
  const { at, y, scored, accounts } = await read(
    `SELECT u._at, u._y, u.account_id AS _account, x.* FROM (${units}) u
     JOIN ${tables.attributes} x USING (account_id) WHERE u._at IS NOT NULL ORDER BY u._at, u.account_id`,
    unit === 'deal',
  );
  // Population: every account, by the date it arrived; those before the first window are the reference.
  const population = await read(
    `SELECT CAST(a.created_at AS VARCHAR) AS _at, NULL::INT AS _y, x.* FROM accounts a
     JOIN ${tables.attributes} x USING (account_id) WHERE a.created_at IS NOT NULL ORDER BY 1, a.account_id`,
  );
  const { windows, baseline } = driftWindows({
    icp: { ...icp, scorecard: card },
    starts,
    months,
    end,
    outcomes: { at, y, scored, accounts },
    population,
  });
  return {
    icp: icp.id,
    ...driftVerdict(windows, baseline),
    target: icp.target.definition,
    unit,
    baseline,
    windows,
  };
}
