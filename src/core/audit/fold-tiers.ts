import { tierThresholds } from '../discovery/run-discovery.js';
import { RANKED_TIERS as TIER_NAMES } from '../icp/tiers.js';

/**
 * Each account's tier from its cross-fitted score (an account's first row decides), with tier
 * cuts set as discovery sets them, on the scores of the units the ICP learned from (`include`).
 * Only those units are tiered, unless `all` (an ICP without a scorecard: the scorecard forced
 * over its attributes tiers every account). `crossFitted` counts the accounts tiered from a unit
 * the ICP learned from.
 */
export function foldTiers(
  accounts: readonly (string | null | undefined)[],
  include: Uint8Array,
  score: Float64Array,
  all: boolean,
): { tiers: Map<string, string>; crossFitted: number } {
  const cuts = tierThresholds(Float64Array.from(score.filter((_, i) => include[i] === 1)));
  const tierOf = (s: number) => TIER_NAMES[s >= cuts.A ? 0 : s >= cuts.B ? 1 : s >= cuts.C ? 2 : 3];
  const tiers = new Map<string, string>();
  let crossFitted = 0;
  for (let i = 0; i < accounts.length; i++) {
    const id = accounts[i];
    if (id === null || id === undefined || tiers.has(id)) continue;
    if (include[i] === 0 && !all) continue;
    tiers.set(id, tierOf(score[i] as number) as string);
    if (include[i] === 1) crossFitted++;
  }
  return { tiers, crossFitted };
}
