/**
 * Penalised logistic regression by iteratively reweighted least squares (Newton steps solved
 * with Cholesky), on a row-major Float64Array design. The intercept is not penalised; the
 * ridge keeps the fit finite on separated data.
 */
export interface LogisticFit {
  readonly intercept: number;
  readonly coef: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly deviance: number;
}

export interface LogisticOptions {
  /** Ridge penalty on the coefficients (not the intercept). */
  readonly l2?: number;
  readonly weights?: Float64Array;
  readonly maxIter?: number;
  readonly tol?: number;
}

/**
 * @example const fit = fitLogistic(X, y, 1000, 3, { l2: 1 }); // X row-major 1000 x 3
 */
export function fitLogistic(
  X: Float64Array,
  y: ArrayLike<number>,
  n: number,
  p: number,
  options: LogisticOptions = {},
): LogisticFit {
  const { l2 = 1, weights, maxIter = 50, tol = 1e-9 } = options;
  const k = p + 1; // intercept first
  const beta = new Float64Array(k);
  let ybar = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    ybar += w * (y[i] as number);
    wsum += w;
  }
  ybar = Math.min(1 - 1e-6, Math.max(1e-6, ybar / wsum));
  beta[0] = Math.log(ybar / (1 - ybar));
  const H = new Float64Array(k * k);
  const g = new Float64Array(k);
  let deviance = Number.POSITIVE_INFINITY;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter && !converged; iterations++) {
    H.fill(0);
    g.fill(0);
    const dev =
      p === 1 && !weights
        ? oneColumnPass(X, y, n, beta, H, g)
        : densePass(X, y, n, p, weights, beta, H, g);
    for (let a = 1; a < k; a++) {
      H[a * k] = H[a] as number;
      for (let b = 1; b < a; b++) H[b * k + a] = H[a * k + b] as number;
      H[a * k + a] = (H[a * k + a] as number) + l2;
      g[a] = (g[a] as number) - l2 * (beta[a] as number);
    }
    const step = choleskySolve(H, g, k);
    let maxStep = 0;
    for (let j = 0; j < k; j++) {
      beta[j] = (beta[j] as number) + (step[j] as number);
      maxStep = Math.max(maxStep, Math.abs(step[j] as number));
    }
    converged = Math.abs(deviance - dev) < tol * (Math.abs(dev) + 1) || maxStep < tol;
    deviance = dev;
  }
  return { intercept: beta[0] as number, coef: beta.slice(1), iterations, converged, deviance };
}

/**
 * One pass of IRLS over the rows of a dense design: the Hessian's lower triangle and the
 * gradient into H and g (zeroed); returns the deviance.
 */
function densePass(
  X: Float64Array,
  y: ArrayLike<number>,
  n: number,
  p: number,
  weights: Float64Array | undefined,
  beta: Float64Array,
  H: Float64Array,
  g: Float64Array,
): number {
  const k = p + 1;
  let dev = 0;
  for (let i = 0; i < n; i++) {
    const row = i * p;
    let eta = beta[0] as number;
    for (let j = 0; j < p; j++) eta += (beta[j + 1] as number) * (X[row + j] as number);
    const mu = 1 / (1 + Math.exp(-eta));
    const w = weights ? (weights[i] as number) : 1;
    const yi = y[i] as number;
    const v = w * Math.max(mu * (1 - mu), 1e-12);
    const r = w * (yi - mu);
    dev -=
      2 * w * (yi * Math.log(Math.max(mu, 1e-300)) + (1 - yi) * Math.log(Math.max(1 - mu, 1e-300)));
    g[0] = (g[0] as number) + r;
    H[0] = (H[0] as number) + v;
    for (let a = 0; a < p; a++) {
      const xa = X[row + a] as number;
      if (xa === 0) continue;
      g[a + 1] = (g[a + 1] as number) + r * xa;
      const va = v * xa;
      H[a + 1] = (H[a + 1] as number) + va;
      for (let b = 0; b <= a; b++) {
        const idx = (a + 1) * k + (b + 1);
        H[idx] = (H[idx] as number) + va * (X[row + b] as number);
      }
    }
  }
  return dev;
}

/**
 * `densePass` for one column without weights (Platt scaling over every row): the same
 * operations in the same order with the sums held in locals, and of an outcome of 0 or 1 only
 * the log-likelihood term it selects (the other is multiplied by 0 and adds a zero: the same
 * deviance), one log per row instead of two.
 */
function oneColumnPass(
  X: Float64Array,
  y: ArrayLike<number>,
  n: number,
  beta: Float64Array,
  H: Float64Array,
  g: Float64Array,
): number {
  const b0 = beta[0] as number;
  const b1 = beta[1] as number;
  let g0 = 0;
  let g1 = 0;
  let h0 = 0;
  let h1 = 0;
  let h11 = 0;
  let dev = 0;
  for (let i = 0; i < n; i++) {
    const x = X[i] as number;
    const eta = b0 + b1 * x;
    const mu = 1 / (1 + Math.exp(-eta));
    const yi = y[i] as number;
    const v = Math.max(mu * (1 - mu), 1e-12);
    const r = yi - mu;
    dev -=
      2 *
      (yi === 1
        ? Math.log(Math.max(mu, 1e-300))
        : yi === 0
          ? Math.log(Math.max(1 - mu, 1e-300))
          : yi * Math.log(Math.max(mu, 1e-300)) + (1 - yi) * Math.log(Math.max(1 - mu, 1e-300)));
    g0 += r;
    h0 += v;
    if (x === 0) continue;
    g1 += r * x;
    const va = v * x;
    h1 += va;
    h11 += va * x;
  }
  g[0] = g0;
  g[1] = g1;
  H[0] = h0;
  H[1] = h1;
  H[3] = h11;
  return dev;
}

/**
 * The factor's buffer, kept between solves: a fit's solves are of a few hundred columns (600 KB
 * at 279), and a new buffer per solve made discovery allocate about a gigabyte outside the heap
 * on a million rows, each few dozen megabytes asking V8 for a full collection. Only the lower
 * triangle is read, each entry after this solve wrote it, so what an earlier solve left there
 * is never read.
 */
let factor = new Float64Array(0);

/** Solves A x = b for symmetric positive-definite A (k x k, row-major), jittering the diagonal if needed. */
export function choleskySolve(A: Float64Array, b: Float64Array, k: number): Float64Array {
  if (factor.length < k * k) factor = new Float64Array(k * k);
  const L = factor;
  for (let jitter = 0; jitter < 8; jitter++) {
    const extra = jitter === 0 ? 0 : 1e-10 * 10 ** jitter;
    if (choleskyFactor(A, L, k, extra)) return choleskySubstitute(L, b, k);
  }
  throw new RangeError('choleskySolve: the matrix is not positive definite');
}

/**
 * The Cholesky factor of A + extra I into L's lower triangle; false at the first pivot that is
 * not positive. Column by column: each entry is A's less the products of its row's and the
 * column's row's earlier entries, subtracted one by one in order (`rowDot`, the same value as
 * row by row), and a column's entries below the pivot depend on earlier columns only, so four
 * rows' sums run side by side, each its own chain of subtractions (one chain waits on each
 * subtraction before the next: about 1.6 times the time on 279 columns).
 */
function choleskyFactor(A: Float64Array, L: Float64Array, k: number, extra: number): boolean {
  for (let j = 0; j < k; j++) {
    const b = j * k;
    const d = rowDot(L, b, b, j, (A[b + j] as number) + extra);
    if (!(d > 0)) return false;
    const pivot = Math.sqrt(d);
    L[b + j] = pivot;
    let i = j + 1;
    for (; i + 3 < k; i += 4) {
      const a1 = i * k;
      const a2 = a1 + k;
      const a3 = a2 + k;
      const a4 = a3 + k;
      let s1 = (A[a1 + j] as number) + 0;
      let s2 = (A[a2 + j] as number) + 0;
      let s3 = (A[a3 + j] as number) + 0;
      let s4 = (A[a4 + j] as number) + 0;
      for (let m = 0; m < j; m++) {
        const x = L[b + m] as number;
        s1 -= (L[a1 + m] as number) * x;
        s2 -= (L[a2 + m] as number) * x;
        s3 -= (L[a3 + m] as number) * x;
        s4 -= (L[a4 + m] as number) * x;
      }
      L[a1 + j] = s1 / pivot;
      L[a2 + j] = s2 / pivot;
      L[a3 + j] = s3 / pivot;
      L[a4 + j] = s4 / pivot;
    }
    for (; i < k; i++) L[i * k + j] = rowDot(L, i * k, b, j, (A[i * k + j] as number) + 0) / pivot;
  }
  return true;
}

/** Solves L L' x = b by forward then back substitution, for L lower-triangular (k x k, row-major). */
export function choleskySubstitute(L: Float64Array, b: Float64Array, k: number): Float64Array {
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i] as number;
    for (let m = 0; m < i; m++) s -= (L[i * k + m] as number) * (z[m] as number);
    z[i] = s / (L[i * k + i] as number);
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let m = i + 1; m < k; m++) s -= (L[m * k + i] as number) * (x[m] as number);
    x[i] = s / (L[i * k + i] as number);
  }
  return x;
}

/**
 * `s` less L[a + m] * L[b + m] for m = 0 .. j - 1, subtracted one by one in order (the same
 * result as the plain loop), four per turn: the inner loop of every Cholesky solve.
 */
function rowDot(L: Float64Array, a: number, b: number, j: number, start: number): number {
  let s = start;
  let m = 0;
  for (; m + 3 < j; m += 4) {
    s -= (L[a + m] as number) * (L[b + m] as number);
    s -= (L[a + m + 1] as number) * (L[b + m + 1] as number);
    s -= (L[a + m + 2] as number) * (L[b + m + 2] as number);
    s -= (L[a + m + 3] as number) * (L[b + m + 3] as number);
  }
  for (; m < j; m++) s -= (L[a + m] as number) * (L[b + m] as number);
  return s;
}

/** Linear predictor (logit) of each row. */
export function predictLogit(
  fit: Pick<LogisticFit, 'intercept' | 'coef'>,
  X: Float64Array,
  n: number,
  p: number,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = fit.intercept;
    for (let j = 0; j < p; j++) eta += (fit.coef[j] as number) * (X[i * p + j] as number);
    out[i] = eta;
  }
  return out;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
