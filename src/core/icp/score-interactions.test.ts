import { describe, expect, it } from 'vitest';
import { attribute, bin, handIcp } from '../../../test/support/hand-icp.js';
import type { IcpDefinition } from './definition.js';
import { scorePlan } from './score-plan.js';
import { scoreRecord } from './score-record.js';

/** Two attributes and one interaction, with every number worked out by hand below. */
const BASE = handIcp({
  id: 'hand-interaction',
  attributes: [
    attribute('Employees', 'numeric', [
      bin({ kind: 'range', lo: null, hi: 200, label: '< 200' }, 0, 60, 4),
      bin({ kind: 'range', lo: 200, hi: null, label: '≥ 200' }, 20, 40, 16),
      bin({ kind: 'missing', label: 'missing' }, 8, 0, 0),
    ]),
    attribute('Industry', 'categorical', [
      bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 30, 50, 15),
      bin({ kind: 'other', label: 'other' }, 0, 50, 5),
      bin({ kind: 'missing', label: 'missing' }, 15, 0, 0),
    ]),
  ],
  tiers: { A: 60, B: 40, C: 20 },
});
// Match on 20 rows (10 ideal), no match on 80 (10 ideal): base rate 20%; average points 2.
const ICP: IcpDefinition = {
  ...BASE,
  scorecard: {
    ...BASE.scorecard!,
    interactions: [
      {
        label: 'Industry = Fintech and Employees ≥ 200',
        conditions: [
          { attribute: 'Industry', op: 'in', values: ['Fintech'] },
          { attribute: 'Employees', op: 'range', min: 200, max: null },
        ],
        coefficient: 0.8,
        match: { points: 10, count: 20, positives: 10 },
        no_match: { points: 0, count: 80, positives: 10 },
      },
    ],
  },
};

describe('scorecard interactions', () => {
  it('plans three bins: no match and match with reasons and evidence, ranked among the attributes, and not known at average', () => {
    const [t] = scorePlan(ICP).interactions;
    expect(t!.bins.map((b) => [b.label, b.points, b.versusAverage, b.text, b.rank])).toEqual([
      [
        'not (Industry = Fintech and Employees ≥ 200)',
        0,
        -2,
        'not (Industry = Fintech and Employees ≥ 200): -2.0 points vs average (ideal customers 1.6x rarer than overall)',
        3,
      ],
      [
        'Industry = Fintech and Employees ≥ 200',
        10,
        8,
        'Industry = Fintech and Employees ≥ 200: +8.0 points vs average (ideal customers 2.5x as common as overall)',
        2,
      ],
      [
        'Industry = Fintech and Employees ≥ 200 not known',
        2,
        0,
        'Industry = Fintech and Employees ≥ 200 not known: +0.0 points vs average',
        null,
      ],
    ]);
  });

  it('adds the match points when every condition holds, with a reason', () => {
    const r = scoreRecord(ICP, { Employees: 450, Industry: 'fintech' });
    expect(r.score).toBe(60);
    expect(r.tier).toBe('A');
    expect(r.reasons.map((x) => [x.attribute, x.value, x.points])).toEqual([
      ['Employees', '450', 20],
      ['Industry', 'fintech', 30],
      ['Industry = Fintech and Employees ≥ 200', 'match', 10],
    ]);
    expect(r.reasonText).toBe(
      'Industry = Fintech: +15.0 points vs average (ideal customers 1.5x as common as overall); Employees ≥ 200: +12.0 points vs average (ideal customers 2.0x as common as overall); Industry = Fintech and Employees ≥ 200: +8.0 points vs average (ideal customers 2.5x as common as overall)',
    );
  });

  it('gives the no-match points when a known condition fails', () => {
    const small = scoreRecord(ICP, { Employees: 150, Industry: 'Fintech' });
    expect(small.score).toBe(30);
    expect(small.reasons[2]!.value).toBe('no match');
    // Industry is missing, but the size alone rules the match out.
    const smallUnknownIndustry = scoreRecord(ICP, { Employees: 150 });
    expect(smallUnknownIndustry.score).toBe(15);
    expect(smallUnknownIndustry.reasons[2]!.value).toBe('no match');
  });

  it('gives the average points, and no reason, when a value it needs is missing', () => {
    // Employees missing (8) + Fintech (30) + the interaction's average (2).
    const unknownSize = scoreRecord(ICP, { Industry: 'Fintech' });
    expect(unknownSize.score).toBe(40);
    expect(unknownSize.reasons[2]).toEqual({
      attribute: 'Industry = Fintech and Employees ≥ 200',
      value: 'not known',
      bin: 'Industry = Fintech and Employees ≥ 200 not known',
      points: 2,
      versusAverage: 0,
      text: 'Industry = Fintech and Employees ≥ 200 not known: +0.0 points vs average',
    });
    expect(unknownSize.reasonText).not.toContain('Employees ≥ 200 not known');
    // A number that cannot be read is missing too.
    expect(scoreRecord(ICP, { Industry: 'Fintech', Employees: 'many' }).reasons[2]!.value).toBe(
      'not known',
    );
    expect(scoreRecord(ICP, {}).score).toBe(8 + 15 + 2);
  });
});
