import { ClusterSums } from './cluster-sums.js';

/**
 * Benjamini-Hochberg adjusted p-values (q-values): a finding with q <= alpha is kept with the
 * false discovery rate controlled at alpha.
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // => [0.03, 0.04, 0.04]
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number));
  const q = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r] as number;
    running = Math.min(running, ((p[i] as number) * m) / (r + 1));
    q[i] = running;
  }
  return q;
}

/**
 * Two-sided p-value that k successes in n trials came from rate p0: exact (summing every
 * outcome no more likely than k) up to n = 2000, a continuity-corrected normal beyond.
 */
export function binomialTest(k: number, n: number, p0: number): number {
  if (n === 0) return 1;
  if (p0 <= 0) return k === 0 ? 1 : 0;
  if (p0 >= 1) return k === n ? 1 : 0;
  if (n > 2000) {
    const mean = n * p0;
    const sd = Math.sqrt(n * p0 * (1 - p0));
    const z = Math.max(0, Math.abs(k - mean) - 0.5) / sd;
    return Math.min(1, 2 * normalTail(z));
  }
  const logPk = logBinom(n, k, p0);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const lp = logBinom(n, i, p0);
    if (lp <= logPk + 1e-7) total += Math.exp(lp);
  }
  return Math.min(1, total);
}

function logBinom(n: number, k: number, p: number): number {
  return (
    lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p)
  );
}

/** log Gamma by the Lanczos approximation (g = 7), accurate to about 1e-13. */
export function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const xx = x - 1;
  let a = c[0] as number;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Upper tail of the standard normal, P(Z > z), by the complementary error function. */
export function normalTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc: relative error below 1.2e-7 everywhere.
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const r =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Chi-square test of independence between an attribute's bins and a 0/1 target: the p-value
 * that rates differ across bins this much by chance. Empty bins are left out of the degrees
 * of freedom.
 */
export function chiSquareTest(
  counts: readonly number[],
  positives: readonly number[],
): { statistic: number; df: number; p: number } {
  let n = 0;
  let pos = 0;
  for (let b = 0; b < counts.length; b++) {
    n += counts[b] as number;
    pos += positives[b] as number;
  }
  const base = n > 0 ? pos / n : 0;
  let stat = 0;
  let used = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b] as number;
    if (c === 0) continue;
    used++;
    const e1 = c * base;
    const e0 = c - e1;
    const o1 = positives[b] as number;
    if (e1 > 0) stat += (o1 - e1) ** 2 / e1;
    if (e0 > 0) stat += (c - o1 - e0) ** 2 / e0;
  }
  const df = used - 1;
  if (df < 1 || base === 0 || base === 1) return { statistic: stat, df: Math.max(df, 0), p: 1 };
  return { statistic: stat, df, p: gammaQ(df / 2, stat / 2) };
}

/** Regularized upper incomplete gamma Q(a, x) (Numerical Recipes: series below a + 1, continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const gln = lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let i = 0; i < 1000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - gln));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/**
 * Overdispersion of a 0/1 outcome across clusters (deals of one account): Pearson's statistic
 * over its degrees of freedom, at least 1. Dividing counts by it gives the effective sample
 * size, so rows that are not independent do not pass for more evidence than they are.
 */
export function overdispersion(cluster: Int32Array, y: Uint8Array): number {
  // Per-cluster sums in typed arrays, the clusters in the order first met (as maps kept them).
  const sums = new ClusterSums(cluster);
  sums.start();
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    sums.add(i, y[i] as number, 1);
    total += y[i] as number;
  }
  const p = total / y.length;
  if (sums.size < 2 || p === 0 || p === 1) return 1;
  let chi = 0;
  sums.forEach((w, nc) => {
    chi += (w - nc * p) ** 2 / (nc * p * (1 - p));
  });
  return Math.max(1, chi / (sums.size - 1));
}
