import { describe, expect, it } from 'vitest';
import type { Bin } from '../binning/types.js';
import { binCondition, conditionLabel } from './conditions.js';

describe('binCondition', () => {
  const bins: Bin[] = [
    { kind: 'categories', values: ['fintech'], label: 'Fintech' },
    { kind: 'other', label: 'other' },
    { kind: 'missing', label: 'missing' },
  ];
  it('turns each kind of bin into the condition it stands for', () => {
    expect(binCondition('Industry', bins[0]!, bins)).toEqual({
      attribute: 'Industry',
      op: 'in',
      values: ['Fintech'],
    });
    expect(binCondition('Industry', bins[1]!, bins)).toEqual({
      attribute: 'Industry',
      op: 'not_in',
      values: ['Fintech'],
    });
    expect(binCondition('Industry', bins[2]!, bins)).toEqual({
      attribute: 'Industry',
      op: 'missing',
    });
    const range: Bin = { kind: 'range', lo: Number.NEGATIVE_INFINITY, hi: 50, label: '< 50' };
    expect(binCondition('Employees', range, [range])).toEqual({
      attribute: 'Employees',
      op: 'range',
      min: null,
      max: 50,
    });
    expect(conditionLabel('Employees', range)).toBe('Employees < 50');
  });
  it('reads "other" as "filled in" when every level was rare', () => {
    const onlyOther: Bin[] = [bins[1]!, bins[2]!];
    expect(binCondition('Tech Stack', onlyOther[0]!, onlyOther)).toEqual({
      attribute: 'Tech Stack',
      op: 'present',
    });
  });
});
