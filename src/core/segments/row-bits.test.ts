import { describe, expect, it } from 'vitest';
import { and, hasRow, jaccard, popcount, popcountAnd, rowBits, sameBits } from './row-bits.js';

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
    expect(popcountAnd(even, low)).toBe(20);
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
});
