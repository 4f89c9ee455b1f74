import { describe, expect, it } from 'vitest';
import { tuningRows } from '../scorecard/inner-cv.js';
import { foldPeriod } from './hash-folds.js';
import { foldsBy, rankFolds } from './rank-folds.js';
import { stratifiedFolds } from './folds.js';

describe('rankFolds', () => {
  it('deals each class round-robin in row order, skipping rows left out', () => {
    const y = Uint8Array.from([1, 0, 1, 1, 0, 0, 1]);
    expect([...rankFolds(y, 2)]).toEqual([0, 0, 1, 0, 1, 0, 1]);
    const include = Uint8Array.from([1, 1, 0, 1, 1, 1, 1]);
    expect([...rankFolds(y, 3, include)]).toEqual([0, 0, -1, 1, 1, 2, 2]);
  });

  it('is the rule foldsBy picks for "ranked"; the shuffled default is stratifiedFolds', () => {
    const y = Uint8Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    expect(foldsBy('ranked', y, 5, 7)).toEqual(rankFolds(y, 5));
    expect(foldsBy(undefined, y, 5, 7)).toEqual(stratifiedFolds(y, 5, 7));
    expect(foldsBy('shuffled', y, 5, 7)).toEqual(stratifiedFolds(y, 5, 7));
  });
});

describe('foldPeriod', () => {
  it('is k x 6 while no fold samples its tuning rows, and grows with the sampling step', () => {
    expect(foldPeriod([700, 300], 5)).toBe(30);
    // 150,000 rows: training folds of 120,000 sample every 3rd row, so ranks repeat every 90.
    expect(foldPeriod([140_000, 10_000], 5)).toBe(90);
  });

  it('repeats every fold a ranked discovery deals, the inner folds over sampled rows included', () => {
    // 130,000 rows: each training fold (104,000) samples every 3rd row for its inner folds.
    const [n0, n] = [100_000, 130_000];
    const k = 5;
    const period = foldPeriod([n0, n - n0], k);
    // Rows of class 0 then class 1, in rank order: rank r of class c is row offset[c] + r.
    const y = Uint8Array.from({ length: n }, (_, i) => (i < n0 ? 0 : 1));
    const rankOf = (i: number) => (i < n0 ? i : i - n0);
    const outer = rankFolds(y, k);
    const phaseOf = new Map<string, string>();
    for (let j = 0; j < k; j++) {
      const training = Int32Array.from({ length: 1_800 }, (_, i) => i).filter(
        (i) => outer[i] !== j,
      );
      const sampled = tuningRows(y, training);
      const mark = new Uint8Array(1_800);
      for (const i of sampled) mark[i] = 1;
      const inner = rankFolds(y, 3, mark);
      for (let i = 0; i < 1_800; i++) {
        const key = `${y[i]}:${rankOf(i) % period}`;
        const seen = `${outer[i]}/${inner[i]}`;
        const before = phaseOf.get(`${j}:${key}`);
        if (before !== undefined) expect(seen, `fold ${j}, row ${i}`).toBe(before);
        phaseOf.set(`${j}:${key}`, seen);
      }
    }
    expect(period).toBe(5 * 6 * 3);
  });
});
