import type { Condition } from './definition.js';
import type { Reason } from './record-score.js';
import type { PlannedInteraction } from './score-plan.js';

/** An interaction's bins in the plan and in the SQL's `__icp_b<i>`. */
export const NO_MATCH = 0;
export const MATCH = 1;
export const NOT_KNOWN = 2;

/**
 * Whether a condition can be decided for the record: its attribute holds a value of the kind it
 * reads (a category for `in` / `not_in`, a number for the comparisons). `missing` and `present`
 * are always decided. Put as conditions, so every path reads values one way.
 */
export function knownCondition(c: Condition): Condition | null {
  switch (c.op) {
    case 'missing':
    case 'present':
      return null;
    case 'in':
    case 'not_in':
      return { attribute: c.attribute, op: 'present' };
    default:
      return { attribute: c.attribute, op: 'range', min: null, max: null };
  }
}

/**
 * A record's bin in an interaction: MATCH when every condition holds; NO_MATCH when a condition
 * whose value is known fails; else NOT_KNOWN (a value it needs is missing, and what is known
 * does not rule the match out), which scores the interaction's average: a missing value is
 * neither rewarded nor punished through an interaction.
 */
export function interactionBin(
  conditions: readonly Condition[],
  holds: (c: Condition) => boolean,
): number {
  if (conditions.every(holds)) return MATCH;
  const fails = conditions.some((c) => {
    const known = knownCondition(c);
    return !holds(c) && (known === null || holds(known));
  });
  return fails ? NO_MATCH : NOT_KNOWN;
}

const VALUE = ['no match', 'match', 'not known'];

/**
 * A record's part in each interaction of the plan (see `interactionBin`; `holds` decides one
 * condition as the hard rules do): its reason (with the points) and the reason's rank among the
 * attributes' bins in the plan.
 *
 * @example scoreInteractions(scorePlan(icp).interactions, (c) => conditionHolds(c, lookup))[0].reason.points
 */
export function scoreInteractions(
  interactions: readonly PlannedInteraction[],
  holds: (c: Condition) => boolean,
): { reason: Reason; rank: number | null }[] {
  return interactions.map((t) => {
    const j = interactionBin(t.conditions, holds);
    const bin = t.bins[j]!;
    const reason: Reason = {
      attribute: t.label,
      value: VALUE[j]!,
      bin: bin.label,
      points: bin.points,
      versusAverage: bin.versusAverage,
      text: bin.text,
    };
    return { reason, rank: bin.rank };
  });
}
