import { describe, expect, it } from 'vitest';
import { clusterRate } from './cluster-rate.js';

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
  it('has no width when every cluster has the same rate, and says nothing with one cluster', () => {
    expect(
      clusterRate([
        { positives: 2, n: 4 },
        { positives: 5, n: 10 },
      ]),
    ).toMatchObject({ rate: 0.5, lo: 0.5, hi: 0.5 });
    expect(clusterRate([{ positives: 2, n: 4 }])).toMatchObject({ lo: 0, hi: 1 });
    expect(clusterRate([])).toBeNull();
  });
});
