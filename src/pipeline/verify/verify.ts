import { describeCondition } from '../../core/icp/score-record.js';
import { type Contribution, contributions } from '../../core/verify/contributions.js';
import { baseRate, type Measure, matchRows, measure } from '../../core/verify/measure.js';
import { loadConfig } from '../../data/config/load-config.js';
import { readIcp } from '../../data/icp/icp-file.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { type TierSource, tierAccounts } from '../analysis/cross-fitted-tiers.js';
import { prepareAnalysis } from '../analysis/prepare-analysis.js';
import { readHandIcp } from './hand-icp.js';
import { readVerifyRows } from './read-verify-rows.js';
import { resolveCriteria } from './resolve-criteria.js';

// The result's parts are computed in core (pure) and part of verify's API.
export type { Contribution, Effect } from '../../core/verify/contributions.js';
export type { GroupRow, Measure, Share } from '../../core/verify/measure.js';

export interface VerifyResult {
  readonly name: string;
  readonly criteria: readonly string[];
  readonly target: string;
  readonly baseRate: number;
  readonly mine: Measure;
  readonly contributions: readonly Contribution[];
  /** The discovered ICP's tiers A-B measured the same way, when one was given. */
  readonly discovered?: Measure & { readonly icp: string; readonly tierSource: TierSource };
}

/**
 * Measures a hand-written ICP against the data a config names: coverage, precision and recall
 * against the target (ideal customers by default), lift, how the matches perform against the
 * rest, what each criterion contributes, and the discovered ICP side by side when given.
 * Gathers in SQL (`resolveCriteria`, `readVerifyRows`), computes in core/verify.
 */
export async function verify(
  configPath: string,
  icpPath: string,
  options: { against?: string; today?: string } = {},
): Promise<VerifyResult> {
  const hand = await readHandIcp(icpPath);
  const discovered = options.against ? await readIcp(options.against) : undefined;
  const loaded = await loadConfig(configPath);
  const dataset = await loadDataset(loaded, options.today ? { today: options.today } : {});
  try {
    // The discovered ICP's tiers use its own settings for value and target, in tables of their own.
    const tiered = discovered ? await tierAccounts(dataset, discovered) : undefined;
    const tierSource = tiered?.source;
    const { target, attributes, tables } = await prepareAnalysis(dataset, loaded.config);
    const conditions = await resolveCriteria(dataset, attributes, hand.criteria, icpPath);
    const rows = await readVerifyRows(dataset.db, conditions, { ...tables, tiers: tiered?.tiers });
    const { holds, match } = matchRows(conditions, rows);
    const base = baseRate(rows);
    const discoveredMatch = Uint8Array.from(rows.tier, (t) => (t === 'A' || t === 'B' ? 1 : 0));
    return {
      name: hand.name ?? 'Your ICP',
      criteria: conditions.map(describeCondition),
      target: target.definition,
      baseRate: base,
      mine: measure('your ICP', match, rows, base),
      contributions: contributions(conditions, holds, match, rows),
      ...(discovered && tierSource
        ? {
            discovered: {
              ...measure(`discovered ICP ${discovered.id}, tiers A-B`, discoveredMatch, rows, base),
              icp: discovered.id,
              tierSource,
            },
          }
        : {}),
    };
  } finally {
    dataset.close();
  }
}
