import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { clusterRate, clusterRateIn } from './cluster-rate.js';
import { ClusterSums } from './cluster-sums.js';
import { overdispersion } from './multiple-testing.js';

/** What the map per subset gave: clusters in the order the subset first meets them. */
function byMap(rows: readonly number[], groups: Int32Array, target: Uint8Array) {
  const byGroup = new Map<number, { positives: number; n: number }>();
  for (const i of rows) {
    const c = byGroup.get(groups[i] as number) ?? { positives: 0, n: 0 };
    c.n += 1;
    c.positives += target[i] as number;
    byGroup.set(groups[i] as number, c);
  }
  return clusterRate([...byGroup.values()]);
}

describe('ClusterSums', () => {
  it('gives clusterRate of a map per subset to the last bit, subset after subset', () => {
    const rng = createRandom(7);
    const random = () => rng.next();
    const n = 5000;
    // Dense account numbers (as discovery gives them) and scattered ones (numbered on the way).
    for (const scatter of [1, -7919]) {
      const groups = Int32Array.from({ length: n }, () => Math.floor(random() * 900) * scatter);
      const target = Uint8Array.from({ length: n }, () => (random() < 0.3 ? 1 : 0));
      const sums = new ClusterSums(groups);
      for (const share of [0.9, 0.5, 0.05, 0.001, 0]) {
        const rows = Array.from({ length: n }, (_, i) => i).filter(() => random() < share);
        sums.start();
        for (const i of rows) sums.add(i, target[i] as number, 1);
        expect(clusterRateIn(sums)).toEqual(byMap(rows, groups, target));
      }
    }
  });

  it('counts a weighted unit as that many rows', () => {
    const sums = new ClusterSums(Int32Array.from([0, 1, 0, 2]));
    sums.start();
    sums.add(0, 3, 4);
    sums.add(1, 0, 2);
    sums.add(2, 1, 1);
    sums.add(3, 2, 2);
    expect(clusterRateIn(sums)).toEqual(
      clusterRate([
        { positives: 4, n: 5 },
        { positives: 0, n: 2 },
        { positives: 2, n: 2 },
      ]),
    );
  });
});

describe('overdispersion', () => {
  it('sums the clusters in the order first met, as maps did', () => {
    const rng = createRandom(11);
    const n = 4000;
    const cluster = Int32Array.from({ length: n }, () => Math.floor(rng.next() * 700) * 3 - 500);
    const y = Uint8Array.from({ length: n }, (_, i) =>
      rng.next() < 0.2 + ((cluster[i] as number) % 7 === 0 ? 0.5 : 0) ? 1 : 0,
    );
    const rows = new Map<number, number>();
    const won = new Map<number, number>();
    let total = 0;
    for (let i = 0; i < n; i++) {
      const c = cluster[i] as number;
      rows.set(c, (rows.get(c) ?? 0) + 1);
      won.set(c, (won.get(c) ?? 0) + (y[i] as number));
      total += y[i] as number;
    }
    const p = total / n;
    let chi = 0;
    for (const [c, nc] of rows) chi += ((won.get(c) as number) - nc * p) ** 2 / (nc * p * (1 - p));
    const expected = Math.max(1, chi / (rows.size - 1));
    expect(expected).toBeGreaterThan(1.5);
    expect(overdispersion(cluster, y)).toBe(expected);
  });
});
