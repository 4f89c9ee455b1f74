/**
 * Penalised logistic regression on a one-hot design held as column indexes: each row has at
 * most one active column per block (an attribute's bin, an interaction's match), so a Newton
 * step costs rows x blocks^2 rather than rows x columns^2. The penalty is any symmetric
 * positive semi-definite matrix over the coefficients (ridge, differences of neighbouring bins,
 * centring); the intercept is never penalised. Rows may carry weights, so identical rows can be
 * collapsed into one weighted row.
 */
import { choleskySolve } from './logistic.js';

export interface SparseDesign {
  readonly rows: number;
  /** Coefficients besides the intercept. */
  readonly columns: number;
  /** blocks[b][i]: the active column of row i in block b, or -1 for none. */
  readonly blocks: readonly Int32Array[];
  /** Row weights (counts of collapsed rows); 1 when omitted. */
  readonly weights?: Float64Array;
}

export interface PenalizedFit {
  readonly intercept: number;
  readonly coef: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface PenalizedOptions {
  /** columns x columns, row-major: the penalty 0.5 b' P b added to the negative log-likelihood. */
  readonly penalty: Float64Array;
  readonly start?: { readonly intercept: number; readonly coef: Float64Array };
  readonly maxIter?: number;
  readonly tol?: number;
}

/**
 * Fits by Newton steps (step-halving keeps the penalised deviance falling).
 *
 * @example fitPenalizedLogistic({ rows: 3, columns: 2, blocks: [Int32Array.from([0, 1, 1])] }, y, { penalty })
 */
export function fitPenalizedLogistic(
  design: SparseDesign,
  y: ArrayLike<number>,
  options: PenalizedOptions,
): PenalizedFit {
  const { penalty, maxIter = 30, tol = 1e-7 } = options;
  const p = design.columns;
  const k = p + 1;
  const beta = new Float64Array(k);
  if (options.start) {
    beta[0] = options.start.intercept;
    beta.set(options.start.coef, 1);
  } else {
    beta[0] = baseLogit(design, y);
  }
  const H = new Float64Array(k * k);
  const g = new Float64Array(k);
  // accumulate() gives the Hessian, gradient and deviance at once: a full step is checked by
  // the next iteration's pass, so a fit costs one pass over the rows per step.
  let objective = accumulate(design, y, beta, H, g) + quadratic(penalty, beta);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter && !converged; iterations++) {
    for (let a = 0; a < p; a++) {
      let pb = 0;
      for (let b = 0; b < p; b++) {
        const v = penalty[a * p + b] as number;
        if (v === 0) continue;
        pb += v * (beta[b + 1] as number);
        H[(a + 1) * k + b + 1] = (H[(a + 1) * k + b + 1] as number) + v;
      }
      g[a + 1] = (g[a + 1] as number) - pb;
    }
    const step = choleskySolve(H, g, k);
    let next = beta.map((b, j) => b + (step[j] as number));
    // The Newton decrement g'H^-1 g is the decrease the step promises (on the deviance's
    // scale). Below the tolerance the step is taken without the pass that would only confirm
    // it: the same stopping point as measuring the decrease, one pass over the rows fewer.
    const promised = decrement(g, step);
    if (promised < tol * (Math.abs(objective - promised) + 1)) {
      beta.set(next);
      converged = true;
      iterations++;
      break;
    }
    let value = accumulate(design, y, next, H, g) + quadratic(penalty, next);
    if (value > objective + 1e-12 * Math.abs(objective)) {
      let t = 1;
      for (let halving = 0; halving < 30 && value > objective; halving++) {
        t /= 2;
        next = beta.map((b, j) => b + t * (step[j] as number));
        value = penalisedDeviance(design, y, penalty, next);
      }
      accumulate(design, y, next, H, g);
    }
    converged = Math.abs(objective - value) < tol * (Math.abs(value) + 1);
    beta.set(next);
    objective = value;
  }
  return { intercept: beta[0] as number, coef: beta.slice(1), iterations, converged };
}

/** g . step: with step = H^-1 g, the Newton decrement. */
function decrement(g: Float64Array, step: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < g.length; j++) sum += (g[j] as number) * (step[j] as number);
  return sum;
}

/** The linear predictor of every row (without the intercept when `intercept` is 0). */
export function sparseLogit(
  design: SparseDesign,
  fit: { readonly intercept: number; readonly coef: Float64Array },
): Float64Array {
  const eta = new Float64Array(design.rows).fill(fit.intercept);
  for (const block of design.blocks)
    for (let i = 0; i < design.rows; i++) {
      const c = block[i] as number;
      if (c >= 0) eta[i] = (eta[i] as number) + (fit.coef[c] as number);
    }
  return eta;
}

function baseLogit(design: SparseDesign, y: ArrayLike<number>): number {
  let pos = 0;
  let total = 0;
  for (let i = 0; i < design.rows; i++) {
    const w = design.weights ? (design.weights[i] as number) : 1;
    pos += w * (y[i] as number);
    total += w;
  }
  const r = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(total, 1e-12)));
  return Math.log(r / (1 - r));
}

/**
 * Hessian (X'WX, intercept first) and gradient X'(y - mu) of the log-likelihood at `beta`, into
 * H and g; returns the deviance (-2 log-likelihood) there.
 */
function accumulate(
  design: SparseDesign,
  y: ArrayLike<number>,
  beta: Float64Array,
  H: Float64Array,
  g: Float64Array,
): number {
  const k = design.columns + 1;
  H.fill(0);
  g.fill(0);
  const { blocks, weights } = design;
  const m = blocks.length;
  const active = new Int32Array(m);
  let deviance = 0;
  for (let i = 0; i < design.rows; i++) {
    let eta = beta[0] as number;
    let count = 0;
    for (let b = 0; b < m; b++) {
      const c = (blocks[b] as Int32Array)[i] as number;
      if (c < 0) continue;
      active[count++] = c + 1;
      eta += beta[c + 1] as number;
    }
    // exp(-eta) once for the mean and, when eta > 0, the softplus (the same values).
    const e = Math.exp(-eta);
    const mu = 1 / (1 + e);
    const w = weights ? (weights[i] as number) : 1;
    const v = w * Math.max(mu * (1 - mu), 1e-12);
    const r = w * ((y[i] as number) - mu);
    const softplus = eta > 0 ? eta + Math.log1p(e) : Math.log1p(Math.exp(eta));
    deviance += 2 * w * (softplus - (y[i] as number) * eta);
    g[0] = (g[0] as number) + r;
    H[0] = (H[0] as number) + v;
    for (let a = 0; a < count; a++) {
      const ca = active[a] as number;
      g[ca] = (g[ca] as number) + r;
      H[ca * k] = (H[ca * k] as number) + v;
      // Lower triangle only (the larger column first); mirrored below.
      for (let b = 0; b <= a; b++) {
        const cb = active[b] as number;
        const idx = ca > cb ? ca * k + cb : cb * k + ca;
        H[idx] = (H[idx] as number) + v;
      }
    }
  }
  for (let a = 0; a < k; a++) {
    H[a] = H[a * k] as number;
    for (let b = 0; b < a; b++) H[b * k + a] = H[a * k + b] as number;
  }
  return deviance;
}

/** -2 log-likelihood plus b' P b (the same scale as the Newton step above). */
function penalisedDeviance(
  design: SparseDesign,
  y: ArrayLike<number>,
  penalty: Float64Array,
  beta: Float64Array,
): number {
  const eta = sparseLogit(design, { intercept: beta[0] as number, coef: beta.subarray(1) });
  let dev = 0;
  for (let i = 0; i < design.rows; i++) {
    const e = eta[i] as number;
    const w = design.weights ? (design.weights[i] as number) : 1;
    // log(1 + exp(e)) - y e, computed without overflow.
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    dev += 2 * w * (softplus - (y[i] as number) * e);
  }
  return dev + quadratic(penalty, beta);
}

/** b' P b over the coefficients (the intercept, beta[0], is not penalised). */
function quadratic(penalty: Float64Array, beta: Float64Array): number {
  const p = beta.length - 1;
  let quad = 0;
  for (let a = 0; a < p; a++) {
    const ba = beta[a + 1] as number;
    if (ba === 0) continue;
    for (let b = 0; b < p; b++) {
      const v = penalty[a * p + b] as number;
      if (v !== 0) quad += ba * v * (beta[b + 1] as number);
    }
  }
  return quad;
}
