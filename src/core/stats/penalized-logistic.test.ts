import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { fitLogistic } from './logistic.js';
import { fitPenalizedLogistic, sparseLogit } from './penalized-logistic.js';

describe('fitPenalizedLogistic', () => {
  it('equals the dense IRLS fit on the same one-hot design with a ridge (differential)', () => {
    const r = createRandom(5);
    const n = 600;
    // Two attributes of 3 and 4 levels, one-hot: columns 0-2 and 3-6.
    const a = Int32Array.from({ length: n }, () => r.int(0, 2));
    const b = Int32Array.from({ length: n }, () => r.int(3, 6));
    const y = Uint8Array.from({ length: n }, (_, i) =>
      r.chance(0.2 + 0.2 * (a[i] === 1 ? 1 : 0) + 0.1 * ((b[i] as number) - 3)) ? 1 : 0,
    );
    const p = 7;
    const X = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      X[i * p + (a[i] as number)] = 1;
      X[i * p + (b[i] as number)] = 1;
    }
    const dense = fitLogistic(X, y, n, p, { l2: 2, tol: 1e-12 });
    const penalty = new Float64Array(p * p);
    for (let j = 0; j < p; j++) penalty[j * p + j] = 2;
    const design = { rows: n, columns: p, blocks: [a, b] };
    const sparse = fitPenalizedLogistic(design, y, { penalty, tol: 1e-12 });
    expect(sparse.converged).toBe(true);
    expect(Math.abs(sparse.intercept - dense.intercept)).toBeLessThan(1e-7);
    for (let j = 0; j < p; j++)
      expect(Math.abs((sparse.coef[j] as number) - (dense.coef[j] as number))).toBeLessThan(1e-7);
    const eta = sparseLogit(design, sparse);
    expect(eta[0]).toBeCloseTo(
      sparse.intercept +
        (sparse.coef[a[0] as number] as number) +
        (sparse.coef[b[0] as number] as number),
      12,
    );
  });

  it('stops on the Newton decrement at the optimum a tighter tolerance reaches', () => {
    const r = createRandom(11);
    const n = 2_000;
    const a = Int32Array.from({ length: n }, () => r.int(0, 4));
    const b = Int32Array.from({ length: n }, () => r.int(5, 9));
    const y = Uint8Array.from({ length: n }, (_, i) =>
      r.chance(0.1 + 0.12 * (a[i] as number) + 0.05 * ((b[i] as number) - 5)) ? 1 : 0,
    );
    const p = 10;
    const penalty = new Float64Array(p * p);
    for (let j = 0; j < p; j++) penalty[j * p + j] = 1;
    const design = { rows: n, columns: p, blocks: [a, b] };
    const loose = fitPenalizedLogistic(design, y, { penalty });
    const tight = fitPenalizedLogistic(design, y, { penalty, tol: 1e-15, maxIter: 50 });
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(tight.iterations);
    // The step taken last promised less than 1e-7 of the deviance: quadratic convergence
    // leaves the coefficients far closer than that to the optimum.
    expect(Math.abs(loose.intercept - tight.intercept)).toBeLessThan(1e-9);
    for (let j = 0; j < p; j++)
      expect(Math.abs((loose.coef[j] as number) - (tight.coef[j] as number))).toBeLessThan(1e-9);
  });

  it('stays finite on separated data and honours row weights like repeated rows', () => {
    // Column 0 is always positive, column 1 always negative: separation, kept finite by the ridge.
    const blocks = [Int32Array.from([0, 0, 1, 1])];
    const penalty = Float64Array.from([1, 0, 0, 1]);
    const y = [1, 1, 0, 0];
    const fit = fitPenalizedLogistic({ rows: 4, columns: 2, blocks }, y, { penalty });
    expect(Number.isFinite(fit.coef[0] as number) && (fit.coef[0] as number) > 0).toBe(true);
    const weighted = fitPenalizedLogistic(
      {
        rows: 2,
        columns: 2,
        blocks: [Int32Array.from([0, 1])],
        weights: Float64Array.from([2, 2]),
      },
      [1, 0],
      { penalty, tol: 1e-12 },
    );
    const repeated = fitPenalizedLogistic({ rows: 4, columns: 2, blocks }, y, {
      penalty,
      tol: 1e-12,
    });
    expect(Math.abs((weighted.coef[0] as number) - (repeated.coef[0] as number))).toBeLessThan(
      1e-8,
    );
  });
});
