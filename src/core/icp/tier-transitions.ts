import { TIER_KEYS, type TierKey } from './tiers.js';

/**
 * How records move between tiers when one ICP replaces another: the transition matrix over the
 * tiers, unknown and disqualified, and the counts up, down and unchanged that `icp diff` reports.
 */

/** The states a scored record can be in: a tier on points, or disqualified by a hard rule (which scoring reports as tier D). Best first. */
export { TIER_KEYS as TIER_STATES, type TierKey as TierState } from './tiers.js';

/** Counts of records by old state (rows) and new state (columns), both in `TIER_KEYS` order. */
export interface TierTransitions {
  readonly states: readonly TierKey[];
  /** counts[i][j]: records in state i under the old ICP and state j under the new one. */
  readonly counts: readonly (readonly number[])[];
  readonly total: number;
  /** On the diagonal: the same state under both. */
  readonly same: number;
  /** To a better state (A is best, disqualified worst), and to a worse one. */
  readonly up: number;
  readonly down: number;
  /** Into or out of "unknown" (too little known to tier): neither better nor worse. */
  readonly unknown: number;
}

/**
 * The transition matrix over A, B, C, D, unknown and disqualified between two scorings of the
 * same records, given in the same order.
 *
 * @example tierTransitions(['A', 'D'], ['A', 'disqualified']).counts[3][5] // => 1
 */
export function tierTransitions(
  oldTiers: readonly TierKey[],
  newTiers: readonly TierKey[],
): TierTransitions {
  if (oldTiers.length !== newTiers.length)
    throw new RangeError(
      `tier transitions need the same records scored twice: ${oldTiers.length} old tiers against ${newTiers.length} new`,
    );
  const cells = new Map<string, { from: TierKey; to: TierKey; count: number }>();
  oldTiers.forEach((from, i) => {
    const to = newTiers[i]!;
    const key = `${from}>${to}`;
    const cell = cells.get(key) ?? { from, to, count: 0 };
    cell.count++;
    cells.set(key, cell);
  });
  return transitionsFromCells([...cells.values()]);
}

/**
 * The transition matrix from counted cells (e.g. a GROUP BY old state, new state in SQL). A
 * pair may appear more than once; its counts add up.
 */
export function transitionsFromCells(
  cells: readonly { readonly from: string; readonly to: string; readonly count: number }[],
): TierTransitions {
  const counts = TIER_KEYS.map(() => TIER_KEYS.map(() => 0));
  for (const c of cells) {
    const i = stateIndex(c.from);
    const j = stateIndex(c.to);
    if (!Number.isInteger(c.count) || c.count < 0)
      throw new RangeError(`transition count ${c.count} is not a whole number of records`);
    counts[i]![j]! += c.count;
  }
  let total = 0;
  let same = 0;
  let up = 0;
  let down = 0;
  let unknown = 0;
  const u = TIER_KEYS.indexOf('unknown');
  for (const [i, row] of counts.entries())
    for (const [j, x] of row.entries()) {
      total += x;
      if (i === j) same += x;
      else if (i === u || j === u) unknown += x;
      else if (j < i) up += x;
      else down += x;
    }
  return { states: TIER_KEYS, counts, total, same, up, down, unknown };
}

/** The state of a scored record: disqualified when a hard rule sent it to D, else its tier. */
export function tierState(tier: string, disqualified: boolean): TierKey {
  if (disqualified) return 'disqualified';
  const state = TIER_KEYS[stateIndex(tier)]!;
  if (state === 'disqualified') throw new RangeError('tier "disqualified" needs disqualified true');
  return state;
}

function stateIndex(state: string): number {
  const i = (TIER_KEYS as readonly string[]).indexOf(state);
  if (i < 0)
    throw new RangeError(`"${state}" is not a tier state; expected ${TIER_KEYS.join(', ')}`);
  return i;
}
