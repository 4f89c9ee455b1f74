import type { IcpDefinition } from '../../src/core/icp/definition.js';

/**
 * The discovered scorecard plus two interactions of every condition kind scoring uses (a level
 * list, a numeric range, an open range; one adding points on a match, one on no match), so the
 * paths are compared on interactions whether or not discovery kept any; their points are large
 * enough to be among a record's strongest reasons, for and against.
 */
export function withInteractions(
  card: NonNullable<IcpDefinition['scorecard']>,
): NonNullable<IcpDefinition['scorecard']> {
  // Training counts as discovery records them, so the reasons carry their evidence.
  const cell = (points: number, count: number, positives: number) => ({ points, count, positives });
  return {
    ...card,
    interactions: [
      ...(card.interactions ?? []),
      {
        label: 'Industry = Fintech, Retail and Employees 50 – 500',
        conditions: [
          { attribute: 'Industry', op: 'in', values: ['Fintech', 'Retail'] },
          { attribute: 'Employees', op: 'range', min: 50, max: 500 },
        ],
        coefficient: 0.4,
        match: cell(25, 300, 90),
        no_match: cell(0, 2700, 300),
      },
      {
        label: 'Employees ≥ 1,000 and Country = US',
        conditions: [
          { attribute: 'Employees', op: 'range', min: 1000, max: null },
          { attribute: 'Country', op: 'in', values: ['US'] },
        ],
        coefficient: -0.3,
        match: cell(0, 500, 20),
        no_match: cell(12, 2500, 380),
      },
    ],
  };
}
