import { describe, expect, it } from 'vitest';
import { clusterRate, clusterRateFromSums } from './cluster-rate.js';
import { wilsonInterval } from './wilson.js';

describe('clusterRate', () => {
  it('pools the rate and widens the interval by the spread between clusters', () => {
    // p = 12/24; residuals 1, -1, 0, 2, -2, 0; ss = 10; se = sqrt(6/5 * 10) / 24 = 0.1443,
    // above the rows-as-independent sqrt(0.25 / 24) = 0.102; t with 5 degrees of freedom.
    const r = clusterRate([3, 1, 2, 4, 0, 2].map((positives) => ({ positives, n: 4 })))!;
    expect([r.rate, r.n, r.clusters]).toEqual([0.5, 24, 6]);
    const se = Math.sqrt((6 / 5) * 10) / 24;
    expect(r.lo).toBeCloseTo(0.5 - 2.5705818356370305 * se, 12);
    expect(r.hi).toBeCloseTo(0.5 + 2.5705818356370305 * se, 12);
  });

  it('never claims more than rows counted as independent would (accounts alike by chance)', () => {
    // 31 accounts of 10 deals: 29 at 5 won, one at 6, one at 4. The sandwich (se 0.0046) says
    // the accounts barely differ; the interval keeps the binomial se sqrt(0.25 / 310) = 0.0284.
    const r = clusterRate([
      ...Array.from({ length: 29 }, () => ({ positives: 5, n: 10 })),
      { positives: 6, n: 10 },
      { positives: 4, n: 10 },
    ])!;
    const half = 2.042272456301803 * Math.sqrt(0.25 / 310);
    expect(r.lo).toBeCloseTo(0.5 - half, 12);
    expect(r.hi).toBeCloseTo(0.5 + half, 12);
    // Two accounts at 60 of 100 and 33 of 56 (Maven's "Golddex"): the sandwich alone gave
    // 0.5957-0.5966; now the binomial se and t with one degree of freedom (12.7): 0.10 to 1.
    const two = clusterRate([
      { positives: 60, n: 100 },
      { positives: 33, n: 56 },
    ])!;
    const p = 93 / 156;
    expect(two.lo).toBeCloseTo(p - 12.706204736174707 * Math.sqrt((p * (1 - p)) / 156), 9);
    expect(two.hi).toBe(1);
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
