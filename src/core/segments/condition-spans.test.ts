import { describe, expect, it } from 'vitest';
import type { BinnedAttribute } from '../binning/types.js';
import { conditionSpans } from './condition-spans.js';

const range = (lo: number, hi: number) => ({
  kind: 'range' as const,
  lo,
  hi,
  label: `${lo}-${hi}`,
});
const missing = { kind: 'missing' as const, label: 'missing' };

const employees: BinnedAttribute = {
  name: 'Employees',
  kind: 'numeric',
  bins: [range(-Infinity, 10), range(10, 50), range(50, 200), range(200, Infinity), missing],
  codes: new Int32Array(0),
};

const industry: BinnedAttribute = {
  name: 'Industry',
  kind: 'categorical',
  bins: [
    { kind: 'categories', values: ['retail'], label: 'retail' },
    { kind: 'categories', values: ['software'], label: 'software' },
    { kind: 'other', label: 'other' },
    missing,
  ],
  codes: new Int32Array(0),
};

describe('conditionSpans', () => {
  it('gives a numeric attribute every bin and the open ranges below and above each inner edge', () => {
    expect(conditionSpans(employees, false)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
    ]);
  });

  it('offers the missing bin only when asked for', () => {
    expect(conditionSpans(employees, true)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(conditionSpans(industry, true)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('gives a categorical attribute its single bins only, no ranges', () => {
    expect(conditionSpans(industry, false)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });
});
