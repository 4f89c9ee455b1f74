import type { ClusterSums } from './cluster-sums.js';
import { studentT95 } from './student-t.js';
import { wilsonInterval } from './wilson.js';

/**
 * A rate pooled over clusters (won deals over closed deals, account by account) with a 95%
 * interval that treats the clusters, not the rows, as the independent units: the ratio
 * estimator's sandwich variance. Deals of one account are alike, so counting them as
 * independent would give intervals far too narrow and invent differences between tiers.
 *
 * When no cluster's rate differs from the pooled one (every account all won, all lost, or all at
 * the same rate) the sandwich variance is 0, which would claim certainty; the interval then falls
 * back to Wilson's on the number of clusters, the independent units. With few clusters the
 * interval is widened (see `sandwich`).
 *
 * @example clusterRate([{ positives: 3, n: 4 }, { positives: 1, n: 4 }])
 */
export function clusterRate(
  clusters: readonly { positives: number; n: number }[],
): { rate: number; n: number; clusters: number; lo: number; hi: number } | null {
  const positives = Float64Array.from(clusters, (c) => c.positives);
  const rows = Float64Array.from(clusters, (c) => c.n);
  return clusterRateOf(positives, rows, undefined, clusters.length);
}

/** `clusterRate` of the clusters the current subset of `sums` met, in the order met. */
export function clusterRateIn(
  sums: ClusterSums,
): { rate: number; n: number; clusters: number; lo: number; hi: number } | null {
  return clusterRateOf(sums.positives, sums.rows, sums.order, sums.size);
}

/**
 * `clusterRate` of `count` clusters held in parallel arrays: cluster j's positives and rows at
 * `order[j]` (at j without `order`), summed in that order (`ClusterSums` keeps clusters so).
 */
export function clusterRateOf(
  positives: Float64Array,
  rows: Float64Array,
  order: Int32Array | undefined,
  count: number,
): { rate: number; n: number; clusters: number; lo: number; hi: number } | null {
  let k = 0;
  let n = 0;
  let m = 0;
  for (let j = 0; j < count; j++) {
    const s = order ? (order[j] as number) : j;
    k += positives[s] as number;
    n += rows[s] as number;
    if ((rows[s] as number) > 0) m++;
  }
  if (n === 0) return null;
  const p = k / n;
  if (m < 2) return { rate: p, n, clusters: m, lo: 0, hi: 1 };
  let ss = 0;
  for (let j = 0; j < count; j++) {
    const s = order ? (order[j] as number) : j;
    ss += ((positives[s] as number) - p * (rows[s] as number)) ** 2;
  }
  return { rate: p, n, clusters: m, ...sandwich(p, n, m, ss) };
}

/**
 * `clusterRate` from sums a database computes: `k` positives of `n` over `m` clusters, and `s`
 * the sum over clusters of (n w - k n_c)^2, where w and n_c are a cluster's positives and rows.
 * In integers that sum is exact, so a zero spread is exactly zero.
 */
export function clusterRateFromSums(
  k: number,
  n: number,
  m: number,
  s: number,
): { rate: number; n: number; clusters: number; lo: number; hi: number } | null {
  if (n === 0) return null;
  const p = k / n;
  if (m < 2) return { rate: p, n, clusters: m, lo: 0, hi: 1 };
  // sum((w - p n_c)^2) = s / n^2.
  return { rate: p, n, clusters: m, ...sandwich(p, n, m, s / (n * n)) };
}

/**
 * The sandwich interval from the sum of squared deviations `ss`; Wilson's on clusters at 0.
 * Two guards for few clusters, where the sandwich is itself a guess from a handful of accounts:
 * the standard error is at least the one that counts rows as independent (two accounts at the
 * same rate by chance would otherwise claim certainty; Angrist and Pischke's max of robust and
 * conventional), and the multiplier is Student's t with one degree of freedom fewer than the
 * clusters (Cameron and Miller's small-G correction: 12.7 from two accounts, 2.04 from thirty).
 */
function sandwich(p: number, n: number, m: number, ss: number): { lo: number; hi: number } {
  if (ss === 0) return wilsonInterval(p * m, m);
  const robust = ((m / (m - 1)) * ss) / (n * n);
  const conventional = (p * (1 - p)) / n;
  const half = studentT95(m - 1) * Math.sqrt(Math.max(robust, conventional));
  return { lo: Math.max(0, p - half), hi: Math.min(1, p + half) };
}
