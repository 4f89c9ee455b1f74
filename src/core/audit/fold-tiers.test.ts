import { describe, expect, it } from 'vitest';
import { foldTiers } from './fold-tiers.js';

// Eleven units the ICP learned from, scored out of fold: ten accounts at 10 to 100 and a second
// row (a deal) of a1 at 100; then an account the ICP did not learn from, and a row without one.
const accounts = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10', 'a1', 'x1', null];
const score = Float64Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100, 95, 99]);
const include = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);

describe('foldTiers', () => {
  it('tiers the units the ICP learned from on cuts of their own scores, an account by its first row', () => {
    // Top 10%, next 20%, next 30% of the eleven scores: A >= 100, B >= 80, C >= 50. a1 is
    // tiered by its first row (10), not its second (100).
    const { tiers, crossFitted } = foldTiers(accounts, include, score, false);
    expect(Object.fromEntries(tiers)).toEqual({
      a1: 'D',
      a2: 'D',
      a3: 'D',
      a4: 'D',
      a5: 'C',
      a6: 'C',
      a7: 'C',
      a8: 'B',
      a9: 'B',
      a10: 'A',
    });
    expect(crossFitted).toBe(10);
  });

  it('with all, tiers the accounts it did not learn from too, without counting them cross-fitted', () => {
    const { tiers, crossFitted } = foldTiers(accounts, include, score, true);
    expect(tiers.get('x1')).toBe('B');
    expect(tiers.size).toBe(11);
    expect(crossFitted).toBe(10);
  });
});
