import { categoryKey } from '../binning/normalize-category.js';
import type { IcpDefinition, ScorecardAttribute } from './definition.js';

type Card = NonNullable<IcpDefinition['scorecard']>;
type ScoredBin = ScorecardAttribute['bins'][number];

/**
 * The most points a record in this bin can get from the attribute and the interactions that
 * name the bin in a condition: its own points plus, per such interaction, what a match adds over
 * a miss (when it adds). "Retail" at 5 points alone reaches 32 when "Retail and Employees < 53"
 * adds 27: the ICP rewards Retail in its best combination.
 *
 * @example binReach(icp.scorecard, 'Industry', icp.scorecard.attributes[1].bins[0])
 */
export function binReach(card: Card, attribute: string, scored: ScoredBin): number {
  let reach = scored.points;
  for (const t of card.interactions ?? []) {
    const gain = t.match.points - t.no_match.points;
    if (gain > 0 && t.conditions.some((c) => namesBin(c, attribute, scored.bin))) reach += gain;
  }
  return reach;
}

/** Does the condition hold for every value of the bin? */
function namesBin(
  c: NonNullable<Card['interactions']>[number]['conditions'][number],
  attribute: string,
  bin: ScoredBin['bin'],
): boolean {
  if (c.attribute !== attribute) return false;
  if (c.op === 'in' && bin.kind === 'categories') {
    const keys = new Set(c.values.map((v) => categoryKey(v)));
    return bin.values.every((v) => keys.has(categoryKey(v)));
  }
  if (c.op === 'range' && bin.kind === 'range')
    return (
      (c.min === null || (bin.lo !== null && bin.lo >= c.min)) &&
      (c.max === null || (bin.hi !== null && bin.hi <= c.max))
    );
  return false;
}
