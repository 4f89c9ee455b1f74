import { describe, expect, it } from 'vitest';
import { binBits, countBoth, rowBits, sameBits, spanBits } from './row-bits.js';
import { SpanCounts } from './span-counts.js';

// 70 units: a over 5 bins (7 is out of range, -1 too), b over 3; unit i weighs i % 4 + 1.
const n = 70;
const a = Int32Array.from({ length: n }, (_, i) => (i === 9 ? 7 : i === 10 ? -1 : i % 5));
const b = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 24));
const y = rowBits(n, (i) => i % 3 === 0);
const weights = Int32Array.from({ length: n }, (_, i) => (i % 4) + 1);

describe('bin bits and span bits', () => {
  it('sets each unit in its own bin, a code outside the bins in none', () => {
    const bins = binBits(a, n, 5);
    expect(bins.length).toBe(5);
    for (let bin = 0; bin < 5; bin++)
      expect(
        sameBits(
          bins[bin]!,
          rowBits(n, (i) => a[i] === bin),
        ),
      ).toBe(true);
  });

  it('covers a range of bins as the units whose code falls in it', () => {
    const cover = spanBits(binBits(a, n, 5));
    for (const [from, to] of [
      [0, 0],
      [0, 3],
      [1, 4],
      [2, 3],
      [0, 4],
      [3, 4],
    ] as const) {
      const want = rowBits(n, (i) => (a[i] as number) >= from && (a[i] as number) <= to);
      expect(sameBits(cover(from, to), want)).toBe(true);
    }
    // A range asked twice is built once.
    expect(cover(0, 3)).toBe(cover(0, 3));
  });
});

describe('SpanCounts', () => {
  const counts = new SpanCounts([a, b], [5, 3]);
  const cover = [spanBits(binBits(a, n, 5)), spanBits(binBits(b, n, 3))];
  const parent = rowBits(n, (i) => i % 2 === 1 || i > 60);

  it('counts a segment and a span of bins as the AND of their bits does, weighted or not', () => {
    for (const w of [undefined, weights]) {
      for (const within of [null, parent]) {
        counts.fill(within, n, y, w, [true, true]);
        for (const [attr, from, to] of [
          [0, 0, 0],
          [0, 1, 3],
          [0, 0, 4],
          [0, 4, 4],
          [1, 0, 1],
          [1, 2, 2],
        ] as const) {
          const bits = cover[attr]!(from, to);
          expect(counts.span(attr, from, to)).toEqual(countBoth(within ?? bits, bits, y, w));
        }
      }
    }
  });

  it('gives exact figures on a small case, and counts only the attributes asked for', () => {
    counts.fill(parent, n, y, undefined, [false, true]);
    // Odd units and 61 to 69: 35 + 4 (62, 64, 66, 68); those in b's bin 2 (48 to 69): 11 + 4.
    expect(counts.span(1, 0, 2)).toEqual({ count: 39, positives: 13 });
    expect(counts.span(1, 2, 2)).toEqual({ count: 15, positives: 5 });
    expect(counts.span(0, 0, 4)).toEqual({ count: 0, positives: 0 });
  });
});
