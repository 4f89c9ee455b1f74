import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { TIER_SHARES, tierThresholds } from './tiers.js';

/** The thresholds as first computed: the scores sorted, each share's rank read off. */
function sortedThresholds(score: Float64Array) {
  const sorted = Float64Array.from(score).sort();
  const at = (share: number) =>
    sorted[
      Math.min(
        sorted.length - 1,
        Math.floor(((100 - Math.round(share * 100)) * sorted.length) / 100),
      )
    ] as number;
  const { A, B, C } = TIER_SHARES;
  return { A: at(A), B: at(A + B), C: at(A + B + C) };
}

describe('tierThresholds', () => {
  it('reads the same ranks as sorting every score, on ties, few values and few rows', () => {
    const r = createRandom(9);
    for (const n of [1, 2, 3, 9, 10, 11, 57, 1000, 4099]) {
      for (const levels of [1, 2, 5, 40, 0]) {
        // levels 0: nearly all distinct; otherwise points taking `levels` values.
        const score = Float64Array.from({ length: n }, () =>
          levels === 0 ? r.next() * 100 - 50 : r.int(0, levels - 1) * 7 - 20,
        );
        const before = Float64Array.from(score);
        expect(tierThresholds(score)).toEqual(sortedThresholds(score));
        expect(score).toEqual(before);
      }
    }
  });

  it('puts the top 10%, next 20% and next 30% of rows above each threshold', () => {
    const score = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    // C is 40: the shares add up in whole percents (0.1 + 0.2 + 0.3 in floating point is
    // 0.6000000000000001, which put 61 of 100 rows in tiers A to C).
    expect(tierThresholds(score)).toEqual({ A: 90, B: 70, C: 40 });
    const t = tierThresholds(score);
    expect([score.filter((s) => s >= t.A).length, score.filter((s) => s >= t.C).length]).toEqual([
      10, 60,
    ]);
  });
});
