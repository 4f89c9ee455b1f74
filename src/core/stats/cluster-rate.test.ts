import { describe, expect, it } from 'vitest';
import { clusterRate, clusterRateFromSums } from './cluster-rate.js';
import { wilsonInterval } from './wilson.js';

describe('clusterRate', () => {
  it('pools the rate and widens the interval by the spread between clusters', () => {
    // p = 4/8; residuals 3 - 2 = 1 and 1 - 2 = -1; se = sqrt(2/1 * 2) / 8 = 0.25
    const r = clusterRate([
      { positives: 3, n: 4 },
      { positives: 1, n: 4 },
    ])!;
    expect(r.rate).toBe(0.5);
    expect(r.clusters).toBe(2);
    expect(r.lo).toBeCloseTo(0.5 - 1.959963984540054 * 0.25, 12);
    expect(r.hi).toBeCloseTo(0.5 + 1.959963984540054 * 0.25, 12);
  });
  it('falls back to Wilson on the clusters when no cluster differs, and says nothing with one cluster', () => {
    // Every account at the pooled rate: the sandwich variance is 0, so the two accounts are the units.
    expect(
      clusterRate([
        { positives: 2, n: 4 },
        { positives: 5, n: 10 },
      ]),
    ).toEqual({ rate: 0.5, n: 14, clusters: 2, ...wilsonInterval(1, 2) });
    // Three accounts, every deal won: not [1, 1] but Wilson's 3 of 3 (0.4385 to 1).
    const all = clusterRate([
      { positives: 2, n: 2 },
      { positives: 7, n: 7 },
      { positives: 1, n: 1 },
    ])!;
    expect(all).toEqual({ rate: 1, n: 10, clusters: 3, ...wilsonInterval(3, 3) });
    expect(all.lo).toBeCloseTo(0.4385, 4);
    expect(all.hi).toBe(1);
    expect(clusterRate([{ positives: 2, n: 4 }])).toMatchObject({ lo: 0, hi: 1 });
    expect(clusterRate([])).toBeNull();
  });
});

describe('clusterRateFromSums', () => {
  it('gives clusterRate from the sums a database computes', () => {
    const clusters = [
      { positives: 3, n: 4 },
      { positives: 1, n: 4 },
      { positives: 2, n: 5 },
    ];
    // K 6 of N 13 over 3 clusters; s = sum((N w - K n)^2) = (39-24)^2 + (13-24)^2 + (26-30)^2.
    const fromSums = clusterRateFromSums(6, 13, 3, 15 ** 2 + 11 ** 2 + 4 ** 2);
    const direct = clusterRate(clusters);
    expect([fromSums?.rate, fromSums?.n, fromSums?.clusters]).toEqual([6 / 13, 13, 3]);
    expect(fromSums?.lo).toBeCloseTo(direct?.lo as number, 15);
    expect(fromSums?.hi).toBeCloseTo(direct?.hi as number, 15);
  });

  it('falls back to Wilson on the clusters at zero spread, and says nothing of no rows', () => {
    expect(clusterRateFromSums(8, 8, 3, 0)).toEqual(
      clusterRate([
        { positives: 3, n: 3 },
        { positives: 2, n: 2 },
        { positives: 3, n: 3 },
      ]),
    );
    expect(clusterRateFromSums(0, 0, 0, 0)).toBeNull();
  });
});
