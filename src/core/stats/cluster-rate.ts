import { wilsonInterval } from './wilson.js';

/**
 * A rate pooled over clusters (won deals over closed deals, account by account) with a 95%
 * interval that treats the clusters, not the rows, as the independent units: the ratio
 * estimator's sandwich variance. Deals of one account are alike, so counting them as
 * independent would give intervals far too narrow and invent differences between tiers.
 *
 * When no cluster's rate differs from the pooled one (every account all won, all lost, or all at
 * the same rate) the sandwich variance is 0, which would claim certainty; the interval then falls
 * back to Wilson's on the number of clusters, the independent units.
 *
 * @example clusterRate([{ positives: 3, n: 4 }, { positives: 1, n: 4 }])
 */
export function clusterRate(
  clusters: readonly { positives: number; n: number }[],
): { rate: number; n: number; clusters: number; lo: number; hi: number } | null {
  let k = 0;
  let n = 0;
  for (const c of clusters) {
    k += c.positives;
    n += c.n;
  }
  const m = clusters.filter((c) => c.n > 0).length;
  if (n === 0) return null;
  const p = k / n;
  if (m < 2) return { rate: p, n, clusters: m, lo: 0, hi: 1 };
  let ss = 0;
  for (const c of clusters) ss += (c.positives - p * c.n) ** 2;
  if (ss === 0) return { rate: p, n, clusters: m, ...wilsonInterval(p * m, m) };
  const se = Math.sqrt((m / (m - 1)) * ss) / n;
  return {
    rate: p,
    n,
    clusters: m,
    lo: Math.max(0, p - 1.959963984540054 * se),
    hi: Math.min(1, p + 1.959963984540054 * se),
  };
}
