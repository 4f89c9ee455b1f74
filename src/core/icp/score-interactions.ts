import type { Condition } from './definition.js';
import type { Reason } from './record-score.js';
import type { PlannedInteraction } from './score-plan.js';

/**
 * A record's part in each interaction of the plan: it matches when every condition holds
 * (`holds` decides one condition as the hard rules do, so a missing value never holds), and
 * then gets the match bin's points, else the no-match bin's. Each interaction gives a reason,
 * ranked among the attributes' bins by the plan.
 *
 * @example scoreInteractions(scorePlan(icp).interactions, (c) => conditionHolds(c, lookup)).points
 */
export function scoreInteractions(
  interactions: readonly PlannedInteraction[],
  holds: (c: Condition) => boolean,
): { points: number; parts: { reason: Reason; rank: number | null }[] } {
  let points = 0;
  const parts = interactions.map((t) => {
    const match = t.conditions.every(holds);
    const bin = t.bins[match ? 1 : 0];
    points += bin.points;
    const reason: Reason = {
      attribute: t.label,
      value: match ? 'match' : 'no match',
      bin: bin.label,
      points: bin.points,
      versusAverage: bin.versusAverage,
      text: bin.text,
    };
    return { reason, rank: bin.rank };
  });
  return { points, parts };
}
