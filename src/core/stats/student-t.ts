import { lgamma } from './multiple-testing.js';

const cache = new Map<number, number>();

/**
 * The two-sided 95% critical value of Student's t with `df` degrees of freedom (12.706 at 1,
 * 2.776 at 4, 2.042 at 30, 1.960 in the limit): the multiplier of an interval whose standard
 * error is estimated from `df + 1` independent units, as a cluster-robust one from few accounts.
 * Found by bisection on the tail P(|T| > t) = I_{df/(df+t^2)}(df/2, 1/2), to 1e-12.
 *
 * @example studentT95(4) // 2.7764451051977...
 */
export function studentT95(df: number): number {
  if (!(df >= 1)) throw new RangeError(`studentT95: df must be at least 1, got ${df}`);
  const known = cache.get(df);
  if (known !== undefined) return known;
  let lo = 1.959963984540054;
  let hi = 1e6;
  while (hi - lo > 1e-12 * hi) {
    const mid = (lo + hi) / 2;
    if (betaI(df / (df + mid * mid), df / 2, 0.5) > 0.05) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  cache.set(df, t);
  return t;
}

/** The regularized incomplete beta function I_x(a, b) (continued fraction, modified Lentz). */
export function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}
