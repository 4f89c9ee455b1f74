import { describe, expect, it } from 'vitest';
import { attribute, bin, handIcp } from '../../../test/support/hand-icp.js';
import { binReach } from './bin-reach.js';

const icp = handIcp({
  id: 'reach',
  attributes: [
    attribute('Industry', 'categorical', [
      bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 10),
      bin({ kind: 'categories', values: ['retail'], label: 'Retail' }, 5),
      bin({ kind: 'missing', label: 'missing' }, 2),
    ]),
    attribute('Employees', 'numeric', [
      bin({ kind: 'range', lo: null, hi: 50, label: '< 50' }, 0),
      bin({ kind: 'range', lo: 50, hi: null, label: '≥ 50' }, 4),
      bin({ kind: 'missing', label: 'missing' }, 1),
    ]),
  ],
  tiers: { A: 20, B: 10, C: 5 },
});
const card = {
  ...icp.scorecard!,
  interactions: [
    {
      label: 'Industry = Retail and Employees < 50',
      conditions: [
        { attribute: 'Industry', op: 'in' as const, values: ['Retail'] },
        { attribute: 'Employees', op: 'range' as const, min: null, max: 50 },
      ],
      coefficient: 1,
      match: { points: 27, count: 10, positives: 8 },
      no_match: { points: 0, count: 90, positives: 12 },
    },
    {
      label: 'Industry = Fintech and Employees < 50',
      conditions: [
        { attribute: 'Industry', op: 'in' as const, values: ['Fintech'] },
        { attribute: 'Employees', op: 'range' as const, min: null, max: 50 },
      ],
      coefficient: -1,
      match: { points: 0, count: 10, positives: 1 },
      no_match: { points: 6, count: 90, positives: 19 },
    },
  ],
};
const [industry, employees] = card.attributes;

describe('binReach', () => {
  it('adds what the interactions naming a bin add on a match, never what a penalty takes', () => {
    expect(industry!.bins.map((b) => binReach(card, 'Industry', b))).toEqual([10, 32, 2]);
    expect(employees!.bins.map((b) => binReach(card, 'Employees', b))).toEqual([27, 4, 1]);
  });
});
