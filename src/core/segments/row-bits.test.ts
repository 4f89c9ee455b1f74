import { describe, expect, it } from 'vitest';
import { and, countBoth, hasRow, jaccard, rowBits, sameBits } from './row-bits.js';

const popcount = (a: Uint32Array) => countBoth(a, a, a, undefined).count;

describe('row bitsets', () => {
  // 70 rows: three words, the last one partly used.
  const even = rowBits(70, (i) => i % 2 === 0);
  const low = rowBits(70, (i) => i < 40);

  it('sets the bit of every row that has the property, across words', () => {
    expect(even.length).toBe(3);
    expect([0, 1, 31, 32, 68, 69].map((i) => hasRow(even, i))).toEqual([
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(popcount(even)).toBe(35);
    expect(popcount(rowBits(70, () => true))).toBe(70);
  });

  it('intersects, counts the intersection, and compares', () => {
    expect(popcount(and(even, low))).toBe(20);
    expect(
      countBoth(
        even,
        low,
        rowBits(70, (i) => i % 4 === 0),
        undefined,
      ),
    ).toEqual({
      count: 20,
      positives: 10,
    });
    expect(jaccard(even, low)).toBe(20 / 55);
    expect(
      jaccard(
        rowBits(70, () => false),
        rowBits(70, () => false),
      ),
    ).toBe(0);
    expect(
      sameBits(
        even,
        rowBits(70, (i) => i % 2 === 0),
      ),
    ).toBe(true);
    expect(sameBits(even, low)).toBe(false);
  });

  it('counts weighted bits: bit i standing for weights[i] rows', () => {
    // Row i weighs i + 1, so a set of bits weighs the sum of their numbers plus their count.
    const weights = Int32Array.from({ length: 70 }, (_, i) => i + 1);
    const weigh = (has: (i: number) => boolean) =>
      Array.from({ length: 70 }, (_, i) => (has(i) ? i + 1 : 0)).reduce((a, b) => a + b, 0);
    const byFour = rowBits(70, (i) => i % 4 === 0);
    expect(countBoth(even, low, byFour, weights)).toEqual({
      count: weigh((i) => i % 2 === 0 && i < 40),
      positives: weigh((i) => i % 4 === 0 && i < 40),
    });
    expect(countBoth(even, low, byFour, weights)).toEqual({ count: 400, positives: 190 });
    expect(jaccard(even, low, weights)).toBe(400 / weigh((i) => i % 2 === 0 || i < 40));
    expect(jaccard(even, low, weights)).toBe(400 / 1645);
    const none = rowBits(70, () => false);
    expect(countBoth(none, low, byFour, weights)).toEqual({ count: 0, positives: 0 });
    expect(jaccard(none, none, weights)).toBe(0);
  });
});
